package org.kyso.server.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.kyso.server.ServerConfig;

/** The routes that need an API token: signing and registers, per organisation. */
public final class Api {
  private final ServerConfig config;
  private final Metrics metrics;

  private final Verification verification;

  private Api(ServerConfig config, Metrics metrics, Verification verification) {
    this.config = config;
    this.metrics = metrics;
    this.verification = verification;
  }

  public static Api create(ServerConfig config, Metrics metrics, Verification verification) {
    return new Api(config, metrics, verification);
  }

  public void close() {
  }

  public Router.Answer readiness() {
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("verification", "ok");
    return Router.Answer.json(200, Map.of("status", "ready", "checks", checks));
  }

  public Router.Answer route(Request request, String path, String method, Fields q, long deadline)
      throws ApiException {
    throw new ApiException(404, "not_found", "There is nothing at this address.");
  }
}
