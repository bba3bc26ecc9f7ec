package org.kyso.token.csc;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a CSC service says about itself ({@code info}).
 *
 * @param specs the API version, e.g. {@code 2.0.0.2}
 * @param name the service name
 * @param region the ISO 3166 country code
 * @param description the description
 * @param authTypes how clients authenticate, e.g. {@code oauth2client}
 * @param oauth2 the OAuth2 server base URL, when it is not the service's own
 * @param methods the API methods the service offers
 */
public record CscInfo(String specs, String name, String region, String description, List<String> authTypes,
    Optional<URI> oauth2, List<String> methods) {
  public CscInfo {
    Objects.requireNonNull(specs, "specs");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(description, "description");
    authTypes = List.copyOf(authTypes);
    Objects.requireNonNull(oauth2, "oauth2");
    methods = List.copyOf(methods);
  }

  /** True when the service lists {@code method}, or lists no methods at all (then everything is assumed). */
  public boolean offers(String method) {
    return methods.isEmpty() || methods.contains(method);
  }
}
