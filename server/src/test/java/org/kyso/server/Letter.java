package org.kyso.server;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/** A one-page decision in the Decree 30 layout: "Số:" line for the number, the signer's name at the bottom. */
final class Letter {
  private Letter() {}

  static byte[] create(String signer) throws Exception {
    try (PDDocument doc = new PDDocument();
         InputStream font = Letter.class.getResourceAsStream("/org/kyso/pdf/fonts/LiberationSerif-Regular.ttf")) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      PDType0Font f = PDType0Font.load(doc, font);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        String[][] lines = {{"70", "780", "UBND PHƯỜNG ĐIỆN BIÊN"}, {"70", "750", "Số:      /QĐ-UBND"}, {"330", "750", "Điện Biên, "},
            {"200", "700", "QUYẾT ĐỊNH"}, {"70", "660", "Về việc khen thưởng tổ dân phố văn hóa năm 2026"},
            {"350", "330", "CHỦ TỊCH"}, {"350", "230", signer}};
        for (String[] l : lines) {
          cs.beginText();
          cs.setFont(f, 13);
          cs.newLineAtOffset(Float.parseFloat(l[0]), Float.parseFloat(l[1]));
          cs.showText(l[2]);
          cs.endText();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }
}
