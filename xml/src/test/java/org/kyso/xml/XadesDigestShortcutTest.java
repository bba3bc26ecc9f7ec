package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.Level;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.xml.internal.XadesEngine;

/**
 * kyso computes the XAdES reference digest itself (from the DOM it parsed to check the input) instead of letting DSS
 * re-parse the document and run its XPath filter. The signed document must be byte for byte the one DSS makes when it
 * computes the digest itself (RSA PKCS#1 v1.5 signatures are deterministic, the clock is fixed).
 */
class XadesDigestShortcutTest {
  private static final Instant T = Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  @TempDir static Path dir;
  static XmlFixtures fx;
  static SigningKey rsa;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new XmlFixtures(dir);
    rsa = fx.rsaKey("Lê Văn Cường");
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  /** A namespaced document with comments, a processing instruction, CDATA, xml:lang and an unused prefix. */
  private static final String TRICKY = """
      <?xml version="1.0" encoding="UTF-8"?>
      <!-- before the root -->
      <?kyso note="pi"?>
      <qd:QuyetDinh xmlns:qd="urn:kyso:qd" xmlns:unused="urn:unused" xml:lang="vi" Id="QD-1">
        <!-- a comment inside -->
        <qd:So>05/QĐ-UBND</qd:So>
        <qd:NoiDung a="1"   b='x&amp;y'><![CDATA[Điều 1. <giữ nguyên>]]> &#x110;ã ký</qd:NoiDung>
        <qd:Kem xmlns="urn:default" Id="K-1"><Muc>1</Muc></qd:Kem>
      </qd:QuyetDinh>
      """;

  private static XmlSigner.Builder signer() {
    return XmlSigner.builder(rsa).clock(Clock.fixed(T, ZoneOffset.UTC));
  }

  /** What the same settings give when DSS computes the reference digest itself (no parsed DOM handed over). */
  private static byte[] byDss(byte[] doc, XmlSigner s, String canonicalization, String parentXPath, String refId)
      throws Exception {
    return byDss(doc, s, canonicalization, parentXPath, refId, T);
  }

  private static byte[] byDss(byte[] doc, XmlSigner s, String canonicalization, String parentXPath, String refId,
      Instant t) throws Exception {
    XadesEngine engine = new XadesEngine(new XadesEngine.Settings(Level.B_B, XadesEngine.Pack.ENVELOPED,
        s.algorithm(), canonicalization, parentXPath, refId, null, TrustAnchors.none()));
    return engine.sign(doc, null, "document.xml", rsa.certificateChain(), t,
        tbs -> rsa.signDigest(s.algorithm(), s.algorithm().digest().digest(tbs)));
  }

  private static void assertVerifies(byte[] signed) throws Exception {
    var r = XmlVerifier.builder().trust(fx.trust()).build().verify(signed, "s.xml", Map.of());
    assertThat(r.signatures()).as(r.toString()).hasSize(1);
    SignatureResult s = r.signatures().get(0);
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
  }

  @Test
  void wholeDocumentReferenceIsByteIdenticalToDssOwnDigest() throws Exception {
    for (byte[] doc : new byte[][] {XmlFixtures.resource("einvoice.xml"), TRICKY.getBytes(StandardCharsets.UTF_8)}) {
      XmlSigner s = signer().build();
      byte[] ours = s.sign(doc);
      assertThat(new String(ours, StandardCharsets.UTF_8))
          .isEqualTo(new String(byDss(doc, s, Canonicalization.EXCLUSIVE.uri(), null, null), StandardCharsets.UTF_8));
      // the one reference DSS makes by default: whole document, XPath 2 subtract ds:Signature, exclusive c14n
      String xml = new String(ours, StandardCharsets.UTF_8);
      assertThat(xml).contains("URI=\"\"").contains("http://www.w3.org/2002/06/xmldsig-filter2")
          .contains("<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>");
      assertVerifies(ours);
      assertXmlsec1Verifies(ours);
    }
  }

  /** xmlsec1, another implementation: the whole-document reference (XPath 2 filter) and the SignedProperties one. */
  private static void assertXmlsec1Verifies(byte[] signed) throws Exception {
    Path xmlsec1 = ExternalTools.require("xmlsec1", "xmlsec1");
    Path f = java.nio.file.Files.createTempFile(dir, "xades", ".xml");
    java.nio.file.Files.write(f, signed);
    ExternalTools.Result r = ExternalTools.run(List.of(xmlsec1.toString(), "--verify", "--trusted-pem",
        fx.rootPem().toString(), "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", f.toString()));
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void elementReferenceIsByteIdenticalToDssOwnDigestInBothCanonicalizations() throws Exception {
    byte[] doc = TRICKY.getBytes(StandardCharsets.UTF_8);
    for (Canonicalization c : Canonicalization.values()) {
      XmlSigner s = signer().referenceId("K-1").canonicalization(c).build();
      byte[] ours = s.sign(doc);
      assertThat(new String(ours, StandardCharsets.UTF_8))
          .isEqualTo(new String(byDss(doc, s, c.uri(), null, "K-1"), StandardCharsets.UTF_8));
      assertThat(new String(ours, StandardCharsets.UTF_8)).contains("URI=\"#K-1\"");
      assertVerifies(ours);
    }
  }

  @Test
  void documentAlreadySignedLeavesTheDigestToDss() throws Exception {
    // a second signature: the XPath filter must remove the first one, kyso leaves that to DSS
    byte[] once = signer().build().sign(XmlFixtures.resource("einvoice.xml"));
    // one second later: the same signer at the same second would repeat the first signature's Ids
    Instant later = T.plusSeconds(1);
    XmlSigner s = signer().clock(Clock.fixed(later, ZoneOffset.UTC)).parentXPath("/HDon/DSCKS/NBan").build();
    byte[] twice = s.sign(once);
    assertThat(new String(twice, StandardCharsets.UTF_8))
        .isEqualTo(new String(byDss(once, s, Canonicalization.EXCLUSIVE.uri(), "/HDon/DSCKS/NBan", null, later),
            StandardCharsets.UTF_8));
    var r = XmlVerifier.builder().trust(fx.trust()).build().verify(twice, "twice.xml", Map.of());
    assertThat(r.signatures()).hasSize(2);
    assertThat(r.signatures()).allSatisfy(x -> assertThat(x.indication()).as(x.toString())
        .isEqualTo(Indication.TOTAL_PASSED));
  }

  @Test
  void idThatDssWouldResolveTwiceIsStillRefused() throws Exception {
    // wsu:Id="K-1" on another element: DSS's look-up (any namespace) sees two candidates, kyso's one; kyso leaves the
    // reference to DSS, which refuses it as before
    byte[] doc = TRICKY.replace("<qd:So>", "<qd:So xmlns:wsu=\"urn:wsu\" wsu:Id=\"K-1\">")
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> signer().referenceId("K-1").build().sign(doc)).isInstanceOf(DocumentException.class)
        .hasMessageContaining("K-1");
  }
}
