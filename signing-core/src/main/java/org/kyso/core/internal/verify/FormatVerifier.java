package org.kyso.core.internal.verify;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.VerificationReport;

/**
 * A format module's own way of verifying the documents of its format, found with {@link java.util.ServiceLoader}
 * and consulted by {@link org.kyso.core.verify.Verifier} before it runs its common validation (signing-core knows
 * no XML or PDF, so the XML module registers the XML one). Internal: not part of kyso's API.
 *
 * <p>{@code Verifier} checks the file (exists, readable, not empty, not larger than its size limit) before asking,
 * and runs {@code verify} under its own deadline; an implementation must apply every other setting it is given
 * and must be thread-safe and stateless.
 */
public interface FormatVerifier {
  /** How many bytes from the start of a document {@link #claims} is shown (fewer when the document is shorter). */
  int HEAD_BYTES = 1024;

  /** The verifier's settings, passed to the format module unchanged. */
  record Settings(TrustAnchors trust, boolean online, boolean documentUrls, boolean detailedReport, Clock clock,
      Optional<byte[]> policy, long maxFileSize, Duration timeout) {
    public Settings {
      Objects.requireNonNull(trust, "trust");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /** True when this format verifier judges the document that starts with {@code head}. */
  boolean claims(byte[] head);

  /** Verifies a file that {@link #claims} claimed. */
  VerificationReport verify(Path file, Settings settings) throws KysoException;

  /** Verifies a document held in memory that {@link #claims} claimed; {@code name} is for the report only. */
  VerificationReport verify(byte[] document, String name, Settings settings) throws KysoException;
}
