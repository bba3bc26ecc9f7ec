package org.kyso.cli.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A sample official decision (quyết định) of a ward People's Committee, laid out as Decree 30/2020 Appendix I
 * shows: the issuing body and national title at the top, the number and date left blank for the clerk, the
 * title, the body on two pages, and the signature block of the competent person. Used by {@code kyso demo}.
 */
public final class SampleLetter {
  /** Where the number goes: the clerk's issuance signature writes "15/QĐ-UBND" after this anchor. */
  public static final String NUMBER_ANCHOR = "Số:";
  /** Where the date goes: the issuance signature writes "ngày 05 tháng 03 năm 2026" after the place name. */
  public static final String DATE_ANCHOR = "Điện Biên,";
  /** The signer's name under the signature block: the approval signature is placed above it. */
  public static final String SIGNER_NAME = "Nguyễn Văn An";

  private SampleLetter() {}

  /** The letter as PDF bytes, in the serif font the pdf module bundles (it covers Vietnamese). */
  public static byte[] create() throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDFont f = font(doc, "LiberationSerif-Regular.ttf");
      PDFont b = font(doc, "LiberationSerif-Bold.ttf");
      PDFont i = font(doc, "LiberationSerif-Italic.ttf");
      PDPage p1 = new PDPage(PDRectangle.A4);
      doc.addPage(p1);
      float w = PDRectangle.A4.getWidth();
      try (PDPageContentStream cs = new PDPageContentStream(doc, p1)) {
        center(cs, f, 12, w * 0.25f, 790, "ỦY BAN NHÂN DÂN");
        center(cs, b, 12, w * 0.25f, 775, "PHƯỜNG ĐIỆN BIÊN");
        center(cs, b, 12, w * 0.68f, 790, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        center(cs, b, 12, w * 0.68f, 775, "Độc lập - Tự do - Hạnh phúc");
        text(cs, f, 12, 70, 745, NUMBER_ANCHOR);
        text(cs, i, 12, 300, 745, DATE_ANCHOR);
        center(cs, b, 14, w / 2, 700, "QUYẾT ĐỊNH");
        center(cs, b, 12, w / 2, 683, "Về việc công nhận tổ dân phố văn hóa năm 2026");
        center(cs, b, 12, w / 2, 650, "ỦY BAN NHÂN DÂN PHƯỜNG ĐIỆN BIÊN");
        float y = 620;
        for (String line : List.of(
            "Căn cứ Luật Tổ chức chính quyền địa phương;",
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
            "Xét đề nghị của Trưởng Ban Văn hóa - Xã hội phường Điện Biên.",
            "",
            "QUYẾT ĐỊNH:",
            "",
            "Điều 1. Công nhận 12 tổ dân phố đạt danh hiệu \"Tổ dân phố văn hóa\" năm 2026",
            "(danh sách kèm theo ở trang 2).",
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
            "Điều 3. Văn phòng HĐND và UBND phường, các tổ dân phố có tên tại Điều 1",
            "chịu trách nhiệm thi hành Quyết định này.")) {
          text(cs, f, 12, 70, y, line);
          y -= 18;
        }
        text(cs, f, 11, 70, 360, "Nơi nhận:");
        text(cs, f, 10, 70, 346, "- Như Điều 3;");
        text(cs, f, 10, 70, 334, "- Lưu: VT.");
        center(cs, b, 12, w * 0.7f, 374, "TM. ỦY BAN NHÂN DÂN");
        center(cs, b, 12, w * 0.7f, 360, "CHỦ TỊCH");
        center(cs, b, 12, w * 0.7f, 250, SIGNER_NAME);
      }
      PDPage p2 = new PDPage(PDRectangle.A4);
      doc.addPage(p2);
      try (PDPageContentStream cs = new PDPageContentStream(doc, p2)) {
        center(cs, b, 13, w / 2, 780, "DANH SÁCH TỔ DÂN PHỐ VĂN HÓA NĂM 2026");
        float y = 740;
        String[] names = {"Tổ 1 - Đường Lê Lợi", "Tổ 2 - Phố Đội Cấn", "Tổ 3 - Ngõ Hàng Đậu", "Tổ 4 - Phố Quán Thánh",
            "Tổ 5 - Đường Hùng Vương", "Tổ 6 - Phố Nguyễn Thái Học", "Tổ 7 - Phố Điện Biên Phủ",
            "Tổ 8 - Phố Trần Phú", "Tổ 9 - Phố Lý Nam Đế", "Tổ 10 - Phố Hàng Bún", "Tổ 11 - Phố Phan Đình Phùng",
            "Tổ 12 - Ngõ Đông Các"};
        for (String n : names) {
          text(cs, f, 12, 90, y, n);
          y -= 20;
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static PDFont font(PDDocument doc, String name) throws IOException {
    // the fonts are the pdf module's: looked up through one of its classes, which kyso.pdf opens to kyso.cli
    try (InputStream in = org.kyso.pdf.PdfSigner.class.getResourceAsStream("/org/kyso/pdf/fonts/" + name)) {
      if (in == null) {
        throw new IOException("the bundled font " + name + " is missing from the pdf module");
      }
      return PDType0Font.load(doc, in, true);
    }
  }

  private static void text(PDPageContentStream cs, PDFont f, float size, float x, float y, String s)
      throws IOException {
    if (s.isEmpty()) {
      return;
    }
    cs.beginText();
    cs.setFont(f, size);
    cs.newLineAtOffset(x, y);
    cs.showText(s);
    cs.endText();
  }

  private static void center(PDPageContentStream cs, PDFont f, float size, float cx, float y, String s)
      throws IOException {
    float width = f.getStringWidth(s) / 1000 * size;
    text(cs, f, size, cx - width / 2, y, s);
  }
}
