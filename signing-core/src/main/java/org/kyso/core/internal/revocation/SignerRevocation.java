package org.kyso.core.internal.revocation;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.kyso.core.RevocationAnswers;

/**
 * Where a signer's pre-signing check gets certificate status, as its builder was told: answers shared with other
 * signers ({@code revocationAnswers}), else its own kept in a folder ({@code revocationCache}), else its own kept in
 * memory. One value a builder holds, so the two builder methods replace each other (the last one set wins) and
 * {@code newBuilder()} carries the choice over as it is. Exactly one of {@code answers} and {@code cacheFolder} is set,
 * or neither.
 */
public record SignerRevocation(RevocationAnswers answers, Path cacheFolder) {
  private static final SignerRevocation OWN_IN_MEMORY = new SignerRevocation(null, null);

  public SignerRevocation {
    if (answers != null && cacheFolder != null) {
      throw new IllegalArgumentException("shared answers and a cache folder exclude each other");
    }
  }

  /** The default: the signer keeps its own answers, in memory, for its life. */
  public static SignerRevocation ownInMemory() {
    return OWN_IN_MEMORY;
  }

  /** The signer keeps its own answers, in memory and in {@code folder}. */
  public static SignerRevocation cachedIn(Path folder) {
    return new SignerRevocation(null, Objects.requireNonNull(folder, "folder"));
  }

  /** The signer asks through {@code answers}, shared with whoever else was given them. */
  public static SignerRevocation shared(RevocationAnswers answers) {
    return new SignerRevocation(Objects.requireNonNull(answers, "answers"), null);
  }

  /**
   * The sources of one built signer: the shared ones, or new ones of its own (a kept answer in the folder judged
   * fresh by {@code clock}).
   *
   * @throws IllegalArgumentException if the shared answers were not made by {@link RevocationAnswers}
   */
  public RevocationSources sources(Clock clock) {
    if (answers != null) {
      return SharedAnswers.of(answers);
    }
    return cacheFolder == null ? RevocationSources.online()
        : RevocationSources.builder().clock(clock).cache(DiskRevocationCache.in(cacheFolder)).build();
  }
}
