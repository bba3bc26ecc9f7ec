package org.kyso.core.internal.revocation;

import java.time.Instant;
import java.util.Optional;

/**
 * Revocation answers (DER-encoded OCSP responses and CRLs) kept beyond one process, each until its nextUpdate.
 * Only bytes are kept: whoever reads an answer back parses it and checks its signature again, as for a fresh one.
 * Implementations are thread-safe and never throw: a cache that cannot be read or written behaves as an empty one.
 */
public interface RevocationCache {
  /** The answer kept under {@code key}, when there is one still valid at {@code now}. */
  Optional<byte[]> get(String key, Instant now);

  /** Keeps {@code der} under {@code key} until {@code nextUpdate}. */
  void put(String key, byte[] der, Instant nextUpdate);
}
