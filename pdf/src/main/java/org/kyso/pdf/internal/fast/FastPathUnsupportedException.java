package org.kyso.pdf.internal.fast;

import java.io.IOException;

/**
 * The document needs something the fast signing path does not do (encryption, certification locks, a broken
 * cross-reference table...). Nothing was written; the caller signs with the general (DSS) path instead.
 */
public final class FastPathUnsupportedException extends IOException {
  private static final long serialVersionUID = 1L;

  public FastPathUnsupportedException(String what) {
    super("the fast signing path does not handle " + what);
  }
}
