package org.kyso.core.internal.revocation;

import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.spi.client.http.DataLoader;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.aia.AIASource;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where revocation data comes from: online OCSP and CRL (PEM or DER, cached in memory until their nextUpdate) and
 * missing issuer certificates from AIA addresses, or nothing at all in {@link RevocationMode#OFFLINE} mode.
 *
 * <p>With a {@link Builder#cache RevocationCache}, answers still valid are also kept between processes (a
 * {@code kyso sign} run after another reuses the CRL or OCSP answer the first one fetched).
 *
 * <p>One instance holds one cache: keep it (e.g. in a verifier or signer built once) to reuse CRLs and OCSP
 * answers across documents. Thread-safe.
 */
public final class RevocationSources {
  private final RevocationMode mode;
  private final Clock clock;
  private final CachingCrlLoader crlLoader;
  private final CRLSource crl;
  private final CachingOcspSource ocsp;
  private final AIASource aia;
  private final DiskCachedCrlSource crlDisk;
  private final DiskCachedOcspSource ocspDisk;

  private RevocationSources(RevocationMode mode, Duration connectTimeout, Duration readTimeout, Clock clock,
      RevocationCache cache, UrlRewrites rewrites) {
    this.mode = mode;
    this.clock = clock;
    if (mode == RevocationMode.ONLINE) {
      // plain http addresses directly (DirectHttpLoader); DSS's client only for what needs it
      this.crlLoader = new CachingCrlLoader(rewrites.wrap(DirectHttpLoader.forFiles(connectTimeout, readTimeout)),
          clock);
      OnlineCRLSource crlOnline = new OnlineCRLSource(crlLoader);
      this.crlDisk = cache == null ? null : new DiskCachedCrlSource(crlOnline, cache, clock);
      this.crl = crlDisk == null ? crlOnline : crlDisk;
      OnlineOCSPSource ocspOnline = new OnlineOCSPSource(rewrites.wrap(DirectHttpLoader.forOcsp(connectTimeout,
          readTimeout)));
      this.ocspDisk = cache == null ? null : new DiskCachedOcspSource(ocspOnline, cache, clock);
      this.ocsp = new CachingOcspSource(ocspDisk == null ? ocspOnline : ocspDisk, clock);
      this.aia = new DefaultAIASource(rewrites.wrap(DirectHttpLoader.forFiles(connectTimeout, readTimeout)));
    } else {
      this.crlDisk = null;
      this.ocspDisk = null;
      this.crlLoader = null;
      this.crl = null;
      this.ocsp = null;
      this.aia = null;
    }
  }

  /**
   * Online sources with default timeouts (10 s connect, 120 s read: the government CA's OCSP can take minutes),
   * the known legacy addresses rewritten ({@link UrlRewrites#KNOWN}), on the system clock.
   */
  public static RevocationSources online() {
    return builder().build();
  }

  /** No source at all: only what documents embed is used. */
  public static RevocationSources offline() {
    return builder().mode(RevocationMode.OFFLINE).build();
  }

  public static RevocationSources of(RevocationMode mode) {
    return builder().mode(mode).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public RevocationMode mode() {
    return mode;
  }

  public boolean isOnline() {
    return mode == RevocationMode.ONLINE;
  }

  Clock clock() {
    return clock;
  }

  /** The CRL source, empty offline. */
  public Optional<CRLSource> crlSource() {
    return Optional.ofNullable(crl);
  }

  /** The OCSP source, empty offline. */
  public Optional<OCSPSource> ocspSource() {
    return Optional.ofNullable(ocsp);
  }

  /** The source of missing issuer certificates (AIA caIssuers), empty offline. */
  public Optional<AIASource> aiaSource() {
    return Optional.ofNullable(aia);
  }

  /** Plugs these sources into a DSS certificate verifier (or removes every network source, offline). */
  public void applyTo(CommonCertificateVerifier cv) {
    cv.setCrlSource(crl);
    cv.setOcspSource(ocsp);
    cv.setAIASource(aia);
  }

  /** CRLs downloaded so far (not served from the cache); for tests. */
  int crlDownloads() {
    return crlLoader == null ? 0 : crlLoader.downloads();
  }

  /** OCSP requests sent so far (not served from the cache); for tests. */
  int ocspRequests() {
    return ocsp == null ? 0 : ocsp.requests();
  }

  /** CRLs and OCSP answers read from the {@link RevocationCache} (not the network); for tests. */
  int cacheHits() {
    return (crlDisk == null ? 0 : crlDisk.hits()) + (ocspDisk == null ? 0 : ocspDisk.hits());
  }

  DataLoader crlLoader() {
    return crlLoader;
  }

  @Override
  public String toString() {
    return "RevocationSources[" + mode + "]";
  }

  /** Builds {@link RevocationSources}. */
  public static final class Builder {
    private RevocationMode mode = RevocationMode.ONLINE;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(120);
    private Clock clock = Clock.systemUTC();
    private RevocationCache cache;
    private final java.util.Map<String, String> rewrites = new java.util.LinkedHashMap<>(UrlRewrites.KNOWN);

    private Builder() {}

    /**
     * Also keeps OCSP answers and CRLs in {@code cache} (e.g. a {@link DiskRevocationCache}, shared by the
     * processes of one user) and uses them while they are valid, instead of asking the network again.
     */
    public Builder cache(RevocationCache cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    public Builder mode(RevocationMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d);
      return this;
    }

    public Builder readTimeout(Duration d) {
      this.readTimeout = positive(d);
      return this;
    }

    /** The clock that decides whether a cached CRL or OCSP answer is still fresh. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sends requests for addresses starting with {@code fromPrefix} (e.g. {@code http://ocsp.ca.ptc}) to
     * {@code toPrefix} instead; the known legacy addresses are rewritten by default.
     */
    public Builder rewrite(String fromPrefix, String toPrefix) {
      rewrites.put(Objects.requireNonNull(fromPrefix, "fromPrefix"), Objects.requireNonNull(toPrefix, "toPrefix"));
      return this;
    }

    /** Rewrites no address, not even the known legacy ones. */
    public Builder noRewrites() {
      rewrites.clear();
      return this;
    }

    public RevocationSources build() {
      return new RevocationSources(mode, connectTimeout, readTimeout, clock, cache, UrlRewrites.of(rewrites));
    }

    private static Duration positive(Duration d) {
      Objects.requireNonNull(d, "duration");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("A timeout must be positive.");
      }
      return d;
    }
  }
}
