package org.kyso.core.internal.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import eu.europa.esig.dss.spi.exception.DSSExternalResourceException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loader under kyso's CRL, OCSP and AIA sources, against an HTTP server on 127.0.0.1. */
class DirectHttpLoaderTest {
  private static final Duration SECONDS = Duration.ofSeconds(5);
  private HttpServer server;
  private final Map<String, String> seen = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ca.crl", x -> {
      seen.put("crl", x.getRequestMethod() + " length=" + x.getRequestHeaders().getFirst("Content-Length"));
      byte[] b = "the CRL".getBytes(StandardCharsets.US_ASCII);
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    server.createContext("/moved.crl", x -> {
      x.getResponseHeaders().add("Location", url("/ca.crl"));
      x.sendResponseHeaders(302, -1);
      x.close();
    });
    server.createContext("/missing.crl", x -> {
      x.sendResponseHeaders(404, -1);
      x.close();
    });
    server.createContext("/ocsp", x -> {
      seen.put("ocsp", x.getRequestMethod() + " " + x.getRequestHeaders().getFirst("Content-Type") + " "
          + new String(x.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
      byte[] b = "the answer".getBytes(StandardCharsets.US_ASCII);
      x.sendResponseHeaders(200, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void aCrlIsFetchedWithAPlainGet() {
    byte[] crl = DirectHttpLoader.forFiles(SECONDS, SECONDS).get(url("/ca.crl"));
    assertThat(new String(crl, StandardCharsets.US_ASCII)).isEqualTo("the CRL");
    assertThat(seen.get("crl")).isEqualTo("GET length=null");
  }

  @Test
  void aRedirectIsFollowedByDssClient() {
    byte[] crl = DirectHttpLoader.forFiles(SECONDS, SECONDS).get(url("/moved.crl"));
    assertThat(new String(crl, StandardCharsets.US_ASCII)).isEqualTo("the CRL");
  }

  @Test
  void anOcspRequestIsPostedAsOne() {
    byte[] answer = DirectHttpLoader.forOcsp(SECONDS, SECONDS).post(url("/ocsp"),
        "request".getBytes(StandardCharsets.US_ASCII));
    assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("the answer");
    assertThat(seen.get("ocsp")).isEqualTo("POST application/ocsp-request request");
  }

  @Test
  void anAnswerOtherThan200AndANetworkFailureAreDssErrorsWithTheReason() throws IOException {
    DirectHttpLoader loader = DirectHttpLoader.forFiles(SECONDS, SECONDS);
    assertThatThrownBy(() -> loader.get(url("/missing.crl")))
        .isInstanceOf(DSSExternalResourceException.class).hasMessageContaining("HTTP status 404");
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(() -> loader.get("http://127.0.0.1:" + closed + "/ca.crl"))
        .isInstanceOf(DSSExternalResourceException.class).hasMessageContaining("connection refused");
  }

  @Test
  void theFirstAddressThatAnswersWins() {
    var got = DirectHttpLoader.forFiles(SECONDS, SECONDS).get(List.of(url("/missing.crl"), url("/ca.crl")));
    assertThat(got.getUrlString()).isEqualTo(url("/ca.crl"));
    assertThat(new String(got.getData(), StandardCharsets.US_ASCII)).isEqualTo("the CRL");
    assertThatThrownBy(() -> DirectHttpLoader.forFiles(SECONDS, SECONDS).get(List.of(url("/missing.crl"))))
        .isInstanceOf(DSSExternalResourceException.class).hasMessageContaining("404");
  }
}
