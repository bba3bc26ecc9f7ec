package org.kyso.xml.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kyso.core.DocumentException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.xml.XmlVerification;
import org.kyso.xml.XmlFixtures;

/**
 * The XML part of the attack corpus: signature wrapping (the signed element moved and a forged one put in its
 * place, a duplicated Id, an extra unsigned ds:Object), altered signed values, references to outside content, and
 * legacy algorithms. Each attacked document must come out TOTAL_FAILED or INDETERMINATE with a reason naming the
 * change; the intact originals TOTAL_PASSED.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XmlAttackCorpusTest {
  private TestPki pki;
  private DevPki.Identity an;
  private Verifier verifier;
  private Path dir;
  private byte[] xades;

  @BeforeAll
  void setUp() throws Exception {
    pki = TestPki.start();
    an = pki.pki().person("Nguyễn Văn An");
    verifier = Verifier.builder().formats(XmlVerification.format())
        .trust(TrustAnchors.of(pki.pki().root().certificate())).build();
    dir = Files.createDirectories(Path.of("target", "attack-corpus", "xml"));
    xades = XmlFixtures.xadesInvoice(pki.pki(), an, SignatureLevel.XAdES_BASELINE_B);
  }

  @AfterAll
  void tearDown() {
    pki.close();
  }

  private VerificationReport verify(String name, byte[] xml) throws Exception {
    Path p = dir.resolve(name + ".xml");
    Files.write(p, xml);
    VerificationReport r = verifier.verify(p);
    Files.writeString(dir.resolve(name + ".vi.txt"), ReportFormats.text(List.of(r), ReportFormats.VIETNAMESE));
    Files.writeString(dir.resolve(name + ".en.txt"), ReportFormats.text(List.of(r), Locale.ENGLISH));
    Files.writeString(dir.resolve(name + ".json"), ReportFormats.json(List.of(r)));
    return r;
  }

  private static SignatureResult only(VerificationReport r) {
    assertThat(r.signatures()).hasSize(1);
    return r.signatures().get(0);
  }

  private static void assertRejected(VerificationReport r) {
    assertThat(r.verdict()).isIn(Verdict.TOTAL_FAILED, Verdict.INDETERMINATE);
    assertThat(r.signatures()).allSatisfy(s -> assertThat(s.indication()).isNotEqualTo(Indication.TOTAL_PASSED));
  }

  @Test
  void intactOriginalsPass() throws Exception {
    VerificationReport b = verify("intact-b", xades);
    assertThat(b.verdict()).as(b.toString()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(b.format()).isEqualTo("XAdES");
    assertThat(only(b).modificationsAfterSigning()).isEmpty();
    assertThat(only(b).coversWholeDocument()).isFalse(); // it signs the DLHDon element, not the whole file

    VerificationReport roundTrip = verify("intact-round-trip", XmlAttacks.roundTrip(xades));
    assertThat(roundTrip.verdict()).isEqualTo(Verdict.TOTAL_PASSED);

    VerificationReport lta = verify("intact-lta", XmlFixtures.xadesInvoice(pki.pki(), an,
        SignatureLevel.XAdES_BASELINE_LTA));
    assertThat(lta.verdict()).as(lta.toString()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(only(lta).level()).isEqualTo("XAdES-BASELINE-LTA");
    assertThat(only(lta).timestamps()).isNotEmpty();
  }

  @Test
  void rejectsAlteredSignedValue() throws Exception {
    VerificationReport r = verify("value-changed", XmlAttacks.changeSignedValue(xades));
    assertRejected(r);
    assertThat(only(r).indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(only(r).subIndication()).contains("HASH_FAILURE");
  }

  @Test
  void rejectsSignedElementMovedIntoTheSignature() throws Exception {
    VerificationReport r = verify("wrapping-moved-into-signature", XmlAttacks.moveSignedElementIntoSignature(xades));
    assertRejected(r);
    assertThat(only(r).modificationsAfterSigning())
        .anySatisfy(m -> assertThat(m).contains("another <DLHDon> element that is not signed"));
    assertThat(only(r).errors()).anySatisfy(e -> assertThat(e).contains("signature wrapping"));
  }

  @Test
  void rejectsSignedElementMovedElsewhere() throws Exception {
    VerificationReport r = verify("wrapping-moved-elsewhere", XmlAttacks.moveSignedElementElsewhere(xades));
    assertRejected(r);
    assertThat(only(r).modificationsAfterSigning())
        .anySatisfy(m -> assertThat(m).contains("another <DLHDon> element that is not signed"));
  }

  @Test
  void rejectsDuplicatedId() throws Exception {
    VerificationReport r = verify("wrapping-duplicate-id", XmlAttacks.duplicateId(xades));
    assertRejected(r);
    assertThat(only(r).modificationsAfterSigning())
        .anySatisfy(m -> assertThat(m).contains("2 elements carry the Id \"data\""));
  }

  @Test
  void rejectsExtraUnsignedObject() throws Exception {
    VerificationReport r = verify("wrapping-extra-object", XmlAttacks.extraUnsignedObject(xades));
    assertRejected(r);
    assertThat(only(r).modificationsAfterSigning())
        .anySatisfy(m -> assertThat(m).contains("content that is not signed (ds:Object Id=\"SigningTime2\")"));
  }

  @Test
  void verifierGivesXmlVerifiersVerdictOnEachWrappingAttack() throws Exception {
    org.kyso.xml.XmlVerifier xmlVerifier = org.kyso.xml.XmlVerifier.builder()
        .trust(TrustAnchors.of(pki.pki().root().certificate())).detachedContentsFromFolder(true).build();
    byte[] plain = XmlFixtures.xmldsigInvoice(an.privateKey(), an.chain(), false);
    for (byte[] signed : List.of(xades, plain)) {
      List<byte[]> attacks = List.of(XmlAttacks.moveSignedElementIntoSignature(signed),
          XmlAttacks.moveSignedElementElsewhere(signed), XmlAttacks.duplicateId(signed),
          XmlAttacks.changeSignedValue(signed));
      for (int i = 0; i < attacks.size(); i++) {
        Path p = dir.resolve("same-verdict-" + (signed == xades ? "xades-" : "xmldsig-") + i + ".xml");
        Files.write(p, attacks.get(i));
        VerificationReport common = verifier.verify(p);
        VerificationReport xml = xmlVerifier.verify(p);
        assertRejected(common);
        assertThat(common.verdict()).as(p.getFileName().toString()).isEqualTo(xml.verdict());
        assertThat(ReportFormats.json(List.of(common))).isEqualTo(ReportFormats.json(List.of(xml)));
      }
    }
  }

  @Test
  void neverFetchesReferencedOutsideContent() throws Exception {
    org.apache.xml.security.Init.init(); // registers Santuario's HTTP and file resolvers, as an application may
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger hits = new AtomicInteger();
    server.createContext("/", ex -> {
      hits.incrementAndGet();
      byte[] b = "<x/>".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/secret";
      for (String uri : List.of(url, "file:///etc/hostname")) {
        String doc = XmlFixtures.text(XmlFixtures.xmldsigInvoice(an.privateKey(), an.chain(), false))
            .replace("URI=\"#data\"", "URI=\"" + uri + "\"");
        // with Santuario's resolvers registered JVM-wide, the xml module's rules (which Verifier applies when the
        // module is on the class path) refuse the file outright rather than let DSS resolve the reference
        assertThatThrownBy(() -> verify("external-" + (uri.startsWith("http") ? "http" : "file"),
            XmlFixtures.bytes(doc))).isInstanceOf(DocumentException.class)
            .hasMessageContaining(uri).hasMessageContaining("never fetches");
      }
      assertThat(hits.get()).isZero();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void explainsLegacySha1EInvoice() throws Exception {
    VerificationReport r = verify("legacy-sha1-einvoice", XmlFixtures.xmldsigInvoice(an.privateKey(), an.chain(), true));
    assertRejected(r);
    SignatureResult s = only(r);
    assertThat(r.format()).isEqualTo("XMLDSig");
    // a legacy algorithm names the rule it breaks (issue 13); an error only where it is why the signature failed
    assertThat(s.errors()).anySatisfy(e -> assertThat(e).startsWith("signed with SHA-1, which ETSI TS 119 312"));
    String vi = ReportFormats.text(List.of(r), ReportFormats.VIETNAMESE);
    assertThat(vi).contains("được ký bằng SHA-1, thuật toán mà ETSI TS 119 312");
  }

  @Test
  void explainsSha1XadesSignature() throws Exception {
    VerificationReport r = verify("sha1-xades",
        XmlFixtures.xadesInvoice(pki.pki(), an, SignatureLevel.XAdES_BASELINE_B, DigestAlgorithm.SHA1));
    assertRejected(r);
    assertThat(only(r).subIndication()).hasValueSatisfying(sub -> assertThat(sub).startsWith("CRYPTO_CONSTRAINTS"));
    assertThat(only(r).errors())
        .anySatisfy(e -> assertThat(e).startsWith("signed with SHA-1, which ETSI TS 119 312"));
  }

  @Test
  void explainsShortKey() throws Exception {
    DevPki.Identity weak = XmlFixtures.shortKeyPerson(pki.pki(), pki.baseUrl().resolve("/ca.crl"));
    VerificationReport r = verify("short-key", XmlFixtures.xadesInvoice(pki.pki(), weak, SignatureLevel.XAdES_BASELINE_B));
    assertRejected(r);
    assertThat(only(r).errors()).anySatisfy(e -> assertThat(e)
        .startsWith("signed with a 1024-bit RSA key, shorter than the 2048 bits ETSI TS 119 312"));
  }

  @Test
  void unsignedXmlHasNoSignature() throws Exception {
    VerificationReport r = verify("unsigned", XmlFixtures.bytes(XmlFixtures.INVOICE));
    assertThat(r.verdict()).isEqualTo(Verdict.NO_SIGNATURE);
    assertThat(r.verdict().exitCode()).isEqualTo(3);
    assertThat(ReportFormats.json(List.of(r))).contains("\"verdict\": \"NO_SIGNATURE\"", "\"signatures\": []");
  }

  @Test
  void vietnameseReportNamesTheWrapping() throws Exception {
    VerificationReport r = verify("vi-wrapping", XmlAttacks.moveSignedElementElsewhere(xades));
    String vi = ReportFormats.text(List.of(r), ReportFormats.VIETNAMESE);
    assertThat(vi).contains("Người ký: Nguyễn Văn An", "Thay đổi sau khi ký",
        "bọc chữ ký (signature wrapping): tài liệu có thêm một phần tử <DLHDon> không được ký");
  }
}
