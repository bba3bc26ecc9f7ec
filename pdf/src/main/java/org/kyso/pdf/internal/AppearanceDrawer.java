package org.kyso.pdf.internal;

import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pdf.pdfbox.visible.PdfBoxSignatureDrawer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/**
 * Draws kyso's signature widget for DSS: a one-page template document holding a signature field with our
 * appearance stream, which PDFBox copies into the signed document (its "visual signature" mechanism). The font
 * subset is made when the template is saved, so only the glyphs used are embedded.
 */
final class AppearanceDrawer implements PdfBoxSignatureDrawer {
  private final Layout.Widget widget;
  private final FontSet fonts;
  private PDDocument target;
  private SignatureOptions options;

  AppearanceDrawer(Layout.Widget widget, FontSet fonts) {
    this.widget = widget;
    this.fonts = fonts;
  }

  @Override
  public void init(SignatureImageParameters parameters, PDDocument document, SignatureOptions signatureOptions) {
    this.target = document;
    this.options = signatureOptions;
  }

  @Override
  public void draw() throws IOException {
    try (PDDocument template = new PDDocument()) {
      PDPage original = target.getPage(widget.pageIndex());
      PDPage page = new PDPage(original.getMediaBox());
      template.addPage(page);
      PDAcroForm form = new PDAcroForm(template);
      template.getDocumentCatalog().setAcroForm(form);
      PDSignatureField field = new PDSignatureField(form);
      PDAnnotationWidget w = field.getWidgets().get(0);
      form.getFields().add(field);
      form.setSignaturesExist(true);
      form.setAppendOnly(true);
      PDRectangle rect = new PDRectangle(widget.x(), widget.y(), widget.width(), widget.height());
      w.setRectangle(rect);
      w.setPrinted(true);

      PDAppearanceStream stream = new PDAppearanceStream(template);
      stream.setBBox(new PDRectangle(widget.width(), widget.height()));
      stream.setResources(new PDResources());
      draw(template, stream);
      PDAppearanceDictionary ap = new PDAppearanceDictionary();
      ap.setNormalAppearance(stream);
      w.setAppearance(ap);
      page.getAnnotations().add(w);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      template.save(out);
      options.setVisualSignature(new ByteArrayInputStream(out.toByteArray()));
    }
  }

  private void draw(PDDocument template, PDAppearanceStream stream) throws IOException {
    Map<FontSet.Style, PDType0Font> loaded = new EnumMap<>(FontSet.Style.class);
    try (PDPageContentStream cs = new PDPageContentStream(template, stream)) {
      for (Layout.DrawOp op : widget.ops()) {
        if (op instanceof Layout.ImageOp img) {
          PDImageXObject x = PDImageXObject.createFromByteArray(template, img.png(), "image.png");
          cs.drawImage(x, img.x(), img.y(), img.width(), img.height());
        } else if (op instanceof Layout.TextOp t) {
          PDType0Font font = loaded.get(t.style());
          if (font == null) {
            font = fonts.load(template, t.style());
            loaded.put(t.style(), font);
          }
          cs.beginText();
          cs.setFont(font, t.size());
          cs.setNonStrokingColor(t.rgb()[0], t.rgb()[1], t.rgb()[2]);
          cs.newLineAtOffset(t.x(), t.baseline());
          cs.showText(t.text());
          cs.endText();
        } else if (op instanceof Layout.RectOp r) {
          cs.setStrokingColor(r.rgb()[0], r.rgb()[1], r.rgb()[2]);
          cs.setLineWidth(r.lineWidth());
          cs.addRect(r.x(), r.y(), r.width(), r.height());
          cs.stroke();
        }
      }
    }
  }
}
