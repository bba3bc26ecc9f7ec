package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxDefaultObjectFactory;
import eu.europa.esig.dss.validation.SignedDocumentValidator;

/**
 * The PDF validation engine, chosen explicitly in {@code PdfVerification.Builder}: kyso's {@link FastPdfObjFactory}
 * (fast), or DSS's own PDFBox object factory (general). Either way DSS's reports are the same: the fast engine
 * only changes how the signed revisions are read.
 */
public final class FastPdfValidatorTuning {
  private final boolean fast;

  public FastPdfValidatorTuning(boolean fast) {
    this.fast = fast;
  }

  /**
   * DSS's validator for {@code document}: with the fast engine, one whose validation context indexes the
   * documents' certificates ({@link FastPdfValidator}); with the general engine, the one DSS picks.
   */
  public SignedDocumentValidator validator(eu.europa.esig.dss.model.DSSDocument document) {
    return fast ? FastPdfValidator.of(document) : SignedDocumentValidator.fromDocument(document);
  }

  /** Sets the engine, and the password of a protected document ({@code null}: none), on a PDF validator. */
  public void tune(SignedDocumentValidator validator, char[] password) {
    if (validator instanceof PDFDocumentValidator pdf) {
      pdf.setPdfObjFactory(fast ? new FastPdfObjFactory() : general());
      if (password != null) {
        pdf.setPasswordProtection(password.clone());
      }
    }
  }

  /** DSS's own PDFBox factory, with the same change rules as the fast one (issue 14: the same verdict either way). */
  private static PdfBoxDefaultObjectFactory general() {
    PdfBoxDefaultObjectFactory f = new PdfBoxDefaultObjectFactory();
    f.setPdfDifferencesFinder(new WidgetAwareDifferencesFinder());
    f.setPdfObjectModificationsFinder(new SharedAppearanceFinder());
    return f;
  }
}
