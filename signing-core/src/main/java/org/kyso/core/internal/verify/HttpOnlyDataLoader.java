package org.kyso.core.internal.verify;

import eu.europa.esig.dss.service.http.commons.CommonsDataLoader;
import eu.europa.esig.dss.spi.client.http.DataLoader;
import eu.europa.esig.dss.spi.exception.DSSExternalResourceException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A DSS data loader that fetches only {@code http} and {@code https} addresses, with short timeouts: used for
 * addresses that come from documents (AIA issuer certificates), so that a hostile document cannot make kyso
 * read local files ({@code file:}) or talk LDAP/FTP.
 */
public final class HttpOnlyDataLoader implements DataLoader {
  private static final long serialVersionUID = 1L;
  private final CommonsDataLoader delegate;

  public HttpOnlyDataLoader() {
    this.delegate = new CommonsDataLoader();
    delegate.setTimeoutConnection(5_000);
    delegate.setTimeoutResponse(15_000);
  }

  static boolean allowed(String url) {
    try {
      String scheme = URI.create(url.strip()).getScheme();
      return scheme != null && ("http".equals(scheme.toLowerCase(Locale.ROOT))
          || "https".equals(scheme.toLowerCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public byte[] get(String url) {
    if (!allowed(url)) {
      throw new DSSExternalResourceException("kyso fetches only http and https addresses");
    }
    return delegate.get(url);
  }

  @Override
  public DataAndUrl get(List<String> urlStrings) {
    List<String> ok = new ArrayList<>();
    for (String u : urlStrings) {
      if (allowed(u)) {
        ok.add(u);
      }
    }
    if (ok.isEmpty()) {
      throw new DSSExternalResourceException("kyso fetches only http and https addresses");
    }
    return delegate.get(ok);
  }

  @Override
  public byte[] post(String url, byte[] content) {
    if (!allowed(url)) {
      throw new DSSExternalResourceException("kyso fetches only http and https addresses");
    }
    return delegate.post(url, content);
  }

  @Override
  public void setContentType(String contentType) {
    delegate.setContentType(contentType);
  }
}
