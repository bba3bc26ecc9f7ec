package org.kyso.registers;

import java.util.Objects;
import org.kyso.registers.internal.Fold;

/** Mức độ khẩn: how urgently a document must be delivered and handled. */
public enum Urgency {
  NORMAL(""),
  /** Khẩn. */
  URGENT("Khẩn"),
  /** Thượng khẩn. */
  VERY_URGENT("Thượng khẩn"),
  /** Hỏa tốc. */
  FLASH("Hỏa tốc");

  private final String label;

  Urgency(String label) {
    this.label = label;
  }

  /** The Vietnamese label ("Khẩn", "Thượng khẩn", "Hỏa tốc"); empty for NORMAL. */
  public String label() {
    return label;
  }

  /**
   * Parses the enum name or the Vietnamese label, with or without diacritics ({@code khan}, {@code thuong-khan},
   * {@code hoa-toc}, {@code normal}).
   *
   * @throws InvalidEntryException if the text names no urgency
   */
  public static Urgency parse(String text) throws InvalidEntryException {
    String t = Fold.fold(Objects.requireNonNull(text, "text")).replace('-', ' ').replace('_', ' ');
    return switch (t) {
      case "", "normal", "thuong" -> NORMAL;
      case "urgent", "khan" -> URGENT;
      case "very urgent", "thuong khan" -> VERY_URGENT;
      case "flash", "hoa toc", "hoa toc hen gio" -> FLASH;
      default -> throw new InvalidEntryException("Unknown urgency '" + text + "': use khan, thuong-khan or hoa-toc.");
    };
  }
}
