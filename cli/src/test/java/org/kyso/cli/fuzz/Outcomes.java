package org.kyso.cli.fuzz;

import java.util.concurrent.TimeoutException;
import org.kyso.core.KysoException;

/**
 * What a fuzz target accepts: kyso's own checked exceptions, which the command line turns into an exit code and
 * one sentence. Everything else fails the fuzz run: an unchecked exception (exit 70), and a kyso exception that
 * only wraps a hang or heap exhaustion (the verifier's deadline and memory guard keep the cause) — those must not
 * happen either. Decided on the cause, never on the message, which may echo the fuzzed text.
 */
final class Outcomes {
  private Outcomes() {}

  /** Rethrows what a fuzz run must report; returns for an accepted refusal. */
  static void accept(KysoException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError || t instanceof TimeoutException) {
        throw new AssertionError("a hang or heap exhaustion behind a refusal: " + e.getMessage(), e);
      }
    }
  }
}
