package org.kyso.pdf.internal;

import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.PAdESTimestampParameters;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * DSS's PAdES parameters, whose {@code toString} (printed by DSS's debug log) lists the document password in
 * clear: these never do. One pair for every engine that hands DSS a password.
 */
final class PasswordHidingParameters {
  private PasswordHidingParameters() {}

  /** The signature's parameters. */
  static final class Signature extends PAdESSignatureParameters {
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
      return hidden(getPasswordProtection(), this::setPasswordProtection, super::toString);
    }
  }

  /** The parameters of the timestamps DSS adds to a protected document. */
  static final class Timestamp extends PAdESTimestampParameters {
    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
      return hidden(getPasswordProtection(), this::setPasswordProtection, super::toString);
    }
  }

  /** {@code text} printed with the password taken out for the moment (parameters belong to one call on one thread). */
  private static String hidden(char[] secret, Consumer<char[]> set, Supplier<String> text) {
    if (secret == null) {
      return text.get();
    }
    set.accept(null);
    try {
      return text.get() + " (document password hidden)";
    } finally {
      set.accept(secret);
    }
  }
}
