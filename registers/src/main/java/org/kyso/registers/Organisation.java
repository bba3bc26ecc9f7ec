package org.kyso.registers;

import java.util.Objects;
import org.kyso.registers.internal.Fold;

/**
 * The organisation that keeps the registers: its full name ("UBND phường Điện Biên") and the abbreviation used in
 * notations ({@code UBND} in {@code 15/QĐ-UBND}).
 */
public record Organisation(String name, String abbreviation) {
  public Organisation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(abbreviation, "abbreviation");
    name = Fold.line(name);
    abbreviation = Fold.line(abbreviation);
    if (name.isEmpty() || abbreviation.isEmpty()) {
      throw new IllegalArgumentException("An organisation needs a name and an abbreviation.");
    }
    if (abbreviation.contains("/") || abbreviation.contains(" ")) {
      throw new IllegalArgumentException("An organisation's abbreviation cannot contain '/' or spaces: " + abbreviation);
    }
  }
}
