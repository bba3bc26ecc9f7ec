package org.kyso.token.internal.remote;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.Map;
import org.kyso.core.KysoException;
import org.kyso.core.Pin;
import org.kyso.core.PinSource;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TokenException;
import org.kyso.token.KeyOptions;
import org.kyso.core.internal.json.Json;
import org.kyso.token.internal.csc.CscTransport;
import org.kyso.token.internal.csc.CscTransport.Replay;
import org.kyso.token.internal.csc.CscTransport.Response;

/**
 * JSON over HTTP for the remote services, through {@link CscTransport} (its rule: a request that may have signed is
 * never sent twice). Bodies holding a secret are built into byte arrays and wiped after sending.
 */
public final class ServiceHttp {
  private final CscTransport transport;
  private final String service;

  public ServiceHttp(KeyOptions options, String service) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(options.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    this.transport = new CscTransport(http, options.requestTimeout(), options.retries());
    this.service = service;
  }

  /** Posts JSON; the body may hold {@link Json.Secret}s, which are wiped with the bytes. */
  public Response postJson(URI url, Map<String, Object> body, String bearer, Replay replay)
      throws ServiceUnavailableException {
    byte[] bytes = Json.writeUtf8(body);
    try {
      return transport.post(url, bytes, "application/json; charset=utf-8", bearer, replay);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Posts a form ({@code application/x-www-form-urlencoded}) whose bytes the caller built and wipes. */
  public Response postForm(URI url, byte[] body, Replay replay) throws ServiceUnavailableException {
    return transport.post(url, body, "application/x-www-form-urlencoded", null, replay);
  }

  /** HTTP-level refusals (401, 403) and other non-2xx answers. */
  public KysoException httpError(String method, Response r) {
    String detail = ServiceErrors.clean(r.description().isEmpty() ? Json.string(r.body(), "message").orElse(r.error())
        : r.description());
    if (r.status() == 401 || r.status() == 403) {
      return new TokenException(TokenException.Reason.ACCESS_DENIED, service + " refused kyso's credentials on "
          + method + " (HTTP " + r.status() + (detail.isEmpty() ? "" : ": " + detail) + "). Check the account id and"
          + " the secret given by --service-secret-env/--service-secret-file.");
    }
    ServiceErrors.Kind kind = ServiceErrors.kind(detail + " " + r.error());
    return ServiceErrors.of(service, kind, "HTTP " + r.status() + (detail.isEmpty() ? "" : ", " + detail), null);
  }

  /** Reads the secret from its source; the caller wipes the returned array. */
  public static char[] secret(KeyOptions options, String what) throws KysoException {
    PinSource src = options.serviceSecret().orElseThrow(() -> new IllegalArgumentException(what
        + " needs its secret: give --service-secret-env VAR or --service-secret-file FILE."));
    try (Pin p = src.read(what)) {
      return p.chars();
    }
  }
}
