package org.kyso.registers;

import java.util.List;
import java.util.Objects;
import org.kyso.registers.internal.Fold;

/**
 * A numbering series. Numbers run from 1 on 1 January, separately in each series of each register (Decree
 * 30/2020, Article 15): administrative documents (the default), each kind of legal normative document,
 * confidential documents, and the documents of councils. Immutable.
 *
 * <p>Text form (command line, database, JSON): {@code administrative}, {@code confidential}, {@code council},
 * {@code normative:QĐ} (also {@code normative:NQ}, ...).
 *
 * @param code the text form
 */
public record Series(String code) {
  /** Văn bản hành chính: the default series. */
  public static final Series ADMINISTRATIVE = new Series("administrative");
  /** Văn bản mật. */
  public static final Series CONFIDENTIAL = new Series("confidential");
  /** Văn bản của hội đồng, ban, tổ (councils). */
  public static final Series COUNCIL = new Series("council");

  private static final String NORMATIVE = "normative:";
  /** The legal normative document types that have their own series (Law on Legal Normative Documents). */
  private static final List<String> NORMATIVE_TYPES = List.of("NQ", "NQLT", "NĐ", "QĐ", "TT", "TTLT", "PL", "L",
      "LCT", "CT");

  public Series {
    Objects.requireNonNull(code, "code");
    if (!code.equals("administrative") && !code.equals("confidential") && !code.equals("council")
        && !(code.startsWith(NORMATIVE) && NORMATIVE_TYPES.contains(code.substring(NORMATIVE.length())))) {
      throw new IllegalArgumentException("Unknown series: " + code + " (use Series.parse for user input)");
    }
  }

  /** The series of one kind of legal normative document, e.g. {@code normative("QĐ")}. */
  public static Series normative(String typeAbbreviation) {
    return new Series(NORMATIVE + Fold.nfc(typeAbbreviation));
  }

  /**
   * Parses the text form; accepts it without diacritics ({@code normative:QD}) and the Vietnamese names
   * ({@code hanh-chinh}, {@code mat}, {@code hoi-dong}, {@code qppl:QĐ}).
   *
   * @throws InvalidEntryException if the text names no known series
   */
  public static Series parse(String text) throws InvalidEntryException {
    Objects.requireNonNull(text, "text");
    String t = Fold.fold(text).replace(' ', '-');
    switch (t) {
      case "administrative", "hanh-chinh", "hc" -> {
        return ADMINISTRATIVE;
      }
      case "confidential", "mat" -> {
        return CONFIDENTIAL;
      }
      case "council", "councils", "hoi-dong", "hd" -> {
        return COUNCIL;
      }
      default -> { }
    }
    int colon = t.indexOf(':');
    if (colon > 0) {
      String prefix = t.substring(0, colon);
      String type = Fold.nfc(text).substring(Fold.nfc(text).indexOf(':') + 1).trim();
      if (prefix.equals("normative") || prefix.equals("qppl")) {
        for (String n : NORMATIVE_TYPES) {
          if (n.equals(type)) {
            return normative(n);
          }
        }
        for (String n : NORMATIVE_TYPES) {
          if (Fold.fold(n).equals(Fold.fold(type))) {
            return normative(n);
          }
        }
      }
    }
    throw new InvalidEntryException("Unknown series '" + text + "': use administrative, confidential, council or "
        + "normative:TYPE with TYPE one of " + String.join(", ", NORMATIVE_TYPES) + ".");
  }

  /** True for the series of a legal normative document: its notation carries the year ({@code 12/2026/NQ-HĐND}). */
  public boolean isNormative() {
    return code.startsWith(NORMATIVE);
  }

  /** The Vietnamese label printed in the register book. */
  public String label() {
    if (isNormative()) {
      return "Văn bản quy phạm pháp luật (" + code.substring(NORMATIVE.length()) + ")";
    }
    return switch (code) {
      case "confidential" -> "Văn bản mật";
      case "council" -> "Văn bản của hội đồng";
      default -> "Văn bản hành chính";
    };
  }

  @Override
  public String toString() {
    return code;
  }
}
