package org.kyso.registers;

import java.util.List;
import java.util.Optional;

/**
 * The result of {@link Registers#verify()}: whether the journal's hash chain, the entries, the numbering and the
 * anchors are intact, and if not, what is wrong, the first bad record first.
 *
 * @param records journal records checked
 * @param entries entries checked
 * @param anchors timestamp anchors checked (each one proves the chain head existed at its time)
 * @param problems what is wrong, in the order found: the chain (by record), then the entries (by id), the
 *     numbering, the anchors; at most 100
 */
public record JournalVerification(long records, long entries, int anchors, List<String> problems) {
  public JournalVerification {
    problems = List.copyOf(problems);
  }

  public boolean intact() {
    return problems.isEmpty();
  }

  /** The first problem found, naming the first bad record. */
  public Optional<String> firstProblem() {
    return problems.isEmpty() ? Optional.empty() : Optional.of(problems.get(0));
  }
}
