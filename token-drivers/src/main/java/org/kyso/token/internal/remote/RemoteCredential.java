package org.kyso.token.internal.remote;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kyso.core.TokenException;
import org.kyso.core.TokenException.Reason;
import org.kyso.core.internal.json.Json;

/**
 * A signing credential a CSC-style remote service (Viettel MySign, VNPT SmartCA) lists for the user: its id, its
 * certificate chain (signer first) and the status the service gives it.
 */
public record RemoteCredential(String id, List<X509Certificate> chain, String status) {
  public RemoteCredential {
    chain = List.copyOf(chain);
  }

  /**
   * The credential a {@code credentials/info} answer describes ({@code cert.certificates}, {@code cert.status}), or
   * empty when it holds no certificate.
   */
  static Optional<RemoteCredential> fromInfo(String id, Map<String, Object> info, String service)
      throws TokenException {
    Map<String, Object> cert = Json.object(info, "cert");
    List<X509Certificate> chain = Certs.parseAll(Json.strings(cert, "certificates"), service);
    return chain.isEmpty() ? Optional.empty()
        : Optional.of(new RemoteCredential(id, chain, Json.string(cert, "status").orElse("")));
  }

  /**
   * The credential the key names ({@code credential=ID}), or the first one listed.
   *
   * @throws TokenException {@code KEY_NOT_FOUND} if there is none
   */
  static RemoteCredential choose(List<RemoteCredential> all, Optional<String> wanted, String service, String user)
      throws TokenException {
    return all.stream().filter(c -> wanted.map(w -> w.equals(c.id())).orElse(true)).findFirst()
        .orElseThrow(() -> new TokenException(Reason.KEY_NOT_FOUND, service + " has "
            + wanted.map(w -> "no credential " + w).orElse("no credential") + " for user " + user + "."));
  }
}
