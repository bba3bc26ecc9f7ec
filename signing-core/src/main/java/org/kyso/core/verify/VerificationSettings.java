package org.kyso.core.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.TrustAnchors;

/**
 * The settings of a {@link Verifier}, handed to each {@link VerificationFormat} it was given. Made by {@code
 * Verifier} only; immutable.
 */
public final class VerificationSettings {
  private final TrustAnchors trust;
  private final boolean online;
  private final boolean documentUrls;
  private final boolean detailedReport;
  private final Clock clock;
  private final byte[] policy;
  private final long maxFileSize;
  private final Duration timeout;
  private final char[] password;

  VerificationSettings(TrustAnchors trust, boolean online, boolean documentUrls, boolean detailedReport,
      Clock clock, byte[] policy, long maxFileSize, Duration timeout, char[] password) {
    this.trust = Objects.requireNonNull(trust, "trust");
    this.online = online;
    this.documentUrls = documentUrls;
    this.detailedReport = detailedReport;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = policy == null ? null : policy.clone();
    this.maxFileSize = maxFileSize;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.password = password == null ? null : password.clone();
  }

  public TrustAnchors trust() {
    return trust;
  }

  /** False: nothing is fetched from the network. */
  public boolean online() {
    return online;
  }

  /** Whether missing issuer certificates may be fetched from the documents' AIA addresses (http/https only). */
  public boolean documentUrls() {
    return documentUrls;
  }

  public boolean detailedReport() {
    return detailedReport;
  }

  public Clock clock() {
    return clock;
  }

  /** The DSS validation policy (XML), if one was given; a copy. */
  public Optional<byte[]> policy() {
    return policy == null ? Optional.empty() : Optional.of(policy.clone());
  }

  public long maxFileSize() {
    return maxFileSize;
  }

  public Duration timeout() {
    return timeout;
  }

  /** The password that opens protected documents, if one was given; a copy the caller should clear. */
  public Optional<char[]> password() {
    return password == null ? Optional.empty() : Optional.of(password.clone());
  }

  @Override
  public String toString() {
    return "VerificationSettings[online=" + online + ", documentUrls=" + documentUrls + ", maxFileSize="
        + maxFileSize + ", timeout=" + timeout + ", password=" + (password == null ? "none" : "given") + "]";
  }
}
