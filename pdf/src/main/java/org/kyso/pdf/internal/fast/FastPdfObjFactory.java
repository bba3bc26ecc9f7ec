package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.PdfMemoryUsageSetting;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxDefaultObjectFactory;

/**
 * DSS's PDFBox object factory with kyso's faster validation service ({@link FastPdfSignatureService}) for
 * signatures; timestamp services stay DSS's. Set on a {@code PDFDocumentValidator} with
 * {@code setPdfObjFactory}; one per validation.
 */
public final class FastPdfObjFactory extends PdfBoxDefaultObjectFactory {
  /** kyso's reading of the document's updates, made once for all the services of this validation. */
  private final FastPdfSignatureService.Chains chains = new FastPdfSignatureService.Chains();

  public FastPdfObjFactory() {
    // DSS's default reads every document whole into memory; a file is read from the file instead, page by page
    setPdfMemoryUsageSetting(PdfMemoryUsageSetting.memoryBuffered());
    // form filling is not a page change; a filled appearance used elsewhere is (issue 14)
    setPdfDifferencesFinder(new WidgetAwareDifferencesFinder());
    setPdfObjectModificationsFinder(new SharedAppearanceFinder());
  }

  @Override
  public PDFSignatureService newPAdESSignatureService() {
    return configure(new FastPdfSignatureService(chains));
  }
}
