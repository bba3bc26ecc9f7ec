package org.kyso.token;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.PinSource;

/**
 * Everything {@link Keys#open(String, KeyOptions)} may need besides the key's name: where the PIN (and, for a
 * remote signing service, the OTP and the OAuth2 client secret) come from, timeouts and batch sizes. Immutable;
 * {@link #newBuilder()} derives a variant.
 *
 * <pre>{@code
 * KeyOptions o = KeyOptions.builder(PinSource.environment("KYSO_PIN"))
 *     .cscClientSecret(PinSource.file(Path.of("/run/secrets/csc")))
 *     .approvalTimeout(Duration.ofMinutes(5))
 *     .build();
 * }</pre>
 */
public final class KeyOptions {
  private final PinSource pin;
  private final PinSource otp;
  private final PinSource cscClientSecret;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Duration approvalTimeout;
  private final Duration pollInterval;
  private final int retries;
  private final int cscHashesPerRequest;
  private final int pkcs11Sessions;
  private final org.kyso.token.remote.ApprovalListener approvalListener;

  private KeyOptions(Builder b) {
    this.approvalListener = b.approvalListener;
    this.pin = b.pin;
    this.otp = b.otp;
    this.cscClientSecret = b.cscClientSecret;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.approvalTimeout = b.approvalTimeout;
    this.pollInterval = b.pollInterval;
    this.retries = b.retries;
    this.cscHashesPerRequest = b.cscHashesPerRequest;
    this.pkcs11Sessions = b.pkcs11Sessions;
  }

  /** Options with this PIN source and every default. */
  public static KeyOptions of(PinSource pin) {
    return builder(pin).build();
  }

  public static Builder builder(PinSource pin) {
    return new Builder(pin);
  }

  public Builder newBuilder() {
    Builder b = new Builder(pin);
    b.otp = otp;
    b.cscClientSecret = cscClientSecret;
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.approvalTimeout = approvalTimeout;
    b.pollInterval = pollInterval;
    b.retries = retries;
    b.cscHashesPerRequest = cscHashesPerRequest;
    b.pkcs11Sessions = pkcs11Sessions;
    b.approvalListener = approvalListener;
    return b;
  }

  /** The PIN, password (PKCS#12) or CSC authorisation PIN. */
  public PinSource pin() {
    return pin;
  }

  /** Where a CSC one-time password comes from; the PIN source when not set. */
  public PinSource otp() {
    return otp == null ? pin : otp;
  }

  /** The OAuth2 client secret of a CSC service, when it needs one. */
  public Optional<PinSource> cscClientSecret() {
    return Optional.ofNullable(cscClientSecret);
  }

  /**
   * The secret of a remote signing service account: the CSC OAuth2 client secret, the QĐ 769 SP password, the
   * SmartCA or MySign client secret. The same value as {@link #cscClientSecret()}.
   */
  public Optional<PinSource> serviceSecret() {
    return Optional.ofNullable(cscClientSecret);
  }

  /** Told while a remote signature waits for the user's approval in an app. */
  public org.kyso.token.remote.ApprovalListener approvalListener() {
    return approvalListener;
  }

  /** How long to wait for a TCP/TLS connection (default 10 s). */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long to wait for one HTTP answer (default 60 s). */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** How long to wait for the user to approve a remote signature, e.g. on a phone (default 2 min). */
  public Duration approvalTimeout() {
    return approvalTimeout;
  }

  /** How often to ask whether the user approved (default 2 s; a server's Retry-After wins). */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** How many times a request that cannot have signed anything is retried (default 2). */
  public int retries() {
    return retries;
  }

  /** How many hashes one CSC signHash request carries at most (default 50). */
  public int cscHashesPerRequest() {
    return cscHashesPerRequest;
  }

  /** How many PKCS#11 sessions signing threads may use at once (default 8). */
  public int pkcs11Sessions() {
    return pkcs11Sessions;
  }

  @Override
  public String toString() {
    return "KeyOptions[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
        + ", approvalTimeout=" + approvalTimeout + ", hashesPerRequest=" + cscHashesPerRequest + "]";
  }

  /** Builds {@link KeyOptions}. */
  public static final class Builder {
    private final PinSource pin;
    private PinSource otp;
    private PinSource cscClientSecret;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration approvalTimeout = Duration.ofMinutes(2);
    private Duration pollInterval = Duration.ofSeconds(2);
    private int retries = 2;
    private int cscHashesPerRequest = 50;
    private int pkcs11Sessions = 8;
    private org.kyso.token.remote.ApprovalListener approvalListener = org.kyso.token.remote.ApprovalListener.NONE;

    private Builder(PinSource pin) {
      this.pin = Objects.requireNonNull(pin, "pin");
    }

    public Builder otp(PinSource source) {
      this.otp = Objects.requireNonNull(source, "source");
      return this;
    }

    public Builder cscClientSecret(PinSource source) {
      this.cscClientSecret = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The remote service's secret (SP password, client secret); same as {@link #cscClientSecret}. */
    public Builder serviceSecret(PinSource source) {
      return cscClientSecret(source);
    }

    public Builder approvalListener(org.kyso.token.remote.ApprovalListener listener) {
      this.approvalListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = positive(d, "requestTimeout");
      return this;
    }

    public Builder approvalTimeout(Duration d) {
      this.approvalTimeout = positive(d, "approvalTimeout");
      return this;
    }

    public Builder pollInterval(Duration d) {
      this.pollInterval = positive(d, "pollInterval");
      return this;
    }

    public Builder retries(int n) {
      if (n < 0 || n > 10) {
        throw new IllegalArgumentException("retries must be between 0 and 10");
      }
      this.retries = n;
      return this;
    }

    public Builder cscHashesPerRequest(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("cscHashesPerRequest must be at least 1");
      }
      this.cscHashesPerRequest = n;
      return this;
    }

    public Builder pkcs11Sessions(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("pkcs11Sessions must be at least 1");
      }
      this.pkcs11Sessions = n;
      return this;
    }

    public KeyOptions build() {
      return new KeyOptions(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }
  }
}
