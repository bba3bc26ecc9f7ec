package org.kyso.core.internal.revocation;

import eu.europa.esig.dss.service.http.commons.CommonsDataLoader;
import eu.europa.esig.dss.service.http.commons.OCSPDataLoader;
import eu.europa.esig.dss.spi.client.http.DataLoader;
import eu.europa.esig.dss.spi.exception.DSSExternalResourceException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kyso.core.internal.http.PlainHttp;

/**
 * The network under kyso's CRL, OCSP and CA-certificate sources. A plain {@code http://} address reached without a
 * proxy (what CAs publish CRLs, OCSP and AIA at) goes through {@link PlainHttp}; anything else (https, ldap, file, a
 * proxy) and any redirect go through DSS's loader ({@link CommonsDataLoader}, {@link OCSPDataLoader} for OCSP),
 * made only when first needed: for a one-document command, starting DSS's Apache client costs more than the fetch.
 *
 * <p>Answers other than 200 and redirects, and network failures, end as DSS's {@link DSSExternalResourceException}
 * with the reason; a body larger than {@value #MAX_BODY} bytes is refused. Thread-safe.
 */
final class DirectHttpLoader implements DataLoader {
  private static final long serialVersionUID = 1L;
  /** The largest CRL, OCSP answer or certificate accepted (the CRLs of Vietnamese CAs are a few megabytes). */
  static final int MAX_BODY = 64 << 20;
  private static final String OCSP_REQUEST = "application/ocsp-request";

  private final transient PlainHttp plain;
  private final transient Duration connectTimeout;
  private final transient Duration readTimeout;
  private final boolean ocsp;
  private volatile String contentType;
  private transient volatile CommonsDataLoader fallback;

  private DirectHttpLoader(Duration connectTimeout, Duration readTimeout, boolean ocsp) {
    this.plain = new PlainHttp(connectTimeout, readTimeout, MAX_BODY);
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.ocsp = ocsp;
    this.contentType = ocsp ? OCSP_REQUEST : null;
  }

  /** For CRLs and CA certificates (GET). */
  static DirectHttpLoader forFiles(Duration connectTimeout, Duration readTimeout) {
    return new DirectHttpLoader(connectTimeout, readTimeout, false);
  }

  /** For OCSP requests (POST of {@code application/ocsp-request}). */
  static DirectHttpLoader forOcsp(Duration connectTimeout, Duration readTimeout) {
    return new DirectHttpLoader(connectTimeout, readTimeout, true);
  }

  @Override
  public byte[] get(String url) {
    URI uri = direct(url);
    if (uri == null) {
      return fallback().get(url);
    }
    PlainHttp.Response r;
    try {
      r = plain.get(uri);
    } catch (PlainHttp.Failure e) {
      throw failed("GET", url, e.getMessage());
    }
    return r.status() == 200 ? r.body() : redirectedOrFailed(r.status(), "GET", url, () -> fallback().get(url));
  }

  @Override
  public DataAndUrl get(List<String> urls) {
    if (urls == null || urls.isEmpty()) {
      throw new DSSExternalResourceException("Cannot process the GET call. List of URLs is empty!");
    }
    Map<String, String> reasons = new LinkedHashMap<>();
    for (String url : urls) {
      try {
        byte[] data = get(url);
        if (data != null && data.length > 0) {
          return new DataAndUrl(url, data);
        }
        reasons.put(url, "empty answer");
      } catch (RuntimeException e) {
        reasons.put(url, String.valueOf(e.getMessage()));
      }
    }
    throw new DSSExternalResourceException("No address answered: " + reasons);
  }

  @Override
  public byte[] post(String url, byte[] content) {
    URI uri = direct(url);
    if (uri == null) {
      return fallback().post(url, content);
    }
    String type = contentType;
    PlainHttp.Response r;
    try {
      r = ocsp
          ? plain.post(uri, content, "Content-Type", type == null ? OCSP_REQUEST : type, "Accept",
              "application/ocsp-response")
          : type == null ? plain.post(uri, content) : plain.post(uri, content, "Content-Type", type);
    } catch (PlainHttp.Failure e) {
      throw failed("POST", url, e.getMessage());
    }
    return r.status() == 200 ? r.body() : redirectedOrFailed(r.status(), "POST", url,
        () -> fallback().post(url, content));
  }

  @Override
  public void setContentType(String contentType) {
    this.contentType = contentType;
    CommonsDataLoader f = fallback;
    if (f != null) {
      f.setContentType(contentType);
    }
  }

  /** The address as a URI when it is plain http reached directly; null for every other case. */
  private static URI direct(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = URI.create(url.strip());
      return PlainHttp.reachesDirectly(uri) && uri.getRawUserInfo() == null ? uri : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] redirectedOrFailed(int status, String method, String url,
      java.util.function.Supplier<byte[]> viaDss) {
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
      return viaDss.get(); // DSS's client follows redirects (to https as well)
    }
    throw failed(method, url, "HTTP status " + status);
  }

  private static DSSExternalResourceException failed(String method, String url, String reason) {
    return new DSSExternalResourceException(
        String.format("Unable to process %s call for url [%s]. Reason : [%s]", method, url, reason));
  }

  private CommonsDataLoader fallback() {
    CommonsDataLoader f = fallback;
    if (f == null) {
      synchronized (this) {
        f = fallback;
        if (f == null) {
          f = ocsp ? new OCSPDataLoader() : new CommonsDataLoader();
          f.setTimeoutConnection((int) connectTimeout.toMillis());
          f.setTimeoutConnectionRequest((int) connectTimeout.toMillis());
          f.setTimeoutResponse((int) readTimeout.toMillis());
          f.setTimeoutSocket((int) readTimeout.toMillis());
          if (contentType != null) {
            f.setContentType(contentType);
          }
          fallback = f;
        }
      }
    }
    return f;
  }
}
