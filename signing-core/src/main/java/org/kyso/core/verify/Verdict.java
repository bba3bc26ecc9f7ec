package org.kyso.core.verify;

import java.util.Collection;

/**
 * The verdict on a whole file: any TOTAL_FAILED makes it TOTAL_FAILED, else any INDETERMINATE makes it
 * INDETERMINATE, else TOTAL_PASSED; NO_SIGNATURE when the file holds no signature at all.
 */
public enum Verdict {
  TOTAL_PASSED,
  TOTAL_FAILED,
  INDETERMINATE,
  NO_SIGNATURE;

  /** Combines the indications of a file's signatures (and timestamps) in the order above. */
  public static Verdict of(Collection<Indication> indications) {
    if (indications.isEmpty()) {
      return NO_SIGNATURE;
    }
    if (indications.contains(Indication.TOTAL_FAILED)) {
      return TOTAL_FAILED;
    }
    if (indications.contains(Indication.INDETERMINATE)) {
      return INDETERMINATE;
    }
    return TOTAL_PASSED;
  }

  /** The exit code of {@code kyso verify} for this verdict (CONTRACT.md). */
  public int exitCode() {
    return switch (this) {
      case TOTAL_PASSED -> 0;
      case TOTAL_FAILED -> 1;
      case INDETERMINATE -> 2;
      case NO_SIGNATURE -> 3;
    };
  }

  /** The worse of two verdicts, in exit-code order (FAILED, INDETERMINATE, NO_SIGNATURE, PASSED). */
  public Verdict worse(Verdict other) {
    return rank(this) >= rank(other) ? this : other;
  }

  private static int rank(Verdict v) {
    return switch (v) {
      case TOTAL_PASSED -> 0;
      case NO_SIGNATURE -> 1;
      case INDETERMINATE -> 2;
      case TOTAL_FAILED -> 3;
    };
  }
}
