package org.kyso.token.internal.csc;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.internal.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs to a CSC service with the retry rule that keeps signatures from being made twice: a request is repeated
 * only when it cannot have had an effect, i.e. the connection was never made, or the method only reads
 * ({@code info}, {@code credentials/list}, {@code credentials/info}, polling, the OAuth2 token). A
 * {@code credentials/authorize} or {@code signatures/signHash} that reached the server is never sent again after a
 * timeout, a dropped connection or a server error.
 */
public final class CscTransport {
  private static final Logger LOG = LoggerFactory.getLogger(CscTransport.class);

  /** Whether a request may be sent again after it reached the server. */
  public enum Replay {
    /** Reads only: may be repeated after a server error or timeout. */
    SAFE,
    /** Has an effect (authorises or signs): never repeated once it may have reached the server. */
    NEVER
  }

  /** An answer with status below 500: 2xx, or a 4xx error the caller maps. */
  public record Response(int status, Map<String, Object> body, Optional<Duration> retryAfter) {
    public String error() {
      return Json.string(body, "error").orElse("");
    }

    public String description() {
      String d = Json.string(body, "error_description").orElse("");
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < d.length() && b.length() < 200; i++) {
        char c = d.charAt(i);
        b.append(c < 0x20 ? ' ' : c);
      }
      return b.toString().strip();
    }
  }

  private final HttpClient http;
  private final Duration requestTimeout;
  private final int retries;

  public CscTransport(HttpClient http, Duration requestTimeout, int retries) {
    this.http = http;
    this.requestTimeout = requestTimeout;
    this.retries = retries;
  }

  /**
   * Sends one request, retrying as the class describes.
   *
   * @param body the request body; the caller wipes it afterwards when it holds a secret
   * @param bearer the OAuth2 access token, or null
   * @throws ServiceUnavailableException if the service cannot be reached, fails (5xx) or does not answer in time
   */
  public Response post(URI url, byte[] body, String contentType, String bearer, Replay replay)
      throws ServiceUnavailableException {
    String what = "The signing service at " + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    String method = methodName(url);
    for (int attempt = 0; ; attempt++) {
      HttpRequest.Builder rb = HttpRequest.newBuilder(url).timeout(requestTimeout)
          .header("Content-Type", contentType).header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (bearer != null) {
        rb.header("Authorization", "Bearer " + bearer);
      }
      HttpResponse<String> resp;
      try {
        resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        boolean notSent = notConnected(e);
        if ((notSent || replay == Replay.SAFE) && attempt < retries) {
          LOG.debug("{} {} failed ({}), trying again", url.getHost(), method, e.getClass().getSimpleName());
          pause(attempt, Optional.empty());
          continue;
        }
        if (notSent) {
          throw new ServiceUnavailableException(what + " cannot be reached: check the address and the network.", e);
        }
        String reason = e instanceof HttpTimeoutException ? " did not answer " + method + " in time"
            : " dropped the connection during " + method;
        throw new ServiceUnavailableException(what + reason + (replay == Replay.NEVER
            ? ": it may or may not have acted on it, so kyso did not send it again; check with the provider before"
                + " signing again." : "; try again later."), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceUnavailableException(what + " was not asked: kyso was interrupted.", e);
      }
      int status = resp.statusCode();
      Optional<Duration> retryAfter = resp.headers().firstValue("Retry-After").flatMap(CscTransport::seconds);
      if (status >= 500 || status == 429) {
        if (replay == Replay.SAFE && attempt < retries) {
          LOG.debug("{} {} answered HTTP {}, trying again", url.getHost(), method, status);
          pause(attempt, retryAfter);
          continue;
        }
        throw new ServiceUnavailableException(what + " failed on " + method + " (HTTP " + status + ")"
            + (replay == Replay.NEVER ? ": it may or may not have acted on it, so kyso did not send it again;"
                + " check with the provider before signing again." : ": try again later."));
      }
      Map<String, Object> json;
      String text = resp.body() == null ? "" : resp.body().strip();
      if (text.isEmpty()) {
        json = Map.of();
      } else {
        try {
          json = Json.parseObject(text);
        } catch (IllegalArgumentException e) {
          if (status >= 200 && status < 300) {
            throw new ServiceUnavailableException(what + " answered " + method + " with something that is not"
                + " CSC JSON: check the service address.", e);
          }
          json = Map.of();
        }
      }
      return new Response(status, json, retryAfter);
    }
  }

  private static String methodName(URI url) {
    String p = url.getPath();
    int i = p.lastIndexOf('/');
    int j = i > 0 ? p.lastIndexOf('/', i - 1) : -1;
    return j >= 0 ? p.substring(j + 1) : p;
  }

  /** True when the request certainly did not reach the server (no connection was made). */
  private static boolean notConnected(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Duration> seconds(String v) {
    try {
      long s = Long.parseLong(v.trim());
      return s >= 0 && s < 3600 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void pause(int attempt, Optional<Duration> retryAfter) throws ServiceUnavailableException {
    long ms = retryAfter.map(Duration::toMillis).orElse(200L << Math.min(attempt, 4));
    try {
      Thread.sleep(Math.min(ms, 10_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("kyso was interrupted while waiting to ask the signing service again.", e);
    }
  }
}
