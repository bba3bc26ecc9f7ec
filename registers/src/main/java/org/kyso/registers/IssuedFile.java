package org.kyso.registers;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.KysoException;
import org.kyso.core.verify.Verdict;
import org.kyso.registers.internal.FileDigest;

/**
 * What an {@link IssuanceStep} produced: the SHA-256 of the issued file and, if it was verified, the verdict on its
 * signatures.
 */
public record IssuedFile(String sha256, Optional<Verdict> verdict) {
  public IssuedFile {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(verdict, "verdict");
  }

  /**
   * The digest of a file, no verdict.
   *
   * @throws org.kyso.core.FileAccessException if it cannot be read
   */
  public static IssuedFile of(Path file) throws KysoException {
    return new IssuedFile(FileDigest.sha256(file), Optional.empty());
  }

  public static IssuedFile of(Path file, Verdict verdict) throws KysoException {
    return new IssuedFile(FileDigest.sha256(file), Optional.of(verdict));
  }
}
