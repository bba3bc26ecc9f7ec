package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxDefaultObjectFactory;

/**
 * DSS's PDFBox object factory with kyso's faster validation service ({@link FastPdfSignatureService}) for
 * signatures; timestamp services stay DSS's. Set on a {@code PDFDocumentValidator} with
 * {@code setPdfObjFactory}; one per validation.
 */
public final class FastPdfObjFactory extends PdfBoxDefaultObjectFactory {
  @Override
  public PDFSignatureService newPAdESSignatureService() {
    return configure(new FastPdfSignatureService());
  }
}
