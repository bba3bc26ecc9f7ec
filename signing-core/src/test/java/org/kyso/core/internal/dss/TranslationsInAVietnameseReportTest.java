package org.kyso.core.internal.dss;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.diagnostic.jaxb.XmlBasicSignature;
import eu.europa.esig.dss.diagnostic.jaxb.XmlCertificate;
import eu.europa.esig.dss.diagnostic.jaxb.XmlDiagnosticData;
import eu.europa.esig.dss.diagnostic.jaxb.XmlDigestMatcher;
import eu.europa.esig.dss.diagnostic.jaxb.XmlSignature;
import eu.europa.esig.dss.diagnostic.jaxb.XmlSigningCertificate;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.DigestMatcherType;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonCertificateSource;
import eu.europa.esig.dss.validation.CertificateValidator;
import eu.europa.esig.dss.validation.executor.signature.DefaultSignatureProcessExecutor;
import eu.europa.esig.dss.validation.reports.Reports;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.fast.DefaultPolicy;
import org.kyso.core.internal.verify.Messages;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;

/**
 * End to end from DSS's validation to kyso's Vietnamese text report: a signature whose certificate has no CRL or
 * OCSP address, checked offline with the root trusted. signing-core has no PDF or XML reader, so the signature is
 * described to DSS as diagnostic data (its certificates come from DSS's own look at the DevPki chain, with kyso's
 * certificate verifier); DSS's signature validation, kyso's {@link DssVerification#toReport} and
 * {@link ReportFormats#text} are the real ones.
 */
class TranslationsInAVietnameseReportTest {
  private static final Locale VI = ReportFormats.VIETNAMESE;

  @Test
  void aSignatureWithoutRevocationAddressesReadsInVietnameseOnly() throws Exception {
    DevPki pki = DevPki.create(); // its certificates carry no CRL or OCSP address
    DevPki.Identity signer = pki.person("Nguyễn Văn An");
    TrustAnchors trust = TrustAnchors.of(pki.root().certificate());
    Date now = new Date();

    // DSS's diagnostic data for the signer's certificate and chain, offline, as kyso's verifier sets DSS up
    CertificateVerifier cv = DssVerification.certificateVerifier(trust, false, false);
    CommonCertificateSource chain = new CommonCertificateSource();
    signer.chain().forEach(c -> chain.addCertificate(new CertificateToken(c)));
    cv.setAdjunctCertSources(chain);
    CertificateToken token = new CertificateToken(signer.certificate());
    CertificateValidator certificates = CertificateValidator.fromCertificate(token);
    certificates.setCertificateVerifier(cv);
    certificates.setValidationTime(now);
    XmlDiagnosticData diag = certificates.validate().getDiagnosticDataJaxb();
    XmlCertificate signing = diag.getUsedCertificates().stream()
        .filter(c -> c.getId().equals(token.getDSSIdAsString())).findFirst().orElseThrow();

    // an intact, cryptographically valid PAdES signature made with that certificate
    XmlSignature sig = new XmlSignature();
    sig.setId("S-TEST");
    sig.setSignatureFormat(SignatureLevel.PAdES_BASELINE_B);
    sig.setClaimedSigningTime(new Date(now.getTime() - 60_000));
    XmlSigningCertificate sc = new XmlSigningCertificate();
    sc.setCertificate(signing);
    sig.setSigningCertificate(sc);
    sig.setCertificateChain(signing.getCertificateChain());
    XmlBasicSignature basic = new XmlBasicSignature();
    PublicKey key = signer.certificate().getPublicKey();
    basic.setEncryptionAlgoUsedToSignThisToken(key instanceof RSAPublicKey ? EncryptionAlgorithm.RSA
        : EncryptionAlgorithm.ECDSA);
    basic.setKeyLengthUsedToSignThisToken(Integer.toString(key instanceof RSAPublicKey r ? r.getModulus().bitLength()
        : ((ECPublicKey) key).getParams().getOrder().bitLength()));
    basic.setDigestAlgoUsedToSignThisToken(DigestAlgorithm.SHA256);
    basic.setSignatureIntact(true);
    basic.setSignatureValid(true);
    sig.setBasicSignature(basic);
    XmlDigestMatcher digest = new XmlDigestMatcher();
    digest.setType(DigestMatcherType.MESSAGE_DIGEST);
    digest.setDigestMethod(DigestAlgorithm.SHA256);
    digest.setDigestValue(MessageDigest.getInstance("SHA-256").digest("công văn".getBytes("UTF-8")));
    digest.setDataFound(true);
    digest.setDataIntact(true);
    sig.setDigestMatchers(List.of(digest));
    diag.getSignatures().add(sig);

    DefaultSignatureProcessExecutor executor = new DefaultSignatureProcessExecutor();
    executor.setDiagnosticData(diag);
    executor.setValidationPolicy(DefaultPolicy.get());
    executor.setCurrentTime(now);
    executor.setLocale(Locale.ENGLISH); // as DssVerification asks DSS
    Reports reports = executor.execute();
    List<String> english = new ArrayList<>();
    for (Message m : reports.getSimpleReport().getAdESValidationErrors("S-TEST")) {
      english.add(m.getValue());
    }
    for (Message m : reports.getSimpleReport().getAdESValidationWarnings("S-TEST")) {
      english.add(m.getValue());
    }

    VerificationReport report = new DssVerification(trust, false, false, Clock.systemUTC())
        .toReport("cong-van.pdf", null, reports);
    SignatureResult result = report.signatures().get(0);
    assertThat(result.findings()).extracting(Finding::code).contains("dss.BBB_XCV_REVOC_PRES_ANS");
    assertThat(english).contains("The revocation info access is not present!");

    String text = ReportFormats.text(List.of(report), VI);
    assertThat(text).contains(Messages.format("dss.BBB_XCV_REVOC_PRES_ANS", List.of(), VI))
        .doesNotContain("is not present");
    for (String sentence : english) {
      assertThat(text).as("DSS's English sentence in the Vietnamese report").doesNotContain(sentence);
    }
    // the English report keeps DSS's sentences
    assertThat(ReportFormats.text(List.of(report), Locale.ENGLISH)).contains("The revocation info access is not present!");
  }
}
