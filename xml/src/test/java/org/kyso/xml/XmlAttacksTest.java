package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.KysoException;
import org.kyso.core.SigningKey;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.xml.internal.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Hostile XML: entity tricks, non-XML input, signature wrapping, remote references, processing limits. */
@Timeout(120)
class XmlAttacksTest {
  static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
  @TempDir static Path dir;
  static XmlFixtures fx;
  static SigningKey seller;
  static byte[] signedInvoice;
  static final AtomicInteger fetches = new AtomicInteger();

  @BeforeAll
  static void setUp() throws Exception {
    fx = new XmlFixtures(dir);
    seller = fx.rsaKey("Công ty TNHH Đà Nẵng Xanh");
    signedInvoice = XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build()
        .sign(XmlFixtures.resource("einvoice.xml"));
    fx.pki.server().createContext("/secret", ex -> {
      fetches.incrementAndGet();
      byte[] b = "<DLHDon>secret</DLHDon>".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    });
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  private static XmlVerifier verifier() {
    return XmlVerifier.builder().trust(fx.trust()).build();
  }

  private static SignatureResult verifyOne(byte[] xml) throws KysoException {
    VerificationReport r = verifier().verify(xml, "attack.xml", Map.of());
    assertThat(r.signatures()).hasSize(1);
    return r.signatures().get(0);
  }

  /** Errors and modifications: kyso reports wrapping in either, depending on which check found it first. */
  private static java.util.List<String> reasons(SignatureResult s) {
    java.util.List<String> all = new java.util.ArrayList<>(s.errors());
    all.addAll(s.modificationsAfterSigning());
    return all;
  }

  private static Element signature(Document doc) {
    return (Element) doc.getElementsByTagNameNS(DSIG, "Signature").item(0);
  }

  private static Element invoiceData(Document doc) {
    return (Element) doc.getElementsByTagName("DLHDon").item(0);
  }

  // ---- entities, DTDs, non-XML ----

  private String xxe() {
    return "<?xml version=\"1.0\"?>\n<!DOCTYPE HDon [<!ENTITY x SYSTEM \"" + fx.pki.baseUrl()
        + "/secret\"><!ENTITY f SYSTEM \"file:///etc/hostname\">]>\n<HDon><DLHDon Id=\"d\">&x;&f;</DLHDon></HDon>";
  }

  private static String billionLaughs() {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    b.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for (int i = 2; i <= 9; i++) {
      b.append("<!ENTITY lol").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        b.append("&lol").append(i - 1).append(';');
      }
      b.append("\">\n");
    }
    return b.append("]>\n<HDon><DLHDon Id=\"d\">&lol9;</DLHDon></HDon>").toString();
  }

  @Test
  void externalEntityIsRefusedWithoutFetchingAnything() throws Exception {
    byte[] xml = xxe().getBytes(StandardCharsets.UTF_8);
    int before = fetches.get();
    assertThatThrownBy(() -> XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build().sign(xml))
        .isInstanceOf(DocumentException.class).hasMessageContaining("DTD");
    assertThatThrownBy(() -> verifier().verify(xml, "xxe.xml", Map.of()))
        .isInstanceOf(DocumentException.class).hasMessageContaining("DTD");
    Path file = fx.write("xxe.xml", xml);
    Path out = dir.resolve("xxe.signed.xml");
    assertThatThrownBy(() -> XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build().sign(file, out))
        .isInstanceOf(DocumentException.class);
    assertThat(out).doesNotExist();
    assertThat(fetches.get()).isEqualTo(before);
  }

  @Test
  void commonVerifierAlsoRefusesAnExternalEntityWithoutFetching() throws Exception {
    int before = fetches.get();
    Path file = fx.write("xxe2.xml", xxe().getBytes(StandardCharsets.UTF_8));
    try {
      VerificationReport r = Verifier.builder().formats(XmlVerification.format())
          .trust(fx.trust()).build().verify(file);
      assertThat(r.signatures()).isEmpty();
    } catch (DocumentException expected) {
      // refusing the file outright is as good
    }
    assertThat(fetches.get()).isEqualTo(before);
  }

  @Test
  void entityExpansionBombIsRefused() {
    byte[] xml = billionLaughs().getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> XmlSigner.builder(seller).format(XmlFormat.XMLDSIG).build().sign(xml))
        .isInstanceOf(DocumentException.class).hasMessageContaining("DTD");
    assertThatThrownBy(() -> XmlSigner.builder(seller).build().sign(xml))
        .isInstanceOf(DocumentException.class).hasMessageContaining("DTD");
    assertThatThrownBy(() -> verifier().verify(xml, "bomb.xml", Map.of()))
        .isInstanceOf(DocumentException.class).hasMessageContaining("DTD");
  }

  @Test
  void documentsThatAreNotXmlAreRefused() {
    byte[] pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.US_ASCII);
    byte[] binary = new byte[256];
    new java.util.Random(7).nextBytes(binary);
    for (byte[] bad : new byte[][] {pdf, binary, new byte[0], "<HDon><DLHDon>".getBytes(StandardCharsets.UTF_8)}) {
      assertThatThrownBy(() -> XmlSigner.builder(seller).profile(XmlProfile.EINVOICE).build().sign(bad))
          .isInstanceOf(DocumentException.class);
      assertThatThrownBy(() -> XmlSigner.builder(seller).build().sign(bad))
          .isInstanceOf(DocumentException.class);
      assertThatThrownBy(() -> verifier().verify(bad, "bad.xml", Map.of()))
          .isInstanceOf(DocumentException.class);
    }
  }

  @Test
  void deeplyNestedDocumentIsRefused() {
    String deep = "<a>".repeat(20_000) + "</a>".repeat(20_000);
    byte[] xml = deep.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> XmlSigner.builder(seller).format(XmlFormat.XMLDSIG).build().sign(xml))
        .isInstanceOf(DocumentException.class).hasMessageContaining("deeper");
    assertThatThrownBy(() -> verifier().verify(xml, "deep.xml", Map.of()))
        .isInstanceOf(DocumentException.class).hasMessageContaining("deeper");
  }

  // ---- signature wrapping ----

  @Test
  void intactInvoiceIsTotalPassed() throws Exception {
    assertThat(verifyOne(signedInvoice).indication()).isEqualTo(Indication.TOTAL_PASSED);
  }

  @Test
  void duplicatedIdIsDetected() throws Exception {
    Document doc = SecureXml.parse(signedInvoice, "s");
    Element original = invoiceData(doc);
    Element fake = (Element) original.cloneNode(true);
    fake.getElementsByTagName("TgTTTBSo").item(0).setTextContent("1100");
    original.getParentNode().insertBefore(fake, original);

    SignatureResult s = verifyOne(SecureXml.write(doc));
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(reasons(s)).anyMatch(e -> e.contains("DLHDon-C25TAA-123")
        && (e.contains("occurs 2 times") || e.contains("2 elements carry")));
  }

  @Test
  void signedInvoiceDataMovedElsewhereIsDetected() throws Exception {
    // the signed DLHDon is hidden under CCKSKhac; a forged DLHDon without Id takes its place
    Document doc = SecureXml.parse(signedInvoice, "s");
    Element original = invoiceData(doc);
    Element forged = (Element) original.cloneNode(true);
    forged.removeAttribute("Id");
    forged.getElementsByTagName("TgTTTBSo").item(0).setTextContent("1100");
    Node invoice = original.getParentNode();
    invoice.replaceChild(forged, original);
    doc.getElementsByTagName("CCKSKhac").item(0).appendChild(original);

    byte[] attack = SecureXml.write(doc);
    SignatureResult s = verifyOne(attack);
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(s.errors()).anyMatch(e -> e.contains("does not cover this invoice's data DLHDon"));
    // DSS alone still finds the moved element intact: the layout check is what catches it
    assertThat(s.errors()).noneMatch(e -> e.contains("does not match"));
  }

  @Test
  void signedInvoiceDataMovedIntoTheSignatureIsDetected() throws Exception {
    Document doc = SecureXml.parse(signedInvoice, "s");
    Element original = invoiceData(doc);
    Element forged = (Element) original.cloneNode(true);
    forged.removeAttribute("Id");
    forged.getElementsByTagName("TgTTTBSo").item(0).setTextContent("1100");
    Element sig = signature(doc);
    original.getParentNode().replaceChild(forged, original);
    Element object = doc.createElementNS(DSIG, "ds:Object");
    object.appendChild(original);
    sig.appendChild(object);

    SignatureResult s = verifyOne(SecureXml.write(doc));
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(s.errors()).anyMatch(e -> e.contains("inside the signature's own Object"));
  }

  @Test
  void extraUnsignedObjectIsDetected() throws Exception {
    Document doc = SecureXml.parse(signedInvoice, "s");
    Element object = doc.createElementNS(DSIG, "ds:Object");
    object.setAttribute("Id", "Lie");
    Element props = doc.createElementNS(DSIG, "ds:SignatureProperties");
    Element time = doc.createElementNS("http://example.org/#signatureProperties", "SigningTime");
    time.setTextContent("2020-01-01T00:00:00+07:00");
    props.appendChild(time);
    object.appendChild(props);
    signature(doc).appendChild(object);

    SignatureResult s = verifyOne(SecureXml.write(doc));
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(reasons(s)).anyMatch(e -> e.contains("Lie") && e.contains("not signed"));
  }

  @Test
  void secondInvoiceDataInTheSameInvoiceIsDetected() throws Exception {
    Document doc = SecureXml.parse(signedInvoice, "s");
    Element original = invoiceData(doc);
    Element forged = (Element) original.cloneNode(true);
    forged.removeAttribute("Id");
    original.getParentNode().insertBefore(forged, original.getNextSibling());

    SignatureResult s = verifyOne(SecureXml.write(doc));
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(s.errors()).anyMatch(e -> e.contains("2 DLHDon elements"));
  }

  // ---- remote references, limits ----

  @Test
  void remoteAndFileReferencesAreNeverFetched() throws Exception {
    String xml = new String(signedInvoice, StandardCharsets.UTF_8);
    int before = fetches.get();
    for (String uri : new String[] {fx.pki.baseUrl() + "/secret", "file:///etc/hostname"}) {
      byte[] attack = xml.replace("URI=\"#DLHDon-C25TAA-123\"", "URI=\"" + uri + "\"")
          .getBytes(StandardCharsets.UTF_8);
      // refused either way, never fetched: reported as an error, or (when something in this JVM initialised
      // Santuario with its default URL and file resolvers, as other test classes do) refused outright
      try {
        SignatureResult s = verifyOne(attack);
        assertThat(s.passed()).isFalse();
        assertThat(s.errors()).anyMatch(e -> e.contains(uri) && e.contains("never fetches"));
      } catch (org.kyso.core.DocumentException e) {
        assertThat(e).hasMessageContaining(uri).hasMessageContaining("never fetches");
      }
      Path file = fx.write("remote.xml", attack);
      try {
        VerificationReport common = Verifier.builder().formats(XmlVerification.format())
            .trust(fx.trust()).build().verify(file);
        assertThat(common.signatures().get(0).passed()).isFalse();
      } catch (org.kyso.core.DocumentException e) {
        assertThat(e).hasMessageContaining("never fetches");
      }
    }
    assertThat(fetches.get()).isEqualTo(before);
  }

  @Test
  void tooManyReferencesOrAnXsltTransformAreRefused() throws Exception {
    Document doc = SecureXml.parse(signedInvoice, "s");
    Element signedInfo = (Element) doc.getElementsByTagNameNS(DSIG, "SignedInfo").item(0);
    Element ref = (Element) doc.getElementsByTagNameNS(DSIG, "Reference").item(0);
    for (int i = 0; i < 40; i++) {
      signedInfo.appendChild(ref.cloneNode(true));
    }
    byte[] many = SecureXml.write(doc);
    assertThatThrownBy(() -> verifier().verify(many, "many.xml", Map.of()))
        .isInstanceOf(DocumentException.class).hasMessageContaining("references");

    // the e-invoice layout has the providers' enveloped-signature transform (issue 13); an XSLT one in its place
    String xslt = new String(signedInvoice, StandardCharsets.UTF_8).replaceFirst(
        "<Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
        "<Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"/>");
    assertThat(xslt).contains("REC-xslt-19991116");
    assertThatThrownBy(() -> verifier().verify(xslt.getBytes(StandardCharsets.UTF_8), "xslt.xml", Map.of()))
        .isInstanceOf(DocumentException.class).hasMessageContaining("XSLT");
  }
}
