package org.kyso.registers;

import java.util.Locale;

/** Which register: documents the organisation issues (văn bản đi) or receives (văn bản đến). */
public enum RegisterKind {
  /** Sổ đăng ký văn bản đi. */
  OUTGOING("out", "đi"),
  /** Sổ đăng ký văn bản đến. */
  INCOMING("in", "đến");

  private final String code;
  private final String vietnamese;

  RegisterKind(String code, String vietnamese) {
    this.code = code;
    this.vietnamese = vietnamese;
  }

  /** {@code out} or {@code in}: the form used on the command line, in JSON and in the database. */
  public String code() {
    return code;
  }

  /** {@code đi} or {@code đến}. */
  public String vietnamese() {
    return vietnamese;
  }

  /**
   * Parses {@code out}/{@code in} (also {@code outgoing}, {@code incoming}, {@code di}, {@code den}).
   *
   * @throws InvalidEntryException if the text names neither register
   */
  public static RegisterKind parse(String text) throws InvalidEntryException {
    String t = org.kyso.registers.internal.Fold.fold(text == null ? "" : text).trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "out", "outgoing", "di" -> OUTGOING;
      case "in", "incoming", "den" -> INCOMING;
      default -> throw new InvalidEntryException("Unknown register '" + text + "': use out or in.");
    };
  }
}
