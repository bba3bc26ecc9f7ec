package org.kyso.pdf.attacks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;

/**
 * The tampering steps of the attack corpus, each applied to a signed PDF. Each returns the attacked file; none
 * touches the signature itself.
 */
final class PdfAttacks {
  private PdfAttacks() {}

  /** Changes one digit of "Amount: 100 VND" inside the signed bytes (no new revision). */
  static byte[] changeByteInSignedRange(byte[] signed) {
    byte[] out = signed.clone();
    int at = indexOf(out, "(Amount: 100 VND)".getBytes(StandardCharsets.US_ASCII));
    if (at < 0) {
      throw new IllegalStateException("fixture text not found");
    }
    out[at + "(Amount: ".length()] = '9';
    return out;
  }

  /** Appends bytes after the signed part without a new revision. */
  static byte[] appendBytes(byte[] signed) {
    byte[] tail = "\n% appended after signing\nBT /F1 14 Tf 72 700 Td (Amount: 9,000,000 VND) Tj ET\n"
        .getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[signed.length + tail.length];
    System.arraycopy(signed, 0, out, 0, signed.length);
    System.arraycopy(tail, 0, out, signed.length, tail.length);
    return out;
  }

  /** Adds a page with text through an incremental update. */
  static byte[] addPage(byte[] signed) throws IOException {
    return PdfFixtures.incremental(signed, doc -> {
      PDPage page = new PDPage(PDRectangle.A4);
      PDResources res = new PDResources();
      res.put(COSName.getPDFName("F1"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
      page.setResources(res);
      COSStream content = doc.getDocument().createCOSStream();
      try (OutputStream out = content.createOutputStream()) {
        out.write("BT /F1 14 Tf 72 700 Td (Annex: the amount is 9,000,000 VND) Tj ET\n"
            .getBytes(StandardCharsets.US_ASCII));
      }
      page.getCOSObject().setItem(COSName.CONTENTS, content);
      doc.addPage(page);
      doc.getPages().getCOSObject().setNeedToBeUpdated(true);
      doc.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
    });
  }

  /** Adds a FreeText annotation whose appearance is a white box with other text, drawn over the amount. */
  static byte[] addOverlayAnnotation(byte[] signed) throws IOException {
    return PdfFixtures.incremental(signed, doc -> {
      PDPage page = doc.getPage(0);
      PDFormXObject ap = new PDFormXObject(doc);
      ap.setBBox(new PDRectangle(0, 0, 300, 30));
      PDResources r = new PDResources();
      r.put(COSName.getPDFName("F1"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
      ap.setResources(r);
      try (OutputStream out = ap.getContentStream().createOutputStream()) {
        out.write("1 1 1 rg 0 0 300 30 re f BT 0 0 0 rg /F1 14 Tf 12 10 Td (Amount: 9,000,000 VND) Tj ET\n"
            .getBytes(StandardCharsets.US_ASCII));
      }
      COSDictionary annot = new COSDictionary();
      annot.setName(COSName.TYPE, "Annot");
      annot.setName(COSName.SUBTYPE, "FreeText");
      annot.setItem(COSName.RECT, new PDRectangle(60, 690, 300, 30).getCOSArray());
      annot.setInt(COSName.F, 4);
      annot.setString(COSName.DA, "/Helv 14 Tf 0 g");
      COSDictionary apDict = new COSDictionary();
      apDict.setItem(COSName.N, ap);
      annot.setItem(COSName.AP, apDict);
      annot.setItem(COSName.P, page.getCOSObject());
      COSArray annots = page.getCOSObject().getCOSArray(COSName.ANNOTS);
      if (annots == null) {
        annots = new COSArray();
        page.getCOSObject().setItem(COSName.ANNOTS, annots);
      }
      annots.add(annot);
      annots.setNeedToBeUpdated(true);
      page.getCOSObject().setNeedToBeUpdated(true);
    });
  }

  /** Shadow "hide": replaces the /Cover form XObject (same object number) with an empty one. */
  static byte[] shadowHide(byte[] signed) throws IOException {
    return PdfFixtures.incremental(signed, doc -> {
      PDResources res = doc.getPage(0).getResources();
      PDFormXObject cover = (PDFormXObject) res.getXObject(COSName.getPDFName("Cover"));
      COSStream s = cover.getCOSObject();
      try (OutputStream out = s.createOutputStream()) {
        out.write("% nothing\n".getBytes(StandardCharsets.US_ASCII));
      }
      s.setNeedToBeUpdated(true);
    });
  }

  /** Shadow "replace": overwrites the page content stream object (same object number) with other text. */
  static byte[] shadowReplace(byte[] signed) throws IOException {
    return PdfFixtures.incremental(signed, doc -> {
      COSStream s = doc.getPage(0).getCOSObject().getCOSStream(COSName.CONTENTS);
      try (OutputStream out = s.createOutputStream()) {
        out.write(("BT /F1 18 Tf 72 760 Td (Decision 15/QD-UBND) Tj ET\n"
            + "BT /F1 14 Tf 72 700 Td (Amount: 9,000,000 VND) Tj ET\n").getBytes(StandardCharsets.US_ASCII));
      }
      s.setNeedToBeUpdated(true);
    });
  }

  /** Shadow "hide and replace": points the page's /Contents at the signed but unshown /Alt stream. */
  static byte[] shadowHideAndReplace(byte[] signed) throws IOException {
    return PdfFixtures.incremental(signed, doc -> {
      COSDictionary page = doc.getPage(0).getCOSObject();
      COSBase alt = page.getItem(COSName.getPDFName("Alt"));
      page.setItem(COSName.CONTENTS, alt);
      page.setNeedToBeUpdated(true);
    });
  }

  /** Changes the value of the text field "amount" (and its appearance). */
  static byte[] changeFormField(byte[] signed) throws IOException {
    return PdfFixtures.incremental(signed, doc -> {
      PDField field = doc.getDocumentCatalog().getAcroForm().getField("amount");
      field.setValue("9,000,000");
      field.getCOSObject().setNeedToBeUpdated(true);
      for (PDAnnotationWidget w : field.getWidgets()) {
        w.getCOSObject().setNeedToBeUpdated(true);
        if (w.getAppearance() != null) {
          w.getAppearance().getCOSObject().setNeedToBeUpdated(true);
          if (w.getAppearance().getNormalAppearance() != null) {
            w.getAppearance().getNormalAppearance().getCOSObject().setNeedToBeUpdated(true);
            if (w.getAppearance().getNormalAppearance().isStream()) {
              w.getAppearance().getNormalAppearance().getAppearanceStream().getCOSObject().setNeedToBeUpdated(true);
            }
          }
        }
      }
    });
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
