package org.kyso.pdf.internal;

import eu.europa.esig.dss.pades.PAdESCommonParameters;
import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.visible.PdfBoxSignatureDrawerFactory;
import eu.europa.esig.dss.pdf.pdfbox.visible.nativedrawer.PdfBoxNativeSignatureDrawerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/**
 * DSS's PDFBox object factory, with kyso's signature services: every incremental save is the safe one
 * ({@link SafeSignatureService}); with a layout, also our own widget drawer and the stamped texts (number, date)
 * written into the same incremental update as the signature, so that the signature covers them.
 * One factory per signing operation (it carries that operation's layout). The one factory of the module's DSS
 * paths: {@link PadesEngine} (with a layout) and {@link ExternalCmsEngine} ({@link #withoutAppearance()}).
 */
final class KysoPdfObjFactory extends PdfBoxNativeObjectFactory {
  /** The appearance and stamps, or null for {@link #withoutAppearance()}. */
  private final Layout layout;
  private final FontSet fonts;

  KysoPdfObjFactory(Layout layout, FontSet fonts) {
    this.layout = java.util.Objects.requireNonNull(layout, "layout");
    this.fonts = fonts; // null when only extending (no signature drawn, nothing stamped)
  }

  private KysoPdfObjFactory() {
    this.layout = null;
    this.fonts = null;
  }

  /**
   * A factory that draws nothing and stamps nothing (no fonts loaded): DSS's own signature service but for the safe
   * incremental save, for a signature whose CMS is made elsewhere ({@link ExternalCmsEngine}).
   */
  static KysoPdfObjFactory withoutAppearance() {
    return new KysoPdfObjFactory();
  }

  @Override
  public PDFSignatureService newPAdESSignatureService() {
    if (layout == null) {
      return configure(new SafeSignatureService(PDFServiceMode.SIGNATURE, new PdfBoxNativeSignatureDrawerFactory()));
    }
    PdfBoxSignatureDrawerFactory drawers = params -> new AppearanceDrawer(layout.widget().orElseThrow(), fonts);
    return configure(new StampingSignatureService(drawers, layout.stamps(), fonts));
  }

  @Override
  public PDFSignatureService newContentTimestampService() {
    return configure(new SafeSignatureService(PDFServiceMode.CONTENT_TIMESTAMP, new PdfBoxNativeSignatureDrawerFactory()));
  }

  @Override
  public PDFSignatureService newSignatureTimestampService() {
    return configure(new SafeSignatureService(PDFServiceMode.SIGNATURE_TIMESTAMP,
        new PdfBoxNativeSignatureDrawerFactory()));
  }

  @Override
  public PDFSignatureService newArchiveTimestampService() {
    return configure(new SafeSignatureService(PDFServiceMode.ARCHIVE_TIMESTAMP, new PdfBoxNativeSignatureDrawerFactory()));
  }

  /**
   * DSS's PDFBox service whose incremental saves never reuse an object number ({@link SafeIncrements}), and in a
   * protected document zero again the signature placeholder PDFBox encrypts, as readers expect of the
   * whole-document check.
   */
  private static class SafeSignatureService extends PdfBoxSignatureService {
    SafeSignatureService(PDFServiceMode mode, PdfBoxSignatureDrawerFactory drawers) {
      super(mode, drawers);
    }

    @Override
    public void saveDocumentIncrementally(PDDocument pdDocument, java.io.OutputStream outputStream) {
      SafeIncrements.prepare(pdDocument);
      if (!pdDocument.isEncrypted()) {
        super.saveDocumentIncrementally(pdDocument, outputStream);
        return;
      }
      // PDFBox encrypts the signature's placeholder: the padding is repaired before anything later (a document
      // timestamp of B-LTA) covers these bytes
      java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
      super.saveDocumentIncrementally(pdDocument, buffer);
      byte[] bytes = buffer.toByteArray();
      EncryptedContents.zeroPadding(bytes);
      try {
        outputStream.write(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the signed document", e);
      }
    }
  }

  /** Adds the stamps while DSS prepares the signature dictionary, before PDFBox saves the revision. */
  private static final class StampingSignatureService extends SafeSignatureService {
    private final List<Layout.Stamp> stamps;
    private final FontSet fonts;

    StampingSignatureService(PdfBoxSignatureDrawerFactory drawers, List<Layout.Stamp> stamps, FontSet fonts) {
      super(PDFServiceMode.SIGNATURE, drawers);
      this.stamps = stamps;
      this.fonts = fonts;
    }

    @Override
    protected PDSignature createSignatureDictionary(PDDocument pdDocument, PAdESCommonParameters parameters) {
      PDSignature signature = super.createSignatureDictionary(pdDocument, parameters);
      if (!stamps.isEmpty()) {
        try {
          addStamps(pdDocument);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the stamped texts", e);
        }
      }
      return signature;
    }

    private void addStamps(PDDocument doc) throws IOException {
      PDAcroForm form = doc.getDocumentCatalog().getAcroForm(null);
      if (form == null) {
        form = new PDAcroForm(doc);
        doc.getDocumentCatalog().setAcroForm(form);
      }
      form.getCOSObject().setNeedToBeUpdated(true);
      doc.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
      PDResources dr = form.getDefaultResources();
      if (dr == null) {
        dr = new PDResources();
        form.setDefaultResources(dr);
      }
      dr.getCOSObject().setNeedToBeUpdated(true);
      COSArray fields = form.getCOSObject().getCOSArray(COSName.FIELDS);
      if (fields == null) {
        fields = new COSArray();
        form.getCOSObject().setItem(COSName.FIELDS, fields);
      }
      fields.setNeedToBeUpdated(true);
      for (Layout.Stamp s : stamps) {
        if (!s.value().isEmpty() && form.getField(s.fieldName()) instanceof PDTextField empty
            && (empty.getValueAsString() == null || empty.getValueAsString().isEmpty())
            && empty.getWidgets().size() == 1) {
          fill(doc, empty, s);
          continue;
        }
        if (s.value().isEmpty() && form.getField(s.fieldName()) != null) {
          continue; // already there (an earlier approval made it)
        }
        PDType0Font font = fonts.load(doc, s.style());
        COSName fontName = dr.add(font);
        PDTextField field = new PDTextField(form);
        field.setPartialName(uniqueName(form, s.fieldName()));
        // an empty field is the place an issuance fills later: it stays fillable; a stamped one is read-only
        field.setReadOnly(!s.value().isEmpty());
        field.setAlternateFieldName(LayoutEngine.NUMBER_FIELD.equals(s.fieldName()) ? "Số, ký hiệu văn bản"
            : "Ngày ban hành");
        if (!s.value().isEmpty()) {
          field.getCOSObject().setString(COSName.V, s.value());
        }
        field.setDefaultAppearance("/" + fontName.getName() + " " + fmt(s.size()) + " Tf 0 g");
        PDAnnotationWidget w = field.getWidgets().get(0);
        PDPage page = doc.getPage(s.pageIndex());
        w.setRectangle(new PDRectangle(s.x(), s.y(), s.width(), s.height()));
        w.setPage(page);
        w.setPrinted(true);
        PDAppearanceStream ap = new PDAppearanceStream(doc);
        ap.setBBox(new PDRectangle(s.width(), s.height()));
        PDResources res = new PDResources();
        res.put(fontName, font);
        ap.setResources(res);
        try (PDPageContentStream cs = new PDPageContentStream(doc, ap)) {
          cs.beginMarkedContent(COSName.TX);
          cs.beginText();
          cs.setFont(font, s.size());
          cs.setNonStrokingColor(0f);
          cs.newLineAtOffset(2, s.baseline());
          // an empty field shows a space: the embedded subset needs at least one glyph
          cs.showText(s.value().isEmpty() ? " " : s.value());
          cs.endText();
          cs.endMarkedContent();
        }
        PDAppearanceDictionary apd = new PDAppearanceDictionary();
        apd.setNormalAppearance(ap);
        w.setAppearance(apd);
        List<PDAnnotation> annots = new ArrayList<>(page.getAnnotations());
        annots.add(w);
        page.setAnnotations(annots);
        page.getCOSObject().setNeedToBeUpdated(true);
        fields.add(field.getCOSObject());
      }
    }

    /**
     * Fills an empty field made earlier (by the approval): its value and a new normal appearance in its own
     * rectangle, nothing else (no flag, no /DA, no new field), which is form filling in the PDF sense.
     */
    private void fill(PDDocument doc, PDTextField field, Layout.Stamp s) throws IOException {
      PDAnnotationWidget w = field.getWidgets().get(0);
      PDRectangle rect = w.getRectangle();
      PDType0Font font = fonts.load(doc, s.style());
      field.getCOSObject().setString(COSName.V, s.value());
      field.getCOSObject().setNeedToBeUpdated(true);
      PDAppearanceStream ap = new PDAppearanceStream(doc);
      ap.setBBox(new PDRectangle(rect.getWidth(), rect.getHeight()));
      PDResources res = new PDResources();
      COSName name = res.add(font);
      ap.setResources(res);
      float width = font.getStringWidth(s.value()) / 1000 * s.size();
      float x = Math.max(2, (rect.getWidth() - width) / 2);
      try (PDPageContentStream cs = new PDPageContentStream(doc, ap)) {
        cs.beginMarkedContent(COSName.TX);
        cs.beginText();
        cs.setFont(font, s.size());
        cs.setNonStrokingColor(0f);
        cs.newLineAtOffset(x, s.baseline());
        cs.showText(s.value());
        cs.endText();
        cs.endMarkedContent();
      }
      if (name == null) {
        throw new IOException("no font resource");
      }
      PDAppearanceDictionary apd = new PDAppearanceDictionary();
      apd.setNormalAppearance(ap);
      w.setAppearance(apd);
      w.getCOSObject().setNeedToBeUpdated(true);
    }

    private static String uniqueName(PDAcroForm form, String base) {
      String name = base;
      for (int i = 2; form.getField(name) != null; i++) {
        name = base + "_" + i;
      }
      return name;
    }

    private static String fmt(float f) {
      return new java.math.BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    }
  }
}
