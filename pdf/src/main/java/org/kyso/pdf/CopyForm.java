package org.kyso.pdf;

import java.text.Normalizer;
import java.util.Locale;

/** The forms of an electronic copy under Decree 30/2020/ND-CP, Article 25. */
public enum CopyForm {
  /** A full copy ("sao y"). */
  SAO_Y("SAO Y"),
  /** An extract ("trích sao"). */
  TRICH_SAO("TRÍCH SAO"),
  /** A copy made from another copy ("sao lục"). */
  SAO_LUC("SAO LỤC");

  private final String label;

  CopyForm(String label) {
    this.label = label;
  }

  /** The words printed on the copy, e.g. {@code SAO Y}. */
  public String label() {
    return label;
  }

  /** Parses {@code sao-y}, {@code SAO Y}, {@code trich_sao}, {@code Trích sao}... (accents optional). */
  public static CopyForm parse(String text) {
    String t = Normalizer.normalize(text.strip(), Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .toUpperCase(Locale.ROOT).replace('Đ', 'D').replace('-', '_').replace(' ', '_');
    for (CopyForm f : values()) {
      if (f.name().equals(t)) {
        return f;
      }
    }
    throw new IllegalArgumentException("Unknown copy form '" + text + "': use SAO_Y, TRICH_SAO or SAO_LUC.");
  }
}
