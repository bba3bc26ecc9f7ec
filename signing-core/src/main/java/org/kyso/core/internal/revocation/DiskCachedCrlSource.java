package org.kyso.core.internal.revocation;

import eu.europa.esig.dss.crl.CRLBinary;
import eu.europa.esig.dss.crl.CRLUtils;
import eu.europa.esig.dss.crl.CRLValidity;
import eu.europa.esig.dss.enumerations.RevocationOrigin;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.CertificateExtensionsUtils;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLToken;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CRLs from a {@link RevocationCache}, keyed by the issuer (its DSS id) and the CRL's address (one CRL answers for
 * every serial number of its issuer), until the CRL's nextUpdate; otherwise from the network, keeping what it
 * answers. A CRL read back is parsed and its signature checked against the issuer again; one that does not check
 * out (damaged, another CA's) is ignored and the network asked.
 */
final class DiskCachedCrlSource implements CRLSource {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DiskCachedCrlSource.class);

  private final transient CRLSource network;
  private final transient RevocationCache cache;
  private final transient Clock clock;
  private final transient AtomicInteger hits = new AtomicInteger();

  DiskCachedCrlSource(CRLSource network, RevocationCache cache, Clock clock) {
    this.network = Objects.requireNonNull(network, "network");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private static String key(CertificateToken issuer, String url) {
    return "crl|" + issuer.getDSSIdAsString() + "|" + url;
  }

  @Override
  public CRLToken getRevocationToken(CertificateToken certificate, CertificateToken issuer) {
    Instant now = clock.instant();
    for (String url : CertificateExtensionsUtils.getCRLAccessUrls(certificate)) {
      Optional<CRLToken> kept = cache.get(key(issuer, url), now)
          .flatMap(der -> token(der, certificate, issuer, url, now));
      if (kept.isPresent()) {
        hits.incrementAndGet();
        return kept.get();
      }
    }
    CRLToken fresh = network.getRevocationToken(certificate, issuer);
    if (fresh != null && fresh.getSourceURL() != null && fresh.getNextUpdate() != null
        && now.isBefore(fresh.getNextUpdate().toInstant()) && fresh.isValid()) {
      cache.put(key(issuer, fresh.getSourceURL()), fresh.getEncoded(), fresh.getNextUpdate().toInstant());
    }
    return fresh;
  }

  private static Optional<CRLToken> token(byte[] der, CertificateToken certificate, CertificateToken issuer,
      String url, Instant now) {
    try {
      CRLBinary binary = CRLUtils.buildCRLBinary(der);
      CRLValidity validity = CRLUtils.buildCRLValidity(binary, issuer);
      CRLToken t = new CRLToken(certificate, validity);
      t.setSourceURL(url);
      t.setExternalOrigin(RevocationOrigin.EXTERNAL);
      boolean current = t.getNextUpdate() != null && now.isBefore(t.getNextUpdate().toInstant());
      return t.isValid() && current ? Optional.of(t) : Optional.empty();
    } catch (java.io.IOException | RuntimeException e) {
      LOG.debug("A cached CRL cannot be read: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** CRLs served from the cache; for tests. */
  int hits() {
    return hits.get();
  }
}
