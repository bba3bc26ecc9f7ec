package org.kyso.token.remote;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kyso.token.csc.CscUri;

/**
 * A remote signing account as the command line writes it: {@code SCHEME:https://host/base?name=value&…}, for the
 * schemes {@code qd769}, {@code smartca} and {@code mysign} (see {@link RemoteKeys}). Secrets are never part of it:
 * parameters that look like one are refused. Plain {@code http} is accepted only to loopback addresses.
 *
 * @param scheme {@code qd769}, {@code smartca} or {@code mysign}, lower case
 * @param base the service's base URL, without query and trailing slash
 * @param params the query parameters, names in lower case
 */
public record RemoteUri(String scheme, URI base, Map<String, String> params) {
  private static final Set<String> SECRETS = Set.of("sp-password", "sp_password", "client-secret", "client_secret",
      "password", "pin", "otp", "secret");

  public RemoteUri {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(base, "base");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    String s = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (!s.equals("https") && !s.equals("http")) {
      throw new IllegalArgumentException("The " + scheme + " service address must use https.");
    }
    CscUri.checkTransport(base);
  }

  /**
   * Parses {@code scheme:URL?…}, accepting only the parameters in {@code allowed}.
   *
   * @throws IllegalArgumentException with one sentence saying what is wrong
   */
  public static RemoteUri parse(String spec, String scheme, Set<String> allowed) {
    Objects.requireNonNull(spec, "spec");
    String prefix = scheme + ":";
    if (!spec.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw new IllegalArgumentException("The key must start with " + prefix);
    }
    URI u;
    try {
      u = new URI(spec.substring(prefix.length()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("The " + scheme + " service address is not a valid URL: use " + prefix
          + "https://host/base?….");
    }
    if (!u.isAbsolute() || u.getHost() == null) {
      throw new IllegalArgumentException("The " + scheme + " service address must be an absolute URL, e.g. " + prefix
          + "https://host/base?….");
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (u.getRawQuery() != null) {
      for (String part : u.getRawQuery().split("&")) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        String name = (eq < 0 ? part : part.substring(0, eq)).toLowerCase(Locale.ROOT).replace('_', '-');
        String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
        if (SECRETS.contains(name)) {
          throw new IllegalArgumentException("Secrets must not be written into the " + scheme + " address: use"
              + " --service-secret-env/--service-secret-file and --pin-env/--pin-file.");
        }
        if (!allowed.contains(name)) {
          throw new IllegalArgumentException("The " + scheme + " address parameter '" + name + "' is unknown: use "
              + String.join("=, ", allowed) + "=.");
        }
        params.put(name, value);
      }
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    URI base = URI.create(u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority() + path);
    return new RemoteUri(scheme.toLowerCase(Locale.ROOT), base, params);
  }

  /** A parameter, when given and not empty. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name)).filter(v -> !v.isEmpty());
  }

  /**
   * A required parameter.
   *
   * @throws IllegalArgumentException if it is missing
   */
  public String required(String name) {
    return param(name).orElseThrow(() -> new IllegalArgumentException("The " + scheme + " key needs " + name
        + "=… in its address."));
  }

  /** The URL of a method below the base, e.g. {@code signatures/sign}. */
  public URI method(String path) {
    return URI.create(base + "/" + path);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(scheme).append(':').append(base);
    String sep = "?";
    for (Map.Entry<String, String> e : params.entrySet()) {
      b.append(sep).append(e.getKey()).append('=')
          .append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = "&";
    }
    return b.toString();
  }
}
