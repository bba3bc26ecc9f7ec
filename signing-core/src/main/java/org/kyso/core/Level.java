package org.kyso.core;

/**
 * The baseline signature levels of ETSI EN 319 142-1 (PAdES) and EN 319 132-1 (XAdES).
 *
 * <ul>
 *   <li>{@link #B_B}: the signature and the signer's certificate;
 *   <li>{@link #B_T}: plus a trusted timestamp proving the signature existed at that time;
 *   <li>{@link #B_LT}: plus the certificates and revocation data needed to validate it later, offline;
 *   <li>{@link #B_LTA}: plus archive (document) timestamps that keep the evidence valid over the years.
 * </ul>
 */
public enum Level {
  B_B,
  B_T,
  B_LT,
  B_LTA;

  /** True when this level needs a timestamp authority. */
  public boolean needsTimestamp() {
    return this != B_B;
  }

  /** Parses {@code B-B}, {@code b_lt}, {@code BASELINE-B}... case-insensitively. */
  public static Level parse(String text) {
    String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    if (t.startsWith("BASELINE_")) {
      t = "B_" + t.substring("BASELINE_".length());
    }
    for (Level l : values()) {
      if (l.name().equals(t)) {
        return l;
      }
    }
    throw new IllegalArgumentException("Unknown signature level '" + text + "': use B-B, B-T, B-LT or B-LTA.");
  }

  /** The form used on the command line and in documentation: {@code B-LT}. */
  public String label() {
    return name().replace('_', '-');
  }
}
