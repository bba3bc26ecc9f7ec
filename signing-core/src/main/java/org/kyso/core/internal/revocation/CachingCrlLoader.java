package org.kyso.core.internal.revocation;

import eu.europa.esig.dss.spi.client.http.DataLoader;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data loader behind kyso's CRL source: converts PEM CRLs to DER (DSS embeds the bytes it is given, and a
 * PEM CRL inside a PDF or XAdES signature is wrong), and keeps each CRL in memory until its nextUpdate, so that
 * one CRL serves every certificate and every document it covers.
 */
final class CachingCrlLoader implements DataLoader {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CachingCrlLoader.class);
  private static final int MAX_ENTRIES = 512;

  private record Entry(byte[] der, Instant nextUpdate) {}

  private final transient DataLoader network;
  private final transient Clock clock;
  private final transient Map<String, Entry> cache = new ConcurrentHashMap<>();
  private final transient AtomicInteger downloads = new AtomicInteger();
  private final transient Map<String, Object> downloading = new ConcurrentHashMap<>();

  CachingCrlLoader(DataLoader network, Clock clock) {
    this.network = Objects.requireNonNull(network, "network");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public byte[] get(String url) {
    Entry e = cache.get(url);
    if (e != null && clock.instant().isBefore(e.nextUpdate())) {
      return e.der().clone();
    }
    // one download per address at a time: the documents of a batch that need the same CRL at once wait for it
    // instead of each downloading it
    Object lock = downloading.computeIfAbsent(url, u -> new Object());
    try {
      synchronized (lock) {
        return load(url);
      }
    } finally {
      downloading.remove(url, lock);
    }
  }

  private byte[] load(String url) {
    Instant now = clock.instant();
    Entry e = cache.get(url);
    if (e != null && now.isBefore(e.nextUpdate())) {
      return e.der().clone();
    }
    downloads.incrementAndGet();
    byte[] der = PemCrls.toDer(network.get(url));
    Instant next = nextUpdate(der);
    if (next != null && now.isBefore(next)) {
      if (cache.size() >= MAX_ENTRIES) {
        cache.values().removeIf(x -> !now.isBefore(x.nextUpdate()));
        if (cache.size() >= MAX_ENTRIES) {
          cache.clear();
        }
      }
      cache.put(url, new Entry(der.clone(), next));
    }
    return der;
  }

  /** How many CRLs were downloaded (not served from the cache). */
  int downloads() {
    return downloads.get();
  }

  private static Instant nextUpdate(byte[] der) {
    try {
      X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
          .generateCRL(new ByteArrayInputStream(der));
      return crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
    } catch (Exception e) {
      LOG.debug("A downloaded CRL cannot be parsed; it is not cached: {}", e.getMessage());
      return null;
    }
  }

  @Override
  public DataAndUrl get(List<String> urls) {
    RuntimeException last = null;
    for (String url : urls) {
      try {
        return new DataAndUrl(url, get(url));
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last != null ? last : new IllegalArgumentException("no URL");
  }

  @Override
  public byte[] post(String url, byte[] content) {
    return network.post(url, content);
  }

  @Override
  public void setContentType(String contentType) {
    network.setContentType(contentType);
  }
}
