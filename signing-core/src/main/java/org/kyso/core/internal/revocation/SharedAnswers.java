package org.kyso.core.internal.revocation;

import java.nio.file.Path;
import java.time.Clock;
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

  /**
   * The sources of a signer's pre-signing check, from its builder's settings: the shared {@code answers} when given,
   * else its own with answers kept in {@code cacheFolder} (judged fresh by {@code clock}) when given, else its own
   * kept in memory.
   */
  public static RevocationSources forSigner(RevocationAnswers answers, Path cacheFolder, Clock clock) {
    if (answers != null) {
      return of(answers);
    }
    return cacheFolder == null ? RevocationSources.online()
        : RevocationSources.builder().clock(clock).cache(DiskRevocationCache.in(cacheFolder)).build();
  }

  @Override
  public String toString() {
    return "RevocationAnswers[" + sources + "]";
  }
}
