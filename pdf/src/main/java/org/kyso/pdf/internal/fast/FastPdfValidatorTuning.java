package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import org.kyso.core.internal.fast.ValidatorTuning;

/** Gives PDF validators kyso's {@link FastPdfObjFactory}; registered with {@link java.util.ServiceLoader}. */
public final class FastPdfValidatorTuning implements ValidatorTuning {
  @Override
  public void tune(SignedDocumentValidator validator) {
    if (validator instanceof PDFDocumentValidator pdf) {
      pdf.setPdfObjFactory(new FastPdfObjFactory());
    }
  }

  @Override
  public void password(SignedDocumentValidator validator, char[] password) {
    if (validator instanceof PDFDocumentValidator pdf) {
      pdf.setPasswordProtection(password.clone());
    }
  }
}
