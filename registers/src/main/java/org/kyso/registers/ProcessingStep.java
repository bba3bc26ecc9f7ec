package org.kyso.registers;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.kyso.registers.internal.Fold;

/**
 * One step in handling an incoming document (the processing trace): when, who, and what was done, e.g.
 * "Chủ tịch", "giao Văn phòng xử lý". Text is kept on one line.
 */
public record ProcessingStep(OffsetDateTime at, String actor, String action) {
  public ProcessingStep {
    Objects.requireNonNull(at, "at");
    at = at.truncatedTo(ChronoUnit.SECONDS);
    actor = Fold.line(Objects.requireNonNull(actor, "actor"));
    action = Fold.line(Objects.requireNonNull(action, "action"));
    if (action.isEmpty()) {
      throw new IllegalArgumentException("A processing step needs an action.");
    }
  }
}
