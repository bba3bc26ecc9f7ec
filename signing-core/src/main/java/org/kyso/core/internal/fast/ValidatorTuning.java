package org.kyso.core.internal.fast;

import eu.europa.esig.dss.validation.SignedDocumentValidator;

/**
 * A format module's adjustment of a DSS validator before it runs, found with {@link java.util.ServiceLoader}
 * (signing-core knows no PDF or XML, so the PDF module registers the PDF one). An adjustment may only change how
 * the work is done, never the result: the reports must be the ones DSS gives without it.
 */
public interface ValidatorTuning {
  /** Adjusts {@code validator} if it is of a kind this tuning knows; leaves it alone otherwise. */
  void tune(SignedDocumentValidator validator);

  /** Gives {@code validator} the password of a protected document, if it is of a kind that takes one. */
  default void password(SignedDocumentValidator validator, char[] password) {}
}
