package org.kyso.pdf.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A two-page Decree 30 style decision (quyết định) of a People's Committee, made with PDFBox, with blanks left
 * after "Số:" and after "Đà Nẵng," for the clerk, and the signature block "CHỦ TỊCH ... Nguyễn Văn An" on page 2.
 */
public final class SampleLetter {
  public static final String SIGNER = "Nguyễn Văn An";

  private SampleLetter() {}

  public static byte[] create() throws IOException {
    return create(false, false);
  }

  /**
   * A draft as agencies write them: "Số:        /QĐ-UBND" and "Hoà Bình, ngày      tháng      năm 2026" with
   * blanks (spaces, or dots) left for the clerk.
   */
  public static byte[] createDraft() throws IOException {
    return create(false, true);
  }

  /**
   * The same letter as PDF/A-2b: embedded fonts, an sRGB output intent, XMP metadata naming the conformance,
   * and a file identifier.
   */
  public static byte[] createPdfA() throws IOException {
    return create(true, false);
  }

  private static byte[] create(boolean pdfa, boolean draft) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      if (pdfa) {
        makePdfA(doc);
      }
      PDType0Font regular = font(doc, "LiberationSerif-Regular.ttf");
      PDType0Font bold = font(doc, "LiberationSerif-Bold.ttf");
      PDType0Font italic = font(doc, "LiberationSerif-Italic.ttf");
      PDPage p1 = new PDPage(PDRectangle.A4);
      doc.addPage(p1);
      try (PDPageContentStream cs = new PDPageContentStream(doc, p1)) {
        centred(cs, regular, 13, 155, 780, "ỦY BAN NHÂN DÂN");
        centred(cs, bold, 13, 155, 764, "THÀNH PHỐ ĐÀ NẴNG");
        centred(cs, bold, 12, 410, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        centred(cs, bold, 13, 410, 764, "Độc lập - Tự do - Hạnh phúc");
        if (draft) {
          text(cs, regular, 13, 95, 730, "Số:           /QĐ-UBND");
          text(cs, italic, 13, 280, 730, "Hoà Bình, ngày ....... tháng ....... năm 2026");
        } else {
          text(cs, regular, 13, 95, 730, "Số:");
          text(cs, italic, 13, 300, 730, "Đà Nẵng,");
        }
        centred(cs, bold, 14, 297, 660, "QUYẾT ĐỊNH");
        centred(cs, bold, 14, 297, 642, "Về việc phê duyệt kế hoạch chuyển đổi số năm 2025");
        centred(cs, bold, 14, 297, 612, "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG");
        float y = 585;
        for (String l : List.of(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 về công tác văn thư;",
            "Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông.")) {
          text(cs, italic, 13, 85, y, l);
          y -= 20;
        }
        centred(cs, bold, 14, 297, y - 10, "QUYẾT ĐỊNH:");
        y -= 45;
        for (int i = 1; i <= 12; i++) {
          text(cs, regular, 13, 85, y, "Điều " + i + ". Nội dung điều " + i + " của quyết định, viết bằng tiếng Việt có dấu.");
          y -= 20;
        }
      }
      PDPage p2 = new PDPage(PDRectangle.A4);
      doc.addPage(p2);
      try (PDPageContentStream cs = new PDPageContentStream(doc, p2)) {
        float y = 780;
        for (int i = 13; i <= 16; i++) {
          text(cs, regular, 13, 85, y, "Điều " + i + ". Quyết định này có hiệu lực kể từ ngày ký.");
          y -= 20;
        }
        text(cs, bold, 12, 85, 660, "Nơi nhận:");
        text(cs, regular, 11, 85, 646, "- Như Điều 16;");
        text(cs, regular, 11, 85, 633, "- Lưu: VT.");
        centred(cs, bold, 13, 430, 660, "TM. ỦY BAN NHÂN DÂN");
        centred(cs, bold, 13, 430, 644, "CHỦ TỊCH");
        centred(cs, bold, 13, 430, 560, SIGNER);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static void makePdfA(PDDocument doc) throws IOException {
    String xmp = "<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        + "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
        + "   <pdfaid:part>2</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>\n"
        + "  </rdf:Description>\n"
        + " </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    org.apache.pdfbox.pdmodel.common.PDMetadata meta = new org.apache.pdfbox.pdmodel.common.PDMetadata(doc);
    meta.importXMPMetadata(xmp.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    doc.getDocumentCatalog().setMetadata(meta);
    byte[] icc = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData();
    org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent intent =
        new org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent(doc, new java.io.ByteArrayInputStream(icc));
    intent.setInfo("sRGB IEC61966-2.1");
    intent.setOutputCondition("sRGB IEC61966-2.1");
    intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
    intent.setRegistryName("http://www.color.org");
    doc.getDocumentCatalog().addOutputIntent(intent);
    org.apache.pdfbox.cos.COSArray id = new org.apache.pdfbox.cos.COSArray();
    byte[] idBytes = "kyso sample PDFA".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    id.add(new org.apache.pdfbox.cos.COSString(idBytes));
    id.add(new org.apache.pdfbox.cos.COSString(idBytes));
    doc.getDocument().getTrailer().setItem(org.apache.pdfbox.cos.COSName.ID, id);
  }

  static PDType0Font font(PDDocument doc, String name) throws IOException {
    try (InputStream in = SampleLetter.class.getResourceAsStream("/org/kyso/pdf/fonts/" + name)) {
      return PDType0Font.load(doc, in, true);
    }
  }

  private static void text(PDPageContentStream cs, PDType0Font f, float size, float x, float y, String s)
      throws IOException {
    cs.beginText();
    cs.setFont(f, size);
    cs.newLineAtOffset(x, y);
    cs.showText(s);
    cs.endText();
  }

  private static void centred(PDPageContentStream cs, PDType0Font f, float size, float cx, float y, String s)
      throws IOException {
    float w = f.getStringWidth(s) / 1000 * size;
    text(cs, f, size, cx - w / 2, y, s);
  }
}
