package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.SigningKey;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;

/** The named profiles for a taxpayer's document in a tax message (TDiep) and for minutes (BBan). */
@Timeout(120)
class TaxProfilesTest {
  @TempDir static Path dir;
  static XmlFixtures fx;
  static SigningKey seller;
  static SigningKey buyer;

  static final String TKHAI = """
      <?xml version="1.0" encoding="UTF-8"?>
      <TDiep><TTChung><PBan>2.1.0</PBan><MNGui>V0401234567</MNGui><MNNhan>TCT</MNNhan><MLTDiep>100</MLTDiep>\
      <MTDiep>V0401234567ABC</MTDiep><MST>0401234567</MST><SLuong>1</SLuong></TTChung>
      <DLieu><TKhai><DLTKhai Id="Id-TKhai-1"><TTChung><MSo>01/ĐKTĐ-HĐĐT</MSo><Ten>Tờ khai đăng ký</Ten>\
      <MST>0401234567</MST></TTChung></DLTKhai><DSCKS><NNT><Signature/></NNT></DSCKS></TKhai></DLieu></TDiep>
      """;

  static final String BBAN = """
      <?xml version="1.0" encoding="UTF-8"?>
      <BBan><DLBBan Id="BB-01"><Ten>Biên bản điều chỉnh hóa đơn</Ten><KHHDon>C25TAA</KHHDon><SHDon>123</SHDon>\
      <LDo>Sai đơn giá</LDo></DLBBan><DSCKS><NBan/><NMua/></DSCKS></BBan>
      """;

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

  private static void xmlsec1(Path file, String signatureId) {
    ExternalTools.Result r = ExternalTools.run(List.of(ExternalTools.require("xmlsec1", "xmlsec1").toString(),
        "--verify", "--trusted-pem", fx.rootPem().toString(), "--id-attr:Id", "DLTKhai", "--id-attr:Id", "DLBBan",
        "--id-attr:Id", "http://www.w3.org/2000/09/xmldsig#:Signature", "--node-id", signatureId, file.toString()));
    assertThat(r.exitCode()).as(r.all()).isZero();
  }

  @Test
  void aTaxpayersDeclarationInATaxMessageIsSignedInNnt() throws Exception {
    byte[] signed = XmlSigner.builder(seller).profile(XmlProfile.TDIEP).build()
        .sign(TKHAI.getBytes(StandardCharsets.UTF_8));
    String xml = new String(signed, StandardCharsets.UTF_8);
    assertThat(xml).contains("<DSCKS><NNT><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"NNT-")
        .contains("URI=\"#Id-TKhai-1\"").doesNotContain("<Signature/>");
    VerificationReport r = XmlVerifier.builder().trust(fx.trust()).build().verify(signed, "tkhai.xml", Map.of());
    SignatureResult s = r.signatures().get(0);
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(r.role(s)).contains("taxpayer");
    assertThat(r.documentFields()).containsEntry("MLTDiep", "100");
    xmlsec1(fx.write("tkhai.xml", signed), xml.replaceAll("(?s).*<NNT><Signature [^>]*Id=\"([^\"]+)\".*", "$1"));
    assertThatThrownBy(() -> XmlSigner.builder(seller).profile(XmlProfile.TDIEP).build()
        .sign(BBAN.getBytes(StandardCharsets.UTF_8))).isInstanceOf(DocumentException.class)
        .hasMessageContaining("not a tax message");
  }

  @Test
  void minutesAreSignedBySellerThenBuyer() throws Exception {
    byte[] bySeller = XmlSigner.builder(seller).profile(XmlProfile.BBAN).build()
        .sign(BBAN.getBytes(StandardCharsets.UTF_8));
    byte[] byBoth = XmlSigner.builder(buyer).profile(XmlProfile.BBAN).buyer(true).build().sign(bySeller);
    String xml = new String(byBoth, StandardCharsets.UTF_8);
    assertThat(xml).contains("<NBan><Signature xmlns=", "<NMua><Signature xmlns=");
    VerificationReport r = XmlVerifier.builder().trust(fx.trust()).build().verify(byBoth, "bban.xml", Map.of());
    assertThat(r.signatures()).hasSize(2).allSatisfy(s -> assertThat(s.indication()).as(s.toString())
        .isEqualTo(Indication.TOTAL_PASSED));
    assertThat(r.signatures()).extracting(s -> r.role(s).orElse("?")).containsExactly("seller", "buyer");
    Path file = fx.write("bban.xml", byBoth);
    for (String slot : List.of("NBan", "NMua")) {
      xmlsec1(file, xml.replaceAll("(?s).*<" + slot + "><Signature [^>]*Id=\"([^\"]+)\".*", "$1"));
    }
    // signing the same place twice is refused
    assertThatThrownBy(() -> XmlSigner.builder(seller).profile(XmlProfile.BBAN).build().sign(bySeller))
        .isInstanceOf(DocumentException.class).hasMessageContaining("already");
  }
}
