package org.kyso.cli.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * A throw-away CRL server on 127.0.0.1 for the demo PKI, so that the demo's signatures can be validated with
 * real revocation checking. It lives only as long as the demo runs.
 */
public final class DemoPkiServer implements AutoCloseable {
  private final HttpServer server;

  private DemoPkiServer(HttpServer server) {
    this.server = server;
  }

  /** Starts on a free loopback port; {@code crl.apply(true)} answers /root.crl, {@code false} /ca.crl. */
  public static DemoPkiServer start(Function<Boolean, byte[]> crl) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    for (Map.Entry<String, Boolean> e : Map.of("/root.crl", true, "/ca.crl", false).entrySet()) {
      s.createContext(e.getKey(), ex -> {
        byte[] body = crl.apply(e.getValue());
        ex.getResponseHeaders().add("Content-Type", "application/pkix-crl");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      });
    }
    s.start();
    return new DemoPkiServer(s);
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public static Duration validity() {
    return Duration.ofDays(7);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
