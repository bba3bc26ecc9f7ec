package org.kyso.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.kyso.server.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.kyso.core.internal.json.Json;

/**
 * Every route of {@code kyso serve}: the page, the versioned API, health, readiness and metrics. Each answer is JSON
 * (errors too: a stable code and one sentence) except the page, its assets and the metrics.
 */
public final class Router extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  private final ServerConfig config;
  private final Metrics metrics;
  private final Verification verification;
  private final Page page;
  private final Api api;
  /**
   * Request bodies held in memory at once: twice the verification slots. With the upload limit this bounds the
   * memory uploads take, however many clients send large files at the same time.
   */
  private final java.util.concurrent.Semaphore bodies;

  /** Every API route (path template to method), as {@code /v1/openapi.json} must describe them. */
  public static final Map<String, String> ROUTES = routes();

  private static Map<String, String> routes() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("/v1/verify", "POST");
    m.put("/v1/inspect", "POST");
    m.put("/healthz", "GET");
    m.put("/readyz", "GET");
    m.put("/metrics", "GET");
    m.put("/v1/openapi.json", "GET");
    m.put("/v1/sign/pdf", "POST");
    m.put("/v1/sign/xml", "POST");
    m.put("/v1/sign/pdf/prepare", "POST");
    m.put("/v1/sign/pdf/complete", "POST");
    m.put("/v1/sign/xml/prepare", "POST");
    m.put("/v1/sign/xml/complete", "POST");
    m.put("/v1/jobs/sign/pdf", "POST");
    m.put("/v1/jobs/sign/xml", "POST");
    m.put("/v1/jobs/{id}", "GET");
    m.put("/v1/jobs/{id}/result", "GET");
    m.put("/v1/orgs/{org}/registers/out", "POST");
    m.put("/v1/orgs/{org}/registers/in", "POST");
    m.put("/v1/orgs/{org}/registers/out/{year}/{number}", "GET");
    m.put("/v1/orgs/{org}/registers/in/{year}/{number}", "GET");
    m.put("/v1/orgs/{org}/registers/search", "GET");
    m.put("/v1/orgs/{org}/registers/export.csv", "GET");
    m.put("/v1/orgs/{org}/registers/export.pdf", "GET");
    m.put("/v1/orgs/{org}/registers/verify", "GET");
    return java.util.Collections.unmodifiableMap(m);
  }

  public Router(ServerConfig config, Metrics metrics, Verification verification, Api api) {
    this.config = config;
    this.metrics = metrics;
    this.verification = verification;
    this.page = new Page(config.maxPagesRendered());
    this.api = api;
    this.bodies = new java.util.concurrent.Semaphore(Math.max(2, config.verifyConcurrency() * 2), true);
  }

  /** A response to write: status, content type, body and extra headers. */
  public record Answer(int status, String type, byte[] body, Map<String, String> headers) {
    public static Answer json(int status, String json) {
      return new Answer(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static Answer json(int status, Object value) {
      return json(status, Json.write(value, Json.Escaping.HTML_SAFE));
    }

    public Answer with(String header, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(header, value);
      return new Answer(status, type, body, h);
    }
  }

  /** The JSON error answer. */
  public static Answer error(int status, String code, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", code);
    e.put("message", message);
    return Answer.json(status, Map.of("error", e));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    String route = routeName(path);
    Answer a;
    try {
      if (method.equals("OPTIONS")) {
        a = new Answer(204, "text/plain", new byte[0], Map.of());
      } else if (method.equals("POST")) {
        a = withBodySlot(() -> route(request, path, method, start));
      } else {
        a = route(request, path, method, start);
      }
    } catch (ApiException e) {
      a = error(e.status(), e.code(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("internal error on {} {}", method, path, e);
      a = error(500, "internal_error", "The service failed on this request; the error is in its log.");
    }
    metrics.count("kyso_http_requests_total", "route=\"" + Metrics.label(route) + "\",status=\"" + a.status() + "\"");
    metrics.observe("kyso_http_request_duration_seconds", "route=\"" + Metrics.label(route) + "\"",
        (System.nanoTime() - start) / 1e9);
    write(request, response, callback, a);
    return true;
  }

  private void write(Request request, Response response, Callback callback, Answer a) {
    response.setStatus(a.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, a.type());
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (a.type().startsWith("text/html")) {
      response.getHeaders().put("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; "
          + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
    }
    a.headers().forEach((k, v) -> response.getHeaders().put(k, v));
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && config.corsOrigins().contains(origin)) {
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      response.getHeaders().put(HttpHeader.VARY, "Origin");
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type");
      response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
    }
    response.write(true, ByteBuffer.wrap(a.body()), callback);
  }

  static String routeName(String path) {
    if (path.startsWith("/v1/orgs/")) {
      String[] p = path.split("/");
      // /v1/orgs/{org}/registers/{kind}/... -> one route per shape, not per organisation
      StringBuilder b = new StringBuilder("/v1/orgs/{org}");
      for (int i = 4; i < p.length && i < 7; i++) {
        b.append('/').append(p[i].matches("\\d+") ? "{n}" : p[i]);
      }
      return b.toString();
    }
    if (path.startsWith("/static/")) {
      return "/static";
    }
    if (path.startsWith("/v1/jobs/")) {
      return path.startsWith("/v1/jobs/sign/") ? path : path.endsWith("/result") ? "/v1/jobs/{id}/result"
          : "/v1/jobs/{id}";
    }
    return switch (path) {
      case "/", "/healthz", "/readyz", "/metrics", "/v1/verify", "/v1/inspect", "/v1/openapi.json", "/v1/sign/pdf",
          "/v1/sign/xml", "/v1/sign/pdf/prepare", "/v1/sign/pdf/complete", "/v1/sign/xml/prepare",
          "/v1/sign/xml/complete" -> path;
      default -> "other";
    };
  }

  @FunctionalInterface
  private interface Work {
    Answer run() throws ApiException;
  }

  private Answer withBodySlot(Work work) throws ApiException {
    try {
      if (!bodies.tryAcquire(config.verifyQueueWait().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw new ApiException(503, "busy", "The service is receiving as many documents as it can hold; try again "
            + "in a moment.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "shutting_down", "The service is stopping; send the request again.");
    }
    try {
      return work.run();
    } finally {
      bodies.release();
    }
  }

  private Answer route(Request request, String path, String method, long start) throws ApiException {
    Fields q = Request.extractQueryParameters(request);
    switch (path) {
      case "/":
        requireMethod(method, "GET");
        return new Answer(200, "text/html; charset=utf-8", page.html(lang(q, request)), Map.of());
      case "/static/page.js":
        return resource("page.js", "text/javascript; charset=utf-8");
      case "/static/page.css":
        return resource("page.css", "text/css; charset=utf-8");
      case "/healthz":
        return Answer.json(200, Map.of("status", "ok"));
      case "/readyz":
        return api.readiness();
      case "/metrics":
        return new Answer(200, "text/plain; version=0.0.4; charset=utf-8",
            metrics.render().getBytes(StandardCharsets.UTF_8), Map.of());
      case "/v1/openapi.json":
        return resource("openapi.json", "application/json; charset=utf-8");
      case "/v1/verify": {
        requireMethod(method, "POST");
        String format = q.getValue("format") == null ? "json" : q.getValue("format");
        Locale lang = lang(q, request);
        if (!format.equals("json") && !format.equals("text") && !format.equals("pdf")) {
          throw new ApiException(400, "bad_parameter", "format is json, text or pdf.");
        }
        byte[] body = Uploads.body(request, config.maxUploadBytes(), deadline(start));
        List<Uploads.Upload> files = Uploads.files(request, body, q.getValue("name"));
        if (format.equals("pdf") && files.size() != 1) {
          throw new ApiException(400, "bad_parameter", "A PDF validation record is made for one file: send one.");
        }
        List<Verification.Outcome> outcomes = verification.verify(files);
        if (format.equals("pdf")) {
          return api.validationRecord(files.get(0), outcomes.get(0), lang)
              .with("X-Kyso-Exit-Code", Integer.toString(Verification.exitCode(outcomes)));
        }
        int exit = Verification.exitCode(outcomes);
        Answer a = format.equals("json") ? Answer.json(200, Verification.json(outcomes))
            : new Answer(200, "text/plain; charset=utf-8",
                Verification.text(outcomes, lang).getBytes(StandardCharsets.UTF_8), Map.of());
        return a.with("X-Kyso-Exit-Code", Integer.toString(exit));
      }
      case "/v1/inspect": {
        requireMethod(method, "POST");
        byte[] body = Uploads.body(request, config.maxUploadBytes(), deadline(start));
        List<Uploads.Upload> files = Uploads.files(request, body, q.getValue("name"));
        Uploads.Upload f = files.get(0);
        List<Verification.Outcome> outcomes = verification.verify(List.of(f));
        return Answer.json(200, page.inspect(f, outcomes.get(0), lang(q, request)));
      }
      default:
        return api.route(request, path, method, q, deadline(start));
    }
  }

  private long deadline(long start) {
    return start + config.requestTimeout().toNanos();
  }

  static void requireMethod(String method, String expected) throws ApiException {
    if (!method.equals(expected)) {
      throw new ApiException(405, "method_not_allowed", "Use " + expected + " here.");
    }
  }

  static Locale lang(Fields q, Request request) {
    String l = q.getValue("lang");
    if (l == null) {
      return Locale.forLanguageTag("vi");
    }
    return l.equals("en") ? Locale.ENGLISH : Locale.forLanguageTag("vi");
  }

  private static Answer resource(String name, String type) throws ApiException {
    try (InputStream in = Router.class.getResourceAsStream("/org/kyso/server/" + name)) {
      if (in == null) {
        throw new ApiException(404, "not_found", "There is nothing at this address.");
      }
      return new Answer(200, type, in.readAllBytes(), Map.of());
    } catch (IOException e) {
      throw new ApiException(500, "internal_error", "A resource of the service cannot be read.");
    }
  }
}
