package org.kyso.pdf.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.text.PDFTextStripper;

/** Reads back what a signed PDF shows: widget positions, their text and fonts. */
public final class PdfInspect {
  private PdfInspect() {}

  /** A widget annotation on a page: its rectangle (PDF user space) and field type. */
  public record Widget(int page, String fieldType, String fieldName, String name, String contents, PDRectangle rect,
      boolean embeddedFonts, List<Float> fontSizes) {}

  public static List<Widget> widgets(byte[] pdf) throws IOException {
    List<Widget> out = new ArrayList<>();
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      for (int i = 0; i < doc.getNumberOfPages(); i++) {
        for (PDAnnotation a : doc.getPage(i).getAnnotations()) {
          if (!"Widget".equals(a.getSubtype())) {
            continue;
          }
          org.apache.pdfbox.cos.COSDictionary field = a.getCOSObject().containsKey(COSName.FT) ? a.getCOSObject()
              : a.getCOSObject().getCOSDictionary(COSName.PARENT);
          String ft = field == null ? null : field.getNameAsString(COSName.FT);
          String name = field == null ? null : field.getString(COSName.T);
          boolean embedded = true;
          List<Float> sizes = new ArrayList<>();
          PDAppearanceStream ap = a.getNormalAppearanceStream();
          if (ap != null && ap.getResources() != null) {
            embedded = allEmbedded(ap.getResources());
          }
          if (ap != null) {
            List<Object> tokens = new org.apache.pdfbox.pdfparser.PDFStreamParser(ap).parse();
            for (int t = 0; t < tokens.size(); t++) {
              if (tokens.get(t) instanceof org.apache.pdfbox.contentstream.operator.Operator op
                  && "Tf".equals(op.getName()) && tokens.get(t - 1) instanceof org.apache.pdfbox.cos.COSNumber n) {
                sizes.add(n.floatValue());
              }
            }
          }
          out.add(new Widget(i + 1, ft, name, a.getCOSObject().getString(COSName.NM), a.getContents(),
              a.getRectangle(), embedded, sizes));
        }
      }
    }
    return out;
  }

  private static boolean allEmbedded(PDResources res) throws IOException {
    for (COSName n : res.getFontNames()) {
      PDFont f = res.getFont(n);
      if (!f.isEmbedded()) {
        return false;
      }
    }
    return true;
  }

  /** The text of every page with the form fields and signature appearances flattened into it (in memory). */
  public static String textWithAppearances(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDAcroForm form = doc.getDocumentCatalog().getAcroForm(null);
      if (form != null) {
        form.flatten(form.getFields(), false);
      }
      PDFTextStripper s = new PDFTextStripper();
      s.setSortByPosition(true);
      return s.getText(doc);
    }
  }

  /** The text drawn by form fields and signature appearances only (page contents removed, in memory). */
  public static String widgetText(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      for (org.apache.pdfbox.pdmodel.PDPage page : doc.getPages()) {
        page.setContents(new org.apache.pdfbox.pdmodel.common.PDStream(doc));
      }
      PDAcroForm form = doc.getDocumentCatalog().getAcroForm(null);
      if (form != null) {
        form.flatten(form.getFields(), false);
      }
      PDFTextStripper s = new PDFTextStripper();
      s.setSortByPosition(true);
      return s.getText(doc);
    }
  }

  /** The page text only (no annotations). */
  public static String pageText(byte[] pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDFTextStripper s = new PDFTextStripper();
      s.setSortByPosition(true);
      return s.getText(doc);
    }
  }
}
