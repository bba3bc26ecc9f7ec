package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.pades.validation.PDFDocumentAnalyzer;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.spi.validation.ValidationContext;
import eu.europa.esig.dss.validation.SignedDocumentValidator;

/**
 * DSS's PDF validator whose validation context indexes the documents' certificates
 * ({@link IndexedValidationContext}), so that preparing many signatures takes time linear in their number (issue
 * 20). The reports are DSS's own.
 */
public final class FastPdfValidator extends PDFDocumentValidator {
  private FastPdfValidator(DSSDocument document) {
    super(new Analyzer(document));
  }

  /**
   * A validator for {@code document}: this one for a PDF, else whatever DSS picks (and DSS's refusal when
   * nothing can read it).
   */
  public static SignedDocumentValidator of(DSSDocument document) {
    if (document != null && eu.europa.esig.dss.pades.PAdESUtils.isPDFDocument(document)) {
      return new FastPdfValidator(document);
    }
    return SignedDocumentValidator.fromDocument(document);
  }

  private static final class Analyzer extends PDFDocumentAnalyzer {
    Analyzer(DSSDocument document) {
      super(document);
    }

    @Override
    protected ValidationContext createValidationContext() {
      return new IndexedValidationContext(getValidationTime());
    }
  }
}
