package org.kyso.cli.fuzz;

import org.kyso.core.DocumentException;
import org.kyso.core.KysoException;

/**
 * What a fuzz target accepts: kyso's own checked exceptions, which the command line turns into an exit code and
 * one sentence. Everything else fails the fuzz run: an unchecked exception (exit 70), and a kyso exception that
 * only hides a hang or heap exhaustion (the verifier's deadline and memory guard) — those must not happen either.
 */
final class Outcomes {
  private Outcomes() {}

  /** Rethrows what a fuzz run must report; returns for an accepted refusal. */
  static void accept(KysoException e) {
    if (e instanceof DocumentException && e.getMessage() != null
        && (e.getMessage().contains("took longer than") || e.getMessage().contains("needs more memory"))) {
      throw new AssertionError("hang or heap exhaustion hidden as a refusal: " + e.getMessage(), e);
    }
  }
}
