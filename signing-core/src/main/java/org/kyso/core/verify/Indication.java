package org.kyso.core.verify;

/** The main indication of ETSI EN 319 102-1 for one signature or timestamp. */
public enum Indication {
  TOTAL_PASSED,
  TOTAL_FAILED,
  INDETERMINATE
}
