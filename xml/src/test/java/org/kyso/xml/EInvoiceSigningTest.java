package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.SigningKey;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.xml.internal.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class EInvoiceSigningTest {
  @TempDir static Path dir;
  static XmlFixtures fx;
  static SigningKey seller;
  static SigningKey ecSeller;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new XmlFixtures(dir);
    seller = fx.rsaKey("Công ty TNHH Đà Nẵng Xanh");
    ecSeller = fx.ecKey("Công ty Cổ phần Huế Xanh");
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  static ExternalTools.Result xmlsec1Verify(Path signed) {
    Path xmlsec1 = ExternalTools.require("xmlsec1", "xmlsec1");
    return ExternalTools.run(List.of(xmlsec1.toString(), "--verify", "--trusted-pem", fx.rootPem().toString(),
        "--id-attr:Id", "DLHDon", signed.toString()));
  }

  @Test
  void placesSignatureInsideSellerElementAndCoversInvoiceDataAndSigningTime() throws Exception {
    byte[] signed = XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build()
        .sign(XmlFixtures.resource("einvoice.xml"));

    Document doc = SecureXml.parse(signed, "signed");
    Element nban = (Element) doc.getElementsByTagName("DSCKS").item(0).getFirstChild().getNextSibling();
    assertThat(nban.getLocalName()).isEqualTo("NBan");
    Element sig = (Element) nban.getFirstChild();
    assertThat(sig.getLocalName()).isEqualTo("Signature");
    String xml = new String(signed, StandardCharsets.UTF_8);
    assertThat(xml).contains("URI=\"#DLHDon-C25TAA-123\"")
        .contains("<SignatureProperty Target=\"#" + sig.getAttribute("Id") + "\">")
        .contains("SigningTime");
    // invoice data untouched, Vietnamese text kept as is
    assertThat(xml).contains("<Ten>Công ty TNHH Đà Nẵng Xanh</Ten>");
  }

  @Test
  void invoiceSignatureVerifiesWithXmlsec1AndDss() throws Exception {
    Path in = fx.write("invoice.xml", XmlFixtures.resource("einvoice.xml"));
    Path out = dir.resolve("invoice.signed.xml");
    XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build().sign(in, out);

    ExternalTools.Result r = xmlsec1Verify(out);
    assertThat(r.exitCode()).as(r.all()).isZero();

    VerificationReport report = XmlVerifier.builder().trust(fx.trust()).build().verify(out);
    assertThat(report.format()).isEqualTo("XMLDSig");
    assertThat(report.signatures()).hasSize(1);
    SignatureResult s = report.signatures().get(0);
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(s.signedBy()).isEqualTo("Công ty TNHH Đà Nẵng Xanh");
    assertThat(s.claimedSigningTime()).isPresent();
  }

  @Test
  void ecdsaP256InvoiceSignatureVerifiesWithXmlsec1AndDss() throws Exception {
    Path in = fx.write("invoice-ec.xml", XmlFixtures.resource("einvoice.xml"));
    Path out = dir.resolve("invoice-ec.signed.xml");
    XmlSigner.builder(ecSeller).profile(XmlProfile.EINVOICE).build().sign(in, out);
    assertThat(Files.readString(out)).contains("ecdsa-sha256");

    ExternalTools.Result r = xmlsec1Verify(out);
    assertThat(r.exitCode()).as(r.all()).isZero();
    VerificationReport report = XmlVerifier.builder().trust(fx.trust()).build().verify(out);
    assertThat(report.signatures().get(0).indication()).as(report.toString()).isEqualTo(Indication.TOTAL_PASSED);
  }

  @Test
  void oneCharacterChangedInInvoiceDataFailsXmlsec1AndDss() throws Exception {
    Path in = fx.write("invoice2.xml", XmlFixtures.resource("einvoice.xml"));
    Path out = dir.resolve("invoice2.signed.xml");
    XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build().sign(in, out);
    String xml = Files.readString(out);
    Path tampered = dir.resolve("invoice2.tampered.xml");
    Files.writeString(tampered, xml.replace("<TgTTTBSo>11000000</TgTTTBSo>", "<TgTTTBSo>11000009</TgTTTBSo>"));
    assertThat(Files.readString(tampered)).isNotEqualTo(xml);

    ExternalTools.Result r = xmlsec1Verify(tampered);
    assertThat(r.exitCode()).as(r.all()).isNotZero();

    VerificationReport report = XmlVerifier.builder().trust(fx.trust()).build().verify(tampered);
    SignatureResult s = report.signatures().get(0);
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(s.subIndication()).contains("HASH_FAILURE");
    assertThat(s.errors()).anyMatch(e -> e.contains("#DLHDon-C25TAA-123") && e.contains("does not match"));

    VerificationReport common = Verifier.builder().formats(XmlVerification.format())
        .trust(fx.trust()).build().verify(tampered);
    assertThat(common.signatures().get(0).passed()).as(common.toString()).isFalse();
  }

  @Test
  void commonVerifierJudgesTheInvoiceSignatureLikeXmlVerifier() throws Exception {
    Path in = fx.write("invoice3.xml", XmlFixtures.resource("einvoice.xml"));
    Path out = dir.resolve("invoice3.signed.xml");
    XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build().sign(in, out);

    VerificationReport report = Verifier.builder().formats(XmlVerification.format())
        .trust(fx.trust()).build().verify(out);
    SignatureResult s = report.signatures().get(0);
    // with this module on the class path, the common verifier applies XmlVerifier's rules: plain XMLDSig is not
    // held to the XAdES signing-time requirement it cannot meet
    assertThat(s.indication()).as(report.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(s.errors()).isEmpty();
    assertThat(report.format()).isEqualTo("XMLDSig");
  }

  @Test
  void buyerSignsInNMuaAfterTheSellerAndBothVerify() throws Exception {
    byte[] bySeller = XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build()
        .sign(XmlFixtures.resource("einvoice.xml"));
    SigningKey buyer = fx.rsaKey("Công ty Cổ phần Số Hà Nội");
    byte[] byBoth = XmlSigner.builder(buyer).profile(XmlProfile.EINVOICE).parentXPath("/HDon/DSCKS/NMua").build()
        .sign(bySeller);
    Path out = fx.write("invoice-both.xml", byBoth);

    VerificationReport report = XmlVerifier.builder().trust(fx.trust()).build().verify(out);
    assertThat(report.signatures()).hasSize(2);
    assertThat(report.signatures()).allSatisfy(s -> assertThat(s.indication()).as(s.toString())
        .isEqualTo(Indication.TOTAL_PASSED));
    assertThat(report.signatures()).extracting(SignatureResult::signedBy)
        .containsExactly("Công ty TNHH Đà Nẵng Xanh", "Công ty Cổ phần Số Hà Nội");
    ExternalTools.Result r = xmlsec1Verify(out);
    // xmlsec1 verifies the first signature it finds (the seller's)
    assertThat(r.exitCode()).as(r.all()).isZero();
  }

  @Test
  void refusesToSignTwiceInTheSameElementAndInvoicesWithoutId() throws Exception {
    byte[] bySeller = XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build()
        .sign(XmlFixtures.resource("einvoice.xml"));
    XmlSigner einvoice = XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> einvoice.sign(bySeller))
        .isInstanceOf(org.kyso.core.DocumentException.class).hasMessageContaining("already");
    byte[] noId = new String(XmlFixtures.resource("einvoice.xml"), StandardCharsets.UTF_8)
        .replace(" Id=\"DLHDon-C25TAA-123\"", "").getBytes(StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> einvoice.sign(noId))
        .isInstanceOf(org.kyso.core.DocumentException.class).hasMessageContaining("no Id");
  }

  @Test
  void sha512ExclusiveInvoiceSignatureVerifiesWithXmlsec1AndPssWithDss() throws Exception {
    Path out = fx.write("invoice-512.xml", XmlSigner.builder(seller).profile(XmlProfile.EINVOICE)
        .digest(org.kyso.core.DigestAlgorithm.SHA512).canonicalization(Canonicalization.EXCLUSIVE).build()
        .sign(XmlFixtures.resource("einvoice.xml")));
    assertThat(Files.readString(out)).contains("rsa-sha512").contains("xml-exc-c14n");
    ExternalTools.Result r = xmlsec1Verify(out);
    assertThat(r.exitCode()).as(r.all()).isZero();

    // xmlsec1 1.2 knows no RSA-PSS signature method; DSS is the judge for PSS
    Path pss = fx.write("invoice-pss.xml", XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).pss(true).build()
        .sign(XmlFixtures.resource("einvoice.xml")));
    assertThat(Files.readString(pss)).contains("sha256-rsa-MGF1");
    SignatureResult s = XmlVerifier.builder().trust(fx.trust()).build().verify(pss).signatures().get(0);
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
  }

  @Test
  void oneSignerSignsFromManyThreads() throws Exception {
    XmlSigner einvoice = XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build();
    XmlSigner xades = XmlSigner.builder(ecSeller).build();
    XmlVerifier verifier = XmlVerifier.builder().trust(fx.trust()).build();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<VerificationReport>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        XmlSigner signer = i % 2 == 0 ? einvoice : xades;
        String doc = new String(XmlFixtures.resource("einvoice.xml"), StandardCharsets.UTF_8)
            .replace("<SHDon>123</SHDon>", "<SHDon>" + (1000 + i) + "</SHDon>");
        results.add(pool.submit(() -> verifier.verify(signer.sign(doc.getBytes(StandardCharsets.UTF_8)),
            "t.xml", java.util.Map.of())));
      }
      for (var f : results) {
        VerificationReport r = f.get();
        assertThat(r.signatures().get(0).indication()).as(r.toString()).isEqualTo(Indication.TOTAL_PASSED);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
