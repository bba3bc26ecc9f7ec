package org.kyso.token.csc;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a Cloud Signature Consortium (CSC API v2) service is and which credential to use, as written on the
 * command line: {@code csc:https://host/csc/v2?credential=ID&client-id=CLIENT}. The {@code csc:} prefix is
 * optional. The base URL is what the API methods hang from: {@code {base}/info},
 * {@code {base}/credentials/list}...
 *
 * <p>Plain {@code http} is accepted only for loopback addresses (a test server or a local proxy); secrets are
 * never part of it ({@code client-secret}, {@code pin} and {@code otp} parameters are refused).
 *
 * @param base the service's base URL, without query
 * @param credential the credential id ({@code credential=}), when chosen
 * @param clientId the OAuth2 client id ({@code client-id=}), when the service needs OAuth2
 */
public record CscUri(URI base, Optional<String> credential, Optional<String> clientId) {
  public CscUri {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(clientId, "clientId");
    checkTransport(base);
  }

  /**
   * Parses {@code [csc:]https://host/path[?credential=ID][&client-id=CLIENT]}.
   *
   * @throws IllegalArgumentException if it is not an absolute http(s) URL, uses http to a non-loopback host, or
   *     carries a secret or an unknown parameter
   */
  public static CscUri parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    String s = spec.regionMatches(true, 0, "csc:", 0, 4) ? spec.substring(4) : spec;
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("The CSC service address is not a valid URL: use csc:https://host/csc/v2.");
    }
    if (!u.isAbsolute() || u.getHost() == null) {
      throw new IllegalArgumentException("The CSC service address must be an absolute URL, e.g. csc:https://host/csc/v2.");
    }
    String credential = null;
    String clientId = null;
    if (u.getRawQuery() != null) {
      for (String part : u.getRawQuery().split("&")) {
        if (part.isEmpty()) {
          continue;
        }
        int eq = part.indexOf('=');
        String name = (eq < 0 ? part : part.substring(0, eq)).toLowerCase(Locale.ROOT);
        String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
        switch (name) {
          case "credential", "credentialid" -> credential = value;
          case "client-id", "client_id" -> clientId = value;
          case "client-secret", "client_secret", "pin", "otp", "password" -> throw new IllegalArgumentException(
              "Secrets must not be written into the CSC address: use --csc-secret-env/--csc-secret-file and"
                  + " --pin-env/--pin-file.");
          default -> throw new IllegalArgumentException("The CSC address parameter '" + name
              + "' is unknown: use credential= and client-id=.");
        }
      }
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    URI base = URI.create(u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority() + path);
    return new CscUri(base, Optional.ofNullable(credential).filter(v -> !v.isEmpty()),
        Optional.ofNullable(clientId).filter(v -> !v.isEmpty()));
  }

  /** The URL of an API method, e.g. {@code credentials/list}. */
  public URI method(String name) {
    return URI.create(base + "/" + name);
  }

  /**
   * Refuses URLs kyso must not send credentials to: anything but https, except http to a loopback address.
   *
   * @throws IllegalArgumentException if the URL is not allowed
   */
  public static void checkTransport(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return;
    }
    if (scheme.equals("http")) {
      if (isLoopback(url.getHost())) {
        return;
      }
      throw new IllegalArgumentException("Plain http is allowed only to this computer (127.0.0.1, localhost): use"
          + " https for the signing service at " + url.getHost() + ".");
    }
    throw new IllegalArgumentException("The CSC service address must use https.");
  }

  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    // only literal addresses: no name lookup decides where secrets go
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("csc:").append(base);
    String sep = "?";
    if (credential.isPresent()) {
      b.append(sep).append("credential=").append(java.net.URLEncoder.encode(credential.get(), StandardCharsets.UTF_8));
      sep = "&";
    }
    if (clientId.isPresent()) {
      b.append(sep).append("client-id=").append(java.net.URLEncoder.encode(clientId.get(), StandardCharsets.UTF_8));
    }
    return b.toString();
  }
}
