package org.kyso.registers;

import java.util.Objects;
import org.kyso.registers.internal.Fold;

/** Độ mật: the confidentiality class of a document. */
public enum Confidentiality {
  NONE(""),
  /** Mật. */
  CONFIDENTIAL("Mật"),
  /** Tối mật. */
  SECRET("Tối mật"),
  /** Tuyệt mật. */
  TOP_SECRET("Tuyệt mật");

  private final String label;

  Confidentiality(String label) {
    this.label = label;
  }

  /** The Vietnamese label ("Mật", "Tối mật", "Tuyệt mật"); empty for NONE. */
  public String label() {
    return label;
  }

  /**
   * Parses the enum name or the Vietnamese label, with or without diacritics ({@code mat}, {@code toi-mat},
   * {@code tuyet-mat}, {@code none}).
   *
   * @throws InvalidEntryException if the text names no class
   */
  public static Confidentiality parse(String text) throws InvalidEntryException {
    String t = Fold.fold(Objects.requireNonNull(text, "text")).replace('-', ' ').replace('_', ' ');
    return switch (t) {
      case "", "none", "thuong", "normal" -> NONE;
      case "confidential", "mat" -> CONFIDENTIAL;
      case "secret", "toi mat" -> SECRET;
      case "top secret", "tuyet mat" -> TOP_SECRET;
      default -> throw new InvalidEntryException("Unknown confidentiality '" + text + "': use mat, toi-mat or tuyet-mat.");
    };
  }
}
