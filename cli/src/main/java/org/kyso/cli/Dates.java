package org.kyso.cli;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** The one way kyso reads a date from the command line: a real calendar date, YYYY-MM-DD, in a sane range. */
public final class Dates {
  /** The earliest date kyso accepts (older official documents are not signed or registered electronically). */
  public static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
  /** The latest date kyso accepts. */
  public static final LocalDate LATEST = LocalDate.of(2199, 12, 31);

  private static final DateTimeFormatter STRICT = DateTimeFormatter.ofPattern("uuuu-MM-dd")
      .withResolverStyle(ResolverStyle.STRICT);

  private Dates() {}

  /**
   * Parses {@code text} given to {@code option}.
   *
   * @throws UsageException if it is not a real date written YYYY-MM-DD between 1900 and 2199
   */
  public static LocalDate parse(String text, String option) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage() + ".");
    }
  }

  /**
   * Parses a date.
   *
   * @throws IllegalArgumentException (one sentence) if it is not a real date written YYYY-MM-DD in the range
   */
  public static LocalDate parse(String text) {
    String t = text == null ? "" : text.trim();
    LocalDate d;
    try {
      if (!t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        throw new DateTimeParseException("shape", t, 0);
      }
      d = LocalDate.parse(t, STRICT);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + t + "' is not a real date; write YYYY-MM-DD, e.g. 2026-03-05");
    }
    if (d.isBefore(EARLIEST) || d.isAfter(LATEST)) {
      throw new IllegalArgumentException("the date " + t + " is outside " + EARLIEST + " to " + LATEST);
    }
    return d;
  }
}
