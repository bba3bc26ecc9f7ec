package org.kyso.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/** A one-page letter for the examples' tests. */
final class Samples {
  private Samples() {}

  static byte[] letter() throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      try (InputStream f = Samples.class.getResourceAsStream("/org/kyso/pdf/fonts/LiberationSerif-Regular.ttf");
          PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(PDType0Font.load(doc, f, true), 13);
        cs.newLineAtOffset(72, 760);
        cs.showText("Kính gửi: Ủy ban nhân dân phường Điện Biên");
        cs.endText();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }
}
