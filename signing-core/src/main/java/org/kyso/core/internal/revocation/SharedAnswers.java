package org.kyso.core.internal.revocation;

import java.util.Objects;
import org.kyso.core.RevocationAnswers;

/** The one {@link RevocationAnswers}: {@link RevocationSources} behind a public name. */
public record SharedAnswers(RevocationSources sources) implements RevocationAnswers {
  public SharedAnswers {
    Objects.requireNonNull(sources, "sources");
  }

  /** The sources behind {@code answers}; refuses an implementation not made by {@link RevocationAnswers}. */
  public static RevocationSources of(RevocationAnswers answers) {
    if (answers instanceof SharedAnswers s) {
      return s.sources;
    }
    throw new IllegalArgumentException("Make revocation answers with RevocationAnswers.inMemory() or cachedIn().");
  }

  @Override
  public String toString() {
    return "RevocationAnswers[" + sources + "]";
  }
}
