package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.DocumentException;
import org.kyso.core.Level;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;

class XadesSigningTest {
  @TempDir static Path dir;
  static XmlFixtures fx;
  static SigningKey rsa;
  static SigningKey ec;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new XmlFixtures(dir);
    rsa = fx.rsaKey("Nguyễn Văn An");
    ec = fx.ecKey("Trần Thị Bình");
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  private static SignatureResult only(VerificationReport r) {
    assertThat(r.signatures()).as(r.toString()).hasSize(1);
    return r.signatures().get(0);
  }

  @Test
  void envelopedXadesBaselineBIsTotalPassedInDss() throws Exception {
    Path in = fx.write("decision.xml", XmlFixtures.resource("einvoice.xml"));
    Path out = dir.resolve("decision.xades.xml");
    XmlSigner.builder(rsa).build().sign(in, out);

    SignatureResult s = only(Verifier.builder().formats(XmlVerification.format())
        .trust(fx.trust()).build().verify(out));
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(s.level()).isEqualTo("XAdES-BASELINE-B");
    assertThat(s.coversWholeDocument()).isTrue();
    assertThat(s.signedBy()).isEqualTo("Nguyễn Văn An");
    SignatureResult x = only(XmlVerifier.builder().trust(fx.trust()).build().verify(out));
    assertThat(x.indication()).as(x.toString()).isEqualTo(Indication.TOTAL_PASSED);
  }

  @Test
  void envelopingXadesOfAnyContentIsTotalPassedInDss() throws Exception {
    Path in = fx.write("note.txt", "Công văn số 05/UBND-VP".getBytes(StandardCharsets.UTF_8));
    Path out = dir.resolve("note.enveloping.xml");
    XmlSigner.builder(rsa).packaging(Packaging.ENVELOPING).build().sign(in, out);

    assertThat(Files.readString(out)).contains("ds:Object");
    SignatureResult s = only(Verifier.builder().formats(XmlVerification.format())
        .trust(fx.trust()).build().verify(out));
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(s.level()).isEqualTo("XAdES-BASELINE-B");
    SignatureResult x = only(XmlVerifier.builder().trust(fx.trust()).build().verify(out));
    assertThat(x.indication()).as(x.toString()).isEqualTo(Indication.TOTAL_PASSED);
  }

  @Test
  void detachedXadesIsTotalPassedWhenTheSignedFileIsGiven() throws Exception {
    byte[] content = "%PDF-1.7 not really a PDF, but any bytes can be signed detached".getBytes(StandardCharsets.UTF_8);
    Path in = fx.write("report.pdf", content);
    Path out = dir.resolve("report.pdf.xades.xml");
    XmlSigner.builder(ec).packaging(Packaging.DETACHED).build().sign(in, out);

    XmlVerifier v = XmlVerifier.builder().trust(fx.trust()).build();
    SignatureResult s = only(v.verify(out, Map.of("report.pdf", content)));
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(s.level()).isEqualTo("XAdES-BASELINE-B");

    SignatureResult without = only(v.verify(out));
    assertThat(without.indication()).isEqualTo(Indication.INDETERMINATE);
    assertThat(without.errors()).anyMatch(e -> e.contains("report.pdf") && e.contains("not found"));

    byte[] changed = content.clone();
    changed[3] ^= 1;
    SignatureResult tampered = only(v.verify(out, Map.of("report.pdf", changed)));
    assertThat(tampered.passed()).isFalse();
  }

  @Test
  void ecdsaAndPssAndSha384PresetsVerify() throws Exception {
    byte[] doc = XmlFixtures.resource("einvoice.xml");
    XmlVerifier v = XmlVerifier.builder().trust(fx.trust()).build();
    XmlSigner ecSigner = XmlSigner.builder(ec).digest(DigestAlgorithm.SHA384).build();
    assertThat(ecSigner.algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_SHA384);
    SignatureResult e = only(v.verify(ecSigner.sign(doc), "ec.xml", Map.of()));
    assertThat(e.indication()).as(e.toString()).isEqualTo(Indication.TOTAL_PASSED);

    XmlSigner pss = XmlSigner.builder(rsa).pss(true).build();
    assertThat(pss.algorithm()).isEqualTo(SignatureAlgorithm.RSA_PSS_SHA256);
    byte[] signed = pss.sign(doc);
    assertThat(new String(signed, StandardCharsets.UTF_8)).contains("sha256-rsa-MGF1");
    SignatureResult p = only(v.verify(signed, "pss.xml", Map.of()));
    assertThat(p.indication()).as(p.toString()).isEqualTo(Indication.TOTAL_PASSED);
  }

  @Test
  void twoStepSigningGivesTheSameVerifiableDocument() throws Exception {
    byte[] doc = XmlFixtures.resource("einvoice.xml");
    for (XmlSigner signer : new XmlSigner[] {XmlSigner.builder(rsa).build(),
        XmlSigner.builder(ec).profile(XmlProfile.EINVOICE).build()}) {
      PreparedSignature prepared = signer.prepare(doc);
      SigningKey key = signer.algorithm().keyType() == SignatureAlgorithm.KeyType.EC ? ec : rsa;
      byte[] value = key.signDigest(prepared.algorithm(), prepared.digest());
      byte[] signed = signer.complete(doc, prepared, value);
      SignatureResult s = only(XmlVerifier.builder().trust(fx.trust()).build().verify(signed, "two.xml", Map.of()));
      assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
      assertThat(s.claimedSigningTime()).isPresent();
      assertThat(s.claimedSigningTime().get().toInstant()).isEqualTo(prepared.signingTime());
    }
  }

  @Test
  void completeRefusesAnotherDocumentOrAWrongSignatureValue() throws Exception {
    byte[] doc = XmlFixtures.resource("einvoice.xml");
    XmlSigner signer = XmlSigner.builder(rsa).profile(XmlProfile.EINVOICE).build();
    PreparedSignature prepared = signer.prepare(doc);
    byte[] value = rsa.signDigest(prepared.algorithm(), prepared.digest());
    byte[] other = new String(doc, StandardCharsets.UTF_8).replace("10000000", "90000000")
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> signer.complete(other, prepared, value))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
    byte[] wrong = value.clone();
    wrong[10] ^= 1;
    assertThatThrownBy(() -> signer.complete(doc, prepared, wrong))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not verify");
  }

  @Test
  void signingTimeComesFromTheClock() throws Exception {
    Instant t = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    byte[] signed = XmlSigner.builder(rsa).clock(Clock.fixed(t, ZoneOffset.UTC)).build()
        .sign(XmlFixtures.resource("einvoice.xml"));
    SignatureResult s = only(XmlVerifier.builder().trust(fx.trust()).build().verify(signed, "t.xml", Map.of()));
    assertThat(s.claimedSigningTime().get().toInstant()).isEqualTo(t);
  }

  @Test
  void refusesExpiredCertificateAndWeakKeysBeforeSigning() throws Exception {
    SigningKey expired = fx.key(fx.pki.pki().issue(CertificateSpec.person("Lê Văn Cũ")
        .withValidity(Instant.now().minusSeconds(86400 * 400), Instant.now().minusSeconds(86400))), "expired.p12");
    Path in = fx.write("e.xml", XmlFixtures.resource("einvoice.xml"));
    Path out = dir.resolve("e.signed.xml");
    assertThatThrownBy(() -> XmlSigner.builder(expired).build().sign(in, out))
        .isInstanceOf(SignerCertificateException.class).hasMessageContaining("expired");
    assertThat(out).doesNotExist();

    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    var kp = g.generateKeyPair();
    var cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
        new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(
            new org.bouncycastle.asn1.x500.X500Name("CN=Weak"), java.math.BigInteger.ONE,
            java.util.Date.from(Instant.now().minusSeconds(60)), java.util.Date.from(Instant.now().plusSeconds(3600)),
            new org.bouncycastle.asn1.x500.X500Name("CN=Weak"), kp.getPublic())
            .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
    var weak = new org.kyso.core.devpki.DevPki.Identity(kp.getPrivate(), cert, java.util.List.of(cert));
    SigningKey weakKey = fx.key(weak, "weak.p12");
    assertThatThrownBy(() -> XmlSigner.builder(weakKey).build().sign(in, out))
        .isInstanceOf(SignerCertificateException.class).hasMessageContaining("1024");
    assertThat(out).doesNotExist();
  }

  @Test
  void refusesSettingsThatDoNotFitTogether() {
    assertThatThrownBy(() -> XmlSigner.builder(rsa).level(Level.B_T).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("timestamp");
    assertThatThrownBy(() -> XmlSigner.builder(rsa).profile(XmlProfile.EINVOICE).format(XmlFormat.XADES).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> XmlSigner.builder(rsa).format(XmlFormat.XMLDSIG).packaging(Packaging.DETACHED).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> XmlSigner.builder(ec).pss(true).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("PSS");
  }

  @Test
  void envelopedXadesAtAChosenElement() throws Exception {
    byte[] signed = XmlSigner.builder(rsa).parentXPath("/HDon/DSCKS/NBan").build()
        .sign(XmlFixtures.resource("einvoice.xml"));
    String xml = new String(signed, StandardCharsets.UTF_8);
    assertThat(xml).containsPattern("<NBan><ds:Signature");
    SignatureResult s = only(XmlVerifier.builder().trust(fx.trust()).build().verify(signed, "p.xml", Map.of()));
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThatThrownBy(() -> XmlSigner.builder(rsa).parentXPath("/HDon/Nothing").build()
        .sign(XmlFixtures.resource("einvoice.xml"))).isInstanceOf(DocumentException.class);
  }

  @Test
  void envelopedXadesOverOneElementById() throws Exception {
    byte[] signed = XmlSigner.builder(rsa).referenceId("DLHDon-C25TAA-123").parentXPath("/HDon/DSCKS/NBan").build()
        .sign(XmlFixtures.resource("einvoice.xml"));
    assertThat(new String(signed, StandardCharsets.UTF_8)).contains("URI=\"#DLHDon-C25TAA-123\"");
    XmlVerifier v = XmlVerifier.builder().trust(fx.trust()).build();
    SignatureResult s = only(v.verify(signed, "id.xml", Map.of()));
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(s.level()).isEqualTo("XAdES-BASELINE-B");
    assertThat(s.coversWholeDocument()).isFalse();

    byte[] tampered = new String(signed, StandardCharsets.UTF_8).replace("<SLuong>1</SLuong>", "<SLuong>2</SLuong>")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(only(v.verify(tampered, "id2.xml", Map.of())).indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThatThrownBy(() -> XmlSigner.builder(rsa).referenceId("nope").build()
        .sign(XmlFixtures.resource("einvoice.xml"))).isInstanceOf(DocumentException.class)
        .hasMessageContaining("nope");
  }
}
