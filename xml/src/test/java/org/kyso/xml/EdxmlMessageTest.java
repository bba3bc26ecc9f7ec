package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.SigningKey;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;

/**
 * edXML messages as QCVN 102:2016 defines them (root edXML, edXMLEnvelope header, attachments inline in
 * AttachmentEncoded by ContentId): build, sign, verify (a changed attachment or header field fails and is named),
 * unpack; the real samples of {@code ../shared/data/edxml-real} parse and their header fields are reported.
 */
@Timeout(120)
class EdxmlMessageTest {
  @TempDir static Path dir;
  static XmlFixtures fx;
  static SigningKey clerk;
  static final byte[] DECISION = "%PDF-1.7\n quyết định số 15 \n%%EOF\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] APPENDIX = "PK\u0003\u0004 phụ lục kèm theo".getBytes(StandardCharsets.UTF_8);

  @BeforeAll
  static void setUp() throws Exception {
    fx = new XmlFixtures(dir);
    clerk = fx.rsaKey("Văn thư UBND thành phố Đà Nẵng");
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  static byte[] message() {
    EdxmlHeader header = EdxmlHeader.builder().from("000.00.00.H17", "UBND thành phố Đà Nẵng")
        .to("000.00.11.H17", "Sở Nội vụ thành phố Đà Nẵng").to("000.00.12.H17", "Sở Tài chính thành phố Đà Nẵng")
        .code("15", "QĐ-UBND").promulgation("Đà Nẵng", LocalDate.of(2025, 7, 1)).documentType(1, "Quyết định")
        .subject("Về việc ban hành quy chế quản lý văn bản điện tử").timestamp(LocalDateTime.of(2025, 7, 1, 9, 15))
        .build();
    return EdxmlEnvelope.build(header, List.of(
        new EdxmlAttachment("cid:1", "15-QD-UBND.pdf", "application/pdf", DECISION),
        new EdxmlAttachment("cid:2", "phu-luc.zip", "application/zip", APPENDIX)));
  }

  static byte[] signed() throws Exception {
    return XmlSigner.builder(clerk).profile(XmlProfile.EDXML).build().sign(message());
  }

  @Test
  void buildsTheStandardsStructure() throws Exception {
    String xml = new String(message(), StandardCharsets.UTF_8);
    assertThat(xml).contains("<edXML xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">",
        "<edXML:edXMLEnvelope xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">", "<edXML:edXMLHeader>",
        "<edXML:CodeNumber>15</edXML:CodeNumber>", "<edXML:PromulgationDate>01/07/2025</edXML:PromulgationDate>",
        "<edXML:DocumentId>000.00.00.H17,2025/07/01,15/QĐ-UBND</edXML:DocumentId>",
        "<edXML:Timestamp>2025/07/01 09:15:00</edXML:Timestamp>", "<AttachmentEncoded><Attachment><ContentId>cid:1",
        "<edXML:ContentTransferEncoded xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">"
            + Base64.getEncoder().encodeToString(DECISION));
    assertThat(EdxmlEnvelope.inlineAttachments(message())).extracting(EdxmlAttachment::contentId)
        .containsExactly("cid:1", "cid:2");
  }

  @Test
  void signedMessageVerifiesInKysoDssAndXmlsec1WithItsHeaderInTheReport() throws Exception {
    byte[] signed = signed();
    String xml = new String(signed, StandardCharsets.UTF_8);
    assertThat(xml).contains("<edXML:edXMLHeader>", "<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"",
        "ContentId='cid:2'");
    VerificationReport r = XmlVerifier.builder().trust(fx.trust()).build().verify(signed, "qd.edxml", Map.of());
    assertThat(r.signatures()).hasSize(1);
    SignatureResult s = r.signatures().get(0);
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(r.documentFields()).containsEntry("Code", "15/QĐ-UBND")
        .containsEntry("From.OrganName", "UBND thành phố Đà Nẵng")
        .containsEntry("To.OrganName", "Sở Nội vụ thành phố Đà Nẵng; Sở Tài chính thành phố Đà Nẵng")
        .containsEntry("Subject", "Về việc ban hành quy chế quản lý văn bản điện tử")
        .containsEntry("Attachments", "cid:1 15-QD-UBND.pdf; cid:2 phu-luc.zip");
    assertThat(ReportFormats.text(List.of(r), ReportFormats.VIETNAMESE)).contains("số, ký hiệu 15/QĐ-UBND");

    Path file = fx.write("signed.edxml", signed);
    ExternalTools.Result x = ExternalTools.run(List.of(ExternalTools.require("xmlsec1", "xmlsec1").toString(),
        "--verify", "--trusted-pem", fx.rootPem().toString(), file.toString()));
    assertThat(x.exitCode()).as(x.all()).isZero();
  }

  @Test
  void aByteChangedInOneAttachmentFailsAndNamesIt() throws Exception {
    String xml = new String(signed(), StandardCharsets.UTF_8);
    byte[] changed = APPENDIX.clone();
    changed[changed.length - 1] ^= 1;
    String tampered = xml.replace(Base64.getEncoder().encodeToString(APPENDIX),
        Base64.getEncoder().encodeToString(changed));
    assertThat(tampered).isNotEqualTo(xml);
    VerificationReport r = XmlVerifier.builder().trust(fx.trust()).build()
        .verify(tampered.getBytes(StandardCharsets.UTF_8), "qd.edxml", Map.of());
    SignatureResult s = r.signatures().get(0);
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(r.verdict().exitCode()).isEqualTo(1);
    assertThat(s.findings()).filteredOn(f -> f.code().equals("xml.referenceChanged"))
        .extracting(f -> f.arguments().get(0)).containsExactly("'cid:2'");
    Path file = fx.write("tampered.edxml", tampered.getBytes(StandardCharsets.UTF_8));
    ExternalTools.Result x = ExternalTools.run(List.of(ExternalTools.require("xmlsec1", "xmlsec1").toString(),
        "--verify", "--trusted-pem", fx.rootPem().toString(), file.toString()));
    assertThat(x.exitCode()).as(x.all()).isNotZero();
  }

  @Test
  void aChangedHeaderFieldFailsAndNamesTheEnvelope() throws Exception {
    String xml = new String(signed(), StandardCharsets.UTF_8);
    String tampered = xml.replace("<edXML:CodeNumber>15<", "<edXML:CodeNumber>16<");
    VerificationReport r = XmlVerifier.builder().trust(fx.trust()).build()
        .verify(tampered.getBytes(StandardCharsets.UTF_8), "qd.edxml", Map.of());
    SignatureResult s = r.signatures().get(0);
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(s.findings()).filteredOn(f -> f.code().equals("xml.referenceChanged"))
        .extracting(f -> f.arguments().get(0)).containsExactly("'edXMLEnvelope'");
  }

  @Test
  void unpacksTheAttachmentsToAFolder() throws Exception {
    Path in = fx.write("to-unpack.edxml", signed());
    List<Path> files = EdxmlEnvelope.unpack(in, dir.resolve("out"));
    assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("15-QD-UBND.pdf", "phu-luc.zip");
    assertThat(Files.readAllBytes(files.get(0))).isEqualTo(DECISION);
    assertThat(Files.readAllBytes(files.get(1))).isEqualTo(APPENDIX);
    assertThat(EdxmlEnvelope.plainName("../../etc/passwd")).isEqualTo("passwd");
    assertThat(EdxmlEnvelope.plainName("..")).isEqualTo("attachment");
  }

  @Test
  void theRealSamplesParseReportTheirHeaderAndCanBeSigned() throws Exception {
    Path real = dir.getRoot();
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isRegularFile(root.resolve("kyso"))) {
      root = root.getParent();
    }
    Path samples = root == null ? null : root.resolveSibling("shared").resolve("data").resolve("edxml-real");
    if (samples == null || !Files.isDirectory(samples)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("../shared/data/edxml-real is missing");
      }
      Assumptions.assumeTrue(false, "../shared/data/edxml-real not found; skipped");
    }
    VerificationReport status = XmlVerifier.builder().offline(true).build()
        .verify(samples.resolve("bkav-sdk-status_processing_05.edxml"));
    // its Signature is an edXML-namespace placeholder, not an XML signature
    assertThat(status.verdict()).isEqualTo(Verdict.NO_SIGNATURE);
    assertThat(status.documentFields()).containsEntry("From.OrganName", "UBND Tỉnh Nghệ An")
        .containsEntry("StatusCode", "05").containsEntry("Timestamp", "2015/09/20 11:08:36");
    Map<String, List<String>> expected = Map.of(
        "bkav-sdk-edoc_new.edxml", List.of("2491/STC-BCTC", "Sở Tính", "30/10/2020"),
        "bkav-sdk-edoc_update.edxml", List.of("7816/VPCP-TTĐT", "Văn phòng Chính phủ", "2018/09/28"));
    for (String name : expected.keySet()) {
      byte[] bytes = Files.readAllBytes(samples.resolve(name));
      VerificationReport r = XmlVerifier.builder().offline(true).build().verify(bytes, name, Map.of());
      assertThat(r.verdict()).isEqualTo(Verdict.NO_SIGNATURE);
      assertThat(r.documentFields()).containsEntry("Code", expected.get(name).get(0))
          .containsEntry("From.OrganName", expected.get(name).get(1))
          .containsEntry("PromulgationDate", expected.get(name).get(2)).containsKey("Attachments");
      assertThat(EdxmlEnvelope.inlineAttachments(bytes)).isNotEmpty()
          .allSatisfy(a -> assertThat(a.content().length).isPositive());
      // kyso signs the real structure in place of its placeholder and verifies it
      byte[] signed = XmlSigner.builder(clerk).profile(XmlProfile.EDXML).build().sign(bytes);
      VerificationReport v = XmlVerifier.builder().trust(fx.trust()).build().verify(signed, name, Map.of());
      assertThat(v.signatures()).hasSize(1);
      assertThat(v.signatures().get(0).indication()).as(v.toString()).isEqualTo(Indication.TOTAL_PASSED);
      assertThat(new String(signed, StandardCharsets.UTF_8)).doesNotContain("<X509Certificate>MIIFqTCCBJG<");
    }
    assertThat(real).exists();
  }
}
