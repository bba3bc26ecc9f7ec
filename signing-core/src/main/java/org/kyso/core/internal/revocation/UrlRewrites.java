package org.kyso.core.internal.revocation;

import eu.europa.esig.dss.spi.client.http.DataLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rewrites revocation and issuer addresses that certificates still name but that no longer resolve, e.g. the
 * government CA's {@code http://ocsp.ca.ptc} (an address of its private network) to the public
 * {@code http://ocsp.ca.gov.vn}. A rule matches a URL that starts with its prefix followed by the end, '/', ':' or
 * '?', so {@code http://ocsp.ca.ptc} never matches {@code http://ocsp.ca.ptc.example}.
 */
public final class UrlRewrites {
  /** The legacy addresses kyso knows. */
  public static final Map<String, String> KNOWN = Map.of("http://ocsp.ca.ptc", "http://ocsp.ca.gov.vn");

  private final Map<String, String> rules;

  private UrlRewrites(Map<String, String> rules) {
    this.rules = Map.copyOf(rules);
  }

  public static UrlRewrites of(Map<String, String> rules) {
    Map<String, String> m = new LinkedHashMap<>();
    rules.forEach((from, to) -> m.put(strip(Objects.requireNonNull(from, "from")), strip(Objects.requireNonNull(to, "to"))));
    return new UrlRewrites(m);
  }

  public Map<String, String> rules() {
    return rules;
  }

  /** {@code url} with the first matching prefix replaced, or unchanged. */
  public String apply(String url) {
    if (url == null) {
      return null;
    }
    for (Map.Entry<String, String> r : rules.entrySet()) {
      String from = r.getKey();
      if (url.regionMatches(true, 0, from, 0, from.length())
          && (url.length() == from.length() || "/:?".indexOf(url.charAt(from.length())) >= 0)) {
        return r.getValue() + url.substring(from.length());
      }
    }
    return url;
  }

  /** A data loader that sends every request to the rewritten address. */
  public DataLoader wrap(DataLoader inner) {
    Objects.requireNonNull(inner, "inner");
    if (rules.isEmpty()) {
      return inner;
    }
    return new Rewriting(inner, this);
  }

  private static String strip(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static final class Rewriting implements DataLoader {
    private static final long serialVersionUID = 1L;
    private final DataLoader inner;
    private final UrlRewrites rewrites;

    Rewriting(DataLoader inner, UrlRewrites rewrites) {
      this.inner = inner;
      this.rewrites = rewrites;
    }

    @Override
    public byte[] get(String url) {
      return inner.get(rewrites.apply(url));
    }

    @Override
    public DataAndUrl get(List<String> urls) {
      List<String> out = new ArrayList<>();
      for (String u : urls) {
        out.add(rewrites.apply(u));
      }
      return inner.get(out);
    }

    @Override
    public byte[] post(String url, byte[] content) {
      return inner.post(rewrites.apply(url), content);
    }

    @Override
    public void setContentType(String contentType) {
      inner.setContentType(contentType);
    }
  }
}
