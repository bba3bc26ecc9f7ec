package org.kyso.xml.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.xml.XmlVerification;
import org.kyso.xml.XmlFixtures;

/**
 * What the verifier fetches in each mode: offline nothing; online the CRLs of trusted chains; issuer certificates
 * from the document's AIA addresses only when asked.
 */
class XmlFetchModesTest {
  private TestPki pki;
  private final AtomicInteger aiaHits = new AtomicInteger();

  @BeforeEach
  void setUp() {
    pki = TestPki.start();
    byte[] issuer;
    try {
      issuer = pki.pki().issuingCa().certificate().getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    pki.server().createContext("/issuer.cer", ex -> {
      aiaHits.incrementAndGet();
      ex.getResponseHeaders().add("Content-Type", "application/pkix-cert");
      ex.sendResponseHeaders(200, issuer.length);
      ex.getResponseBody().write(issuer);
      ex.close();
    });
  }

  @AfterEach
  void tearDown() {
    pki.close();
  }

  private Verifier.Builder verifier() {
    return Verifier.builder().formats(XmlVerification.format()).trust(TrustAnchors.of(pki.pki().root().certificate()));
  }

  @Test
  void issuerCertificatesAreFetchedFromDocumentAddressesOnlyWhenAsked() throws Exception {
    URI aia = pki.baseUrl().resolve("/issuer.cer");
    DevPki.Identity full = XmlFixtures.person(pki.pki(), "CN=Lê Văn Cường,C=VN", 2048, pki.baseUrl().resolve("/ca.crl"),
        aia);
    // the document carries the signer's certificate only, not its issuer
    DevPki.Identity leafOnly = new DevPki.Identity(full.privateKey(), full.certificate(), List.of(full.certificate()));
    byte[] xml = XmlFixtures.xadesInvoice(pki.pki(), leafOnly, SignatureLevel.XAdES_BASELINE_B);

    VerificationReport byDefault = verifier().build().verify(xml, "leaf-only.xml");
    assertThat(aiaHits.get()).isZero();
    assertThat(byDefault.verdict()).isEqualTo(Verdict.INDETERMINATE);
    assertThat(byDefault.signatures().get(0).subIndication()).contains("NO_CERTIFICATE_CHAIN_FOUND");

    VerificationReport fetching = verifier().fetchFromDocumentUrls(true).build().verify(xml, "leaf-only.xml");
    assertThat(aiaHits.get()).isPositive();
    assertThat(fetching.verdict()).as(fetching.toString()).isEqualTo(Verdict.TOTAL_PASSED);

    int before = aiaHits.get();
    verifier().fetchFromDocumentUrls(true).offline(true).build().verify(xml, "leaf-only.xml");
    assertThat(aiaHits.get()).isEqualTo(before);
  }

  @Test
  void offlineFetchesNothingAndOnlineFetchesTheTrustedChainsCrls() throws Exception {
    DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
    byte[] xml = XmlFixtures.xadesInvoice(pki.pki(), an, SignatureLevel.XAdES_BASELINE_B);
    int before = pki.crlRequests();
    VerificationReport offline = verifier().offline(true).build().verify(xml, "invoice.xml");
    assertThat(pki.crlRequests()).isEqualTo(before);
    assertThat(offline.verdict()).isEqualTo(Verdict.INDETERMINATE); // no revocation data in a B-B signature

    VerificationReport online = verifier().build().verify(xml, "invoice.xml");
    assertThat(pki.crlRequests()).isGreaterThan(before);
    assertThat(online.verdict()).isEqualTo(Verdict.TOTAL_PASSED);

    int afterOnline = pki.crlRequests();
    VerificationReport untrusted = Verifier.builder().formats(XmlVerification.format())
        .build().verify(xml, "invoice.xml");
    assertThat(untrusted.verdict()).isEqualTo(Verdict.INDETERMINATE);
    assertThat(pki.crlRequests()).as("no revocation fetched for an untrusted chain").isEqualTo(afterOnline);
  }
}
