package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.SigningKey;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.xml.internal.SecureXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class EdxmlSigningTest {
  @TempDir static Path dir;
  static XmlFixtures fx;
  static SigningKey office;
  static final byte[] DECISION = "%PDF-1.7 Quyết định số 15/QĐ-UBND".getBytes(StandardCharsets.UTF_8);
  static final byte[] APPENDIX = "%PDF-1.7 Phụ lục I".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void setUp() throws Exception {
    fx = new XmlFixtures(dir);
    office = fx.key(fx.pki.pki().organisation("Ủy ban nhân dân thành phố Đà Nẵng"), "ubnd.p12");
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  private static XmlSigner signer() {
    return XmlSigner.builder(office).profile(XmlProfile.EDXML)
        .attachment("15-QD-UBND.pdf", DECISION)
        .attachment("cid:phu-luc-1.pdf", APPENDIX)
        .build();
  }

  private static Map<String, byte[]> attachments(byte[] decision, byte[] appendix) {
    return Map.of("15-QD-UBND.pdf", decision, "cid:phu-luc-1.pdf", appendix);
  }

  @Test
  void signatureSitsInTheHeaderAndReferencesEachAttachment() throws Exception {
    byte[] signed = signer().sign(XmlFixtures.resource("edxml-envelope.xml"));
    Document doc = SecureXml.parse(signed, "env");
    Element header = (Element) doc.getDocumentElement().getElementsByTagNameNS("*", "edXMLHeader").item(0);
    Element sig = (Element) header.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature").item(0);
    assertThat(sig).isNotNull();
    assertThat(sig.getParentNode()).isSameAs(header);
    String xml = new String(signed, StandardCharsets.UTF_8);
    assertThat(xml).contains("URI=\"\"").contains("URI=\"cid:15-QD-UBND.pdf\"").contains("URI=\"cid:phu-luc-1.pdf\"");
  }

  @Test
  void envelopeWithTwoAttachmentsVerifies() throws Exception {
    Path out = fx.write("envelope.signed.xml", signer().sign(XmlFixtures.resource("edxml-envelope.xml")));
    VerificationReport r = XmlVerifier.builder().trust(fx.trust()).build()
        .verify(out, attachments(DECISION, APPENDIX));
    SignatureResult s = r.signatures().get(0);
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(s.signedBy()).isEqualTo("Ủy ban nhân dân thành phố Đà Nẵng");
    assertThat(r.format()).isEqualTo("XMLDSig");
  }

  @Test
  void alteredAttachmentFailsAndTheReportNamesIt() throws Exception {
    Path out = fx.write("envelope2.signed.xml", signer().sign(XmlFixtures.resource("edxml-envelope.xml")));
    byte[] altered = APPENDIX.clone();
    altered[altered.length - 1] = 'V';
    VerificationReport r = XmlVerifier.builder().trust(fx.trust()).build()
        .verify(out, attachments(DECISION, altered));
    SignatureResult s = r.signatures().get(0);
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(s.subIndication()).contains("HASH_FAILURE");
    assertThat(s.errors()).anyMatch(e -> e.contains("'cid:phu-luc-1.pdf' does not match"));
    assertThat(s.errors()).noneMatch(e -> e.contains("15-QD-UBND.pdf"));
  }

  @Test
  void missingAttachmentIsIndeterminateAndNamed() throws Exception {
    Path out = fx.write("envelope3.signed.xml", signer().sign(XmlFixtures.resource("edxml-envelope.xml")));
    VerificationReport r = XmlVerifier.builder().trust(fx.trust()).build()
        .verify(out, Map.of("15-QD-UBND.pdf", DECISION));
    SignatureResult s = r.signatures().get(0);
    assertThat(s.passed()).isFalse();
    assertThat(s.errors()).anyMatch(e -> e.contains("cid:phu-luc-1.pdf") && e.contains("not found"));
  }

  @Test
  void alteredHeaderFails() throws Exception {
    String xml = new String(signer().sign(XmlFixtures.resource("edxml-envelope.xml")), StandardCharsets.UTF_8);
    byte[] tampered = xml.replace("<CodeNumber>15</CodeNumber>", "<CodeNumber>16</CodeNumber>")
        .getBytes(StandardCharsets.UTF_8);
    SignatureResult s = XmlVerifier.builder().trust(fx.trust()).build()
        .verify(tampered, "t.xml", attachments(DECISION, APPENDIX)).signatures().get(0);
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(s.errors()).anyMatch(e -> e.contains("whole document") && e.contains("does not match"));
  }

  @Test
  void xmlsec1AcceptsTheEnvelopeSignatureOverTheHeader() throws Exception {
    // xmlsec1 cannot resolve cid: URIs; it is given a signature over the header alone (no attachment)
    byte[] envelope = new String(XmlFixtures.resource("edxml-envelope.xml"), StandardCharsets.UTF_8)
        .replaceAll("(?s)<edXMLManifest>.*</edXMLManifest>", "<edXMLManifest/>").getBytes(StandardCharsets.UTF_8);
    Path out = fx.write("envelope-noatt.signed.xml",
        XmlSigner.builder(office).profile(XmlProfile.EDXML).build().sign(envelope));
    Path xmlsec1 = ExternalTools.require("xmlsec1", "xmlsec1");
    ExternalTools.Result r = ExternalTools.run(List.of(xmlsec1.toString(), "--verify", "--trusted-pem",
        fx.rootPem().toString(), out.toString()));
    assertThat(r.exitCode()).as(r.all()).isZero();
  }

  @Test
  void refusesUnlistedOrMissingAttachmentsAndNonEnvelopes() {
    assertThatThrownBy(() -> XmlSigner.builder(office).profile(XmlProfile.EDXML)
        .attachment("15-QD-UBND.pdf", DECISION).build().sign(XmlFixtures.resource("edxml-envelope.xml")))
        .isInstanceOf(DocumentException.class).hasMessageContaining("phu-luc-1.pdf");
    assertThatThrownBy(() -> XmlSigner.builder(office).profile(XmlProfile.EDXML)
        .attachment("15-QD-UBND.pdf", DECISION).attachment("phu-luc-1.pdf", APPENDIX)
        .attachment("extra.pdf", APPENDIX).build().sign(XmlFixtures.resource("edxml-envelope.xml")))
        .isInstanceOf(DocumentException.class).hasMessageContaining("extra.pdf");
    assertThatThrownBy(() -> signer().sign(XmlFixtures.resource("einvoice.xml")))
        .isInstanceOf(DocumentException.class).hasMessageContaining("edXML");
  }

  @Test
  void signedEnvelopeFileIsWrittenAtomically() throws Exception {
    Path in = fx.write("env-in.xml", XmlFixtures.resource("edxml-envelope.xml"));
    Path out = dir.resolve("env-out.xml");
    signer().sign(in, out);
    assertThat(Files.size(out)).isGreaterThan(Files.size(in));
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".part"));
    }
  }

  @Test
  void verifierCanReadAttachmentsNextToTheEnvelope() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("received"));
    Path out = Files.write(sub.resolve("envelope.xml"), signer().sign(XmlFixtures.resource("edxml-envelope.xml")));
    Files.write(sub.resolve("15-QD-UBND.pdf"), DECISION);
    Files.write(sub.resolve("phu-luc-1.pdf"), APPENDIX);
    XmlVerifier reading = XmlVerifier.builder().trust(fx.trust()).detachedContentsFromFolder(true).build();
    assertThat(reading.verify(out).signatures().get(0).indication()).isEqualTo(Indication.TOTAL_PASSED);
    SignatureResult notReading = XmlVerifier.builder().trust(fx.trust()).build().verify(out).signatures().get(0);
    assertThat(notReading.passed()).isFalse();
    Files.write(sub.resolve("phu-luc-1.pdf"), DECISION);
    SignatureResult swapped = reading.verify(out).signatures().get(0);
    assertThat(swapped.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(swapped.errors()).anyMatch(e -> e.contains("'cid:phu-luc-1.pdf' does not match"));
  }
}
