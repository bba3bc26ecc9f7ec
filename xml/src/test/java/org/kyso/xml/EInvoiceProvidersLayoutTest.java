package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.SigningKey;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The e-invoice profile signs the way providers write and receivers read (seller, then buyer): an unprefixed
 * Signature filling the template's empty {@code <Signature/>}, KeyInfo with X509SubjectName and the certificate, the
 * SigningTime Object in the providers' form; xmlsec1, DSS and kyso verify it, and the receivers' expressions read
 * the signer's name and the signing time back.
 */
@Timeout(120)
class EInvoiceProvidersLayoutTest {
  @TempDir static Path dir;
  static XmlFixtures fx;
  static SigningKey seller;
  static SigningKey buyer;

  /** The official template shape: empty Signature placeholders in NBan and NMua. */
  static byte[] template() {
    String xml = new String(XmlFixtures.resource("einvoice.xml"), StandardCharsets.UTF_8)
        .replace("<NBan/>\n    <NMua/>", "<NBan>\n      <Signature/>\n    </NBan>\n    <NMua>\n      <Signature></Signature>\n    </NMua>");
    assertThat(xml).contains("<Signature/>");
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  @BeforeAll
  static void setUp() throws Exception {
    fx = new XmlFixtures(dir);
    seller = fx.rsaKey("Công ty TNHH Đà Nẵng Xanh");
    buyer = fx.rsaKey("Công ty Cổ phần Số Hà Nội");
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  @Test
  void sellerThenBuyerInTheProvidersLayoutVerifyEverywhereAndReadBack() throws Exception {
    Instant sellerTime = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
        .format(sellerTime.atOffset(ZoneOffset.ofHours(7)));
    byte[] bySeller = XmlSigner.builder(seller).profile(XmlProfile.EINVOICE)
        .clock(java.time.Clock.fixed(sellerTime, ZoneOffset.UTC)).build().sign(template());
    byte[] byBoth = XmlSigner.builder(buyer).profile(XmlProfile.EINVOICE).buyer(true).build().sign(bySeller);
    String xml = new String(byBoth, StandardCharsets.UTF_8);

    // the providers' layout, placeholders filled rather than kept beside
    assertThat(xml).containsPattern("<NBan>\\s*<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"NBan-")
        .containsPattern("<NMua>\\s*<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"NMua-")
        .doesNotContain("ds:").doesNotContain("<Signature/>").doesNotContain("<Signature></Signature>")
        .contains("<SignatureProperties xmlns=\"\"><SignatureProperty Target=\"#NBan-")
        .contains("<SigningTime>" + local + "</SigningTime>")
        .contains("<Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></Transforms>")
        .contains("<X509SubjectName>");
    assertThat(xml.split("<Signature ", -1)).hasSize(3);

    // xmlsec1, each signature with the key of its certificate and the test root
    Path out = fx.write("both.xml", byBoth);
    for (String slot : List.of("NBan", "NMua")) {
      String id = xml.replaceAll("(?s).*<" + slot + ">\\s*<Signature [^>]*Id=\"([^\"]+)\".*", "$1");
      ExternalTools.Result r = ExternalTools.run(List.of(ExternalTools.require("xmlsec1", "xmlsec1").toString(),
          "--verify", "--trusted-pem", fx.rootPem().toString(), "--id-attr:Id", "DLHDon", "--id-attr:Id",
          "http://www.w3.org/2000/09/xmldsig#:Signature", "--node-id", id,
          out.toString()));
      assertThat(r.exitCode()).as(slot + ": " + r.all()).isZero();
    }

    // DSS through kyso: both pass, the seller's time as written, roles named
    VerificationReport report = XmlVerifier.builder().trust(fx.trust()).build().verify(out);
    assertThat(report.signatures()).hasSize(2).allSatisfy(s -> assertThat(s.indication()).as(s.toString())
        .isEqualTo(Indication.TOTAL_PASSED));
    SignatureResult first = report.signatures().get(0);
    assertThat(first.claimedSigningTime()).hasValueSatisfying(t -> assertThat(t.toInstant()).isEqualTo(sellerTime));
    assertThat(report.role(first)).contains("seller");
    assertThat(report.role(report.signatures().get(1))).contains("buyer");

    // DSS on its own (its default policy, no kyso rule): both signatures found, intact, valid, signer identified
    var validator = eu.europa.esig.dss.validation.SignedDocumentValidator
        .fromDocument(new eu.europa.esig.dss.model.InMemoryDocument(byBoth));
    validator.setCertificateVerifier(new eu.europa.esig.dss.spi.validation.CommonCertificateVerifier());
    var diagnostic = validator.validateDocument().getDiagnosticData();
    assertThat(diagnostic.getSignatures()).hasSize(2).allSatisfy(w -> {
      assertThat(w.isSignatureIntact()).isTrue();
      assertThat(w.isSignatureValid()).isTrue();
      assertThat(w.getSigningCertificate()).isNotNull();
      assertThat(w.getDigestMatchers()).allSatisfy(m -> assertThat(m.isDataIntact()).isTrue());
    });

    // what receivers' code does: names without namespaces
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document plain = f.newDocumentBuilder().parse(new ByteArrayInputStream(byBoth));
    var xpath = XPathFactory.newInstance().newXPath();
    NodeList times = (NodeList) xpath.evaluate("descendant::SigningTime", plain, XPathConstants.NODESET);
    assertThat(times.getLength()).isEqualTo(2);
    assertThat(LocalDateTime.parse(times.item(0).getTextContent()).atOffset(ZoneOffset.ofHours(7)).toInstant())
        .isEqualTo(sellerTime);
    String sellerName = xpath.evaluate("/HDon/DSCKS/NBan/Signature/KeyInfo/X509Data/X509SubjectName", plain);
    assertThat(sellerName).contains("CN=Công ty TNHH Đà Nẵng Xanh");
    String buyerName = xpath.evaluate("//NMua/Signature/KeyInfo/X509Data/X509SubjectName", plain);
    assertThat(buyerName).contains("CN=Công ty Cổ phần Số Hà Nội");
  }

  @Test
  void aDigitChangedAfterBothSignedFailsBoth() throws Exception {
    byte[] bySeller = XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build().sign(template());
    byte[] byBoth = XmlSigner.builder(buyer).profile(XmlProfile.EINVOICE).buyer(true).build().sign(bySeller);
    byte[] changed = new String(byBoth, StandardCharsets.UTF_8).replace("<TgTTTBSo>11000000", "<TgTTTBSo>11000001")
        .getBytes(StandardCharsets.UTF_8);
    VerificationReport report = XmlVerifier.builder().trust(fx.trust()).build().verify(changed, "x.xml", Map.of());
    assertThat(report.signatures()).hasSize(2).allSatisfy(s -> {
      assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
      assertThat(s.errors()).anyMatch(e -> e.contains("#DLHDon-C25TAA-123"));
    });
  }
}
