package org.kyso.registers;

import java.util.Objects;

/** Names one entry: register, year, series and number, e.g. outgoing 2026 administrative no. 15. */
public record EntryRef(RegisterKind register, int year, Series series, long number) {
  public EntryRef {
    Objects.requireNonNull(register, "register");
    Objects.requireNonNull(series, "series");
    if (number < 1) {
      throw new IllegalArgumentException("Entry numbers start at 1.");
    }
  }

  public static EntryRef of(RegisterKind register, int year, long number) {
    return new EntryRef(register, year, Series.ADMINISTRATIVE, number);
  }

  @Override
  public String toString() {
    return register.code() + " " + year + " " + series.code() + " no. " + number;
  }
}
