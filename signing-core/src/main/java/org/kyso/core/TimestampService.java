package org.kyso.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach RFC 3161 timestamp authorities: one or more URLs tried in order (failover), timeouts, the policy
 * expected, and optional credentials. An immutable value; the client that uses it lives in the implementation.
 */
public final class TimestampService {
  private final List<URI> urls;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final String policyOid;
  private final String username;
  private final char[] password;
  private final char[] bearerToken;
  private final DigestAlgorithm digest;

  private TimestampService(Builder b) {
    this.urls = List.copyOf(b.urls);
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.policyOid = b.policyOid;
    this.username = b.username;
    this.password = b.password;
    this.bearerToken = b.bearerToken;
    this.digest = b.digest;
  }

  /** A service with these URLs, tried in order, and default timeouts (5 s connect, 150 s read: the government TSA was measured answering in 2–131 s). */
  public static TimestampService of(URI... urls) {
    Builder b = builder();
    for (URI u : urls) {
      b.url(u);
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    Builder b = new Builder();
    b.urls.addAll(urls);
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.policyOid = policyOid;
    b.username = username;
    b.password = password;
    b.bearerToken = bearerToken;
    b.digest = digest;
    return b;
  }

  public List<URI> urls() {
    return urls;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  /** The TSA policy OID to request and to require in the answer, if any. */
  public Optional<String> policyOid() {
    return Optional.ofNullable(policyOid);
  }

  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** A copy of the basic-auth password, if any; the caller wipes it. */
  public Optional<char[]> password() {
    return Optional.ofNullable(password).map(char[]::clone);
  }

  /** A copy of the bearer token, if any; the caller wipes it. */
  public Optional<char[]> bearerToken() {
    return Optional.ofNullable(bearerToken).map(char[]::clone);
  }

  /** The digest of the message imprint sent to the TSA. */
  public DigestAlgorithm digest() {
    return digest;
  }

  @Override
  public String toString() {
    return "TimestampService" + urls + (username != null ? " (basic auth)" : "")
        + (bearerToken != null ? " (bearer)" : "");
  }

  /** Builds a {@link TimestampService}. */
  public static final class Builder {
    private final List<URI> urls = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(150); // the government TSA was measured answering in up to 131 s
    private String policyOid;
    private String username;
    private char[] password;
    private char[] bearerToken;
    private DigestAlgorithm digest = DigestAlgorithm.SHA256;

    private Builder() {}

    /** Adds a TSA URL; URLs are tried in the order they were added. */
    public Builder url(URI url) {
      Objects.requireNonNull(url, "url");
      String s = url.getScheme();
      if (!"http".equalsIgnoreCase(s) && !"https".equalsIgnoreCase(s)) {
        throw new IllegalArgumentException("A TSA URL must be http or https: " + url);
      }
      urls.add(url);
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = requirePositive(d);
      return this;
    }

    public Builder readTimeout(Duration d) {
      this.readTimeout = requirePositive(d);
      return this;
    }

    public Builder policyOid(String oid) {
      this.policyOid = Objects.requireNonNull(oid, "oid");
      return this;
    }

    public Builder basicAuth(String username, char[] password) {
      this.username = Objects.requireNonNull(username, "username");
      this.password = Objects.requireNonNull(password, "password").clone();
      return this;
    }

    public Builder bearerToken(char[] token) {
      this.bearerToken = Objects.requireNonNull(token, "token").clone();
      return this;
    }

    public Builder digest(DigestAlgorithm digest) {
      this.digest = Objects.requireNonNull(digest, "digest");
      return this;
    }

    /** @throws IllegalStateException if no URL was given */
    public TimestampService build() {
      if (urls.isEmpty()) {
        throw new IllegalStateException("A timestamp service needs at least one URL.");
      }
      return new TimestampService(this);
    }

    private static Duration requirePositive(Duration d) {
      Objects.requireNonNull(d, "duration");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("A timeout must be positive.");
      }
      return d;
    }
  }
}
