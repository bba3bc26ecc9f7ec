package org.kyso.core.internal.revocation;

import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPSource;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPToken;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps valid OCSP answers in memory until their nextUpdate. Answers without nextUpdate (the responder has fresh
 * data for every request) are not kept; neither are answers whose signature does not verify.
 */
final class CachingOcspSource implements OCSPSource {
  private static final long serialVersionUID = 1L;
  private static final int MAX_ENTRIES = 4096;

  private final transient OCSPSource network;
  private final transient Clock clock;
  /** The parts of an answer; a fresh token is built from them for each use, since DSS tokens carry state. */
  private record Entry(org.bouncycastle.cert.ocsp.BasicOCSPResp basic, org.bouncycastle.cert.ocsp.SingleResp single,
      String url, Instant nextUpdate) {}

  private final transient Map<String, Entry> cache = new ConcurrentHashMap<>();
  private final transient AtomicInteger requests = new AtomicInteger();
  private final transient Map<String, Object> asking = new ConcurrentHashMap<>();

  CachingOcspSource(OCSPSource network, Clock clock) {
    this.network = Objects.requireNonNull(network, "network");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public OCSPToken getRevocationToken(CertificateToken certificate, CertificateToken issuer) {
    String key = certificate.getDSSIdAsString() + "|" + issuer.getDSSIdAsString();
    // one request per certificate at a time: the documents of a batch asking at once wait for the one answer
    Object lock = asking.computeIfAbsent(key, k -> new Object());
    try {
      synchronized (lock) {
        return lookup(key, certificate, issuer);
      }
    } finally {
      asking.remove(key, lock);
    }
  }

  private OCSPToken lookup(String key, CertificateToken certificate, CertificateToken issuer) {
    Instant now = clock.instant();
    Entry cached = cache.get(key);
    if (cached != null && now.isBefore(cached.nextUpdate())) {
      OCSPToken t = new OCSPToken(cached.basic(), cached.single(), certificate, issuer);
      t.setSourceURL(cached.url());
      t.setExternalOrigin(eu.europa.esig.dss.enumerations.RevocationOrigin.EXTERNAL);
      return t;
    }
    requests.incrementAndGet();
    OCSPToken fresh = network.getRevocationToken(certificate, issuer);
    if (fresh != null && fresh.isValid() && fresh.getNextUpdate() != null
        && now.isBefore(fresh.getNextUpdate().toInstant())) {
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
      cache.put(key, new Entry(fresh.getBasicOCSPResp(), fresh.getLatestSingleResp(), fresh.getSourceURL(),
          fresh.getNextUpdate().toInstant()));
    }
    return fresh;
  }

  /** How many answers were asked of the network (not served from the cache). */
  int requests() {
    return requests.get();
  }
}
