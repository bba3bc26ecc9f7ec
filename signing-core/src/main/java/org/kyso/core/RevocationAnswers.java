package org.kyso.core;

import java.nio.file.Path;
import java.util.Objects;
import org.kyso.core.internal.revocation.DiskRevocationCache;
import org.kyso.core.internal.revocation.RevocationSources;
import org.kyso.core.internal.revocation.SharedAnswers;

/**
 * Where signers ask the CA for a certificate's status (OCSP, CRL), and the answers they keep: each until its
 * nextUpdate, in memory and, from {@link #cachedIn}, also on disk for later processes. Give the same instance to
 * several signers (e.g. a {@code PdfSigner} and an {@code XmlSigner} of one run): an answer one of them fetched is
 * not fetched again by the others. Thread-safe.
 *
 * <p>Made only by {@link #inMemory()} and {@link #cachedIn(Path)}; signers refuse another implementation.
 */
public interface RevocationAnswers {
  /** Answers kept in memory for the life of this instance. */
  static RevocationAnswers inMemory() {
    return new SharedAnswers(RevocationSources.online());
  }

  /** Answers kept in memory and in {@code folder} (created when needed), read back by later processes. */
  static RevocationAnswers cachedIn(Path folder) {
    Objects.requireNonNull(folder, "folder");
    return new SharedAnswers(RevocationSources.builder().cache(DiskRevocationCache.in(folder)).build());
  }
}
