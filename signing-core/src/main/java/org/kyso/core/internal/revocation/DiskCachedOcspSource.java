package org.kyso.core.internal.revocation;

import eu.europa.esig.dss.enumerations.RevocationOrigin;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.DSSRevocationUtils;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPSource;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPToken;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OCSP answers from a {@link RevocationCache}, keyed by the issuer (its DSS id, a digest of the certificate) and the
 * certificate's serial number, until the answer's nextUpdate; otherwise from the network, keeping what it answers.
 * An answer read back is parsed into a new token and its signature checked again ({@link OCSPToken#isValid()});
 * one that does not check out is ignored and the network asked. Answers without nextUpdate, with a bad signature or
 * for another certificate are neither kept nor used.
 */
final class DiskCachedOcspSource implements OCSPSource {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DiskCachedOcspSource.class);

  private final transient OCSPSource network;
  private final transient RevocationCache cache;
  private final transient Clock clock;
  private final transient AtomicInteger hits = new AtomicInteger();

  DiskCachedOcspSource(OCSPSource network, RevocationCache cache, Clock clock) {
    this.network = Objects.requireNonNull(network, "network");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  static String key(CertificateToken certificate, CertificateToken issuer) {
    return "ocsp|" + issuer.getDSSIdAsString() + "|" + certificate.getSerialNumber().toString(16);
  }

  @Override
  public OCSPToken getRevocationToken(CertificateToken certificate, CertificateToken issuer) {
    Instant now = clock.instant();
    String key = key(certificate, issuer);
    Optional<OCSPToken> kept = cache.get(key, now).flatMap(der -> token(der, certificate, issuer));
    if (kept.isPresent()) {
      hits.incrementAndGet();
      return kept.get();
    }
    OCSPToken fresh = network.getRevocationToken(certificate, issuer);
    if (fresh != null && fresh.getNextUpdate() != null && now.isBefore(fresh.getNextUpdate().toInstant())
        && fresh.isValid()) {
      try {
        cache.put(key, DSSRevocationUtils.getEncodedFromBasicResp(fresh.getBasicOCSPResp()),
            fresh.getNextUpdate().toInstant());
      } catch (RuntimeException e) {
        LOG.debug("An OCSP answer could not be encoded for the cache: {}", e.getMessage());
      }
    }
    return fresh;
  }

  private static Optional<OCSPToken> token(byte[] der, CertificateToken certificate, CertificateToken issuer) {
    try {
      BasicOCSPResp basic = DSSRevocationUtils.loadOCSPFromBinaries(der);
      SingleResp single = DSSRevocationUtils.getLatestSingleResponse(basic, certificate, issuer);
      if (single == null) {
        return Optional.empty();
      }
      OCSPToken t = new OCSPToken(basic, single, certificate, issuer);
      t.setExternalOrigin(RevocationOrigin.EXTERNAL);
      return t.isValid() ? Optional.of(t) : Optional.empty();
    } catch (java.io.IOException | RuntimeException e) {
      LOG.debug("A cached OCSP answer cannot be read: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** Answers served from the cache; for tests. */
  int hits() {
    return hits.get();
  }
}
