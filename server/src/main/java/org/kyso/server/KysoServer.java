package org.kyso.server;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.kyso.core.KysoException;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TrustAnchors;
import org.kyso.server.internal.Api;
import org.kyso.server.internal.Metrics;
import org.kyso.server.internal.Router;
import org.kyso.server.internal.Verification;

/**
 * {@code kyso serve}: verification, signing and registers over HTTP, and the verification page, on Jetty.
 *
 * <pre>{@code
 * try (KysoServer server = KysoServer.start(ServerConfig.builder().port(0).build())) {
 *   URI base = server.uri();   // e.g. http://127.0.0.1:41234/
 *   ...
 * }
 * }</pre>
 *
 * <p>Stateless apart from its configuration: registers and pending signing transactions live in the database, so
 * several servers behind a load balancer can share one PostgreSQL.
 */
public final class KysoServer implements AutoCloseable {
  private final Server jetty;
  private final ServerConnector connector;
  private final boolean tls;
  private final Api api;

  private KysoServer(Server jetty, ServerConnector connector, boolean tls, Api api) {
    this.jetty = jetty;
    this.connector = connector;
    this.tls = tls;
    this.api = api;
  }

  /**
   * Starts a server and returns once it accepts connections.
   *
   * @throws KysoException if a trust anchor, key or the TLS key store cannot be read
   * @throws ServiceUnavailableException if the address cannot be bound (port taken)
   */
  public static KysoServer start(ServerConfig config) throws KysoException {
    Objects.requireNonNull(config, "config");
    TrustAnchors anchors = TrustAnchors.none();
    for (var p : config.trust()) {
      anchors = anchors.plus(TrustAnchors.fromPem(p));
    }
    Metrics metrics = new Metrics();
    Verification verification = new Verification(anchors, config.offline(), config.maxUploadBytes(),
        config.verifyTimeout(), config.verifyConcurrency(), config.verifyQueueWait(), metrics);
    Api api = Api.create(config, metrics, verification);

    QueuedThreadPool pool = new QueuedThreadPool(Math.max(16, config.verifyConcurrency() * 4 + 8), 4);
    pool.setName("kyso-serve");
    pool.setDaemon(false);
    Server jetty = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(16 * 1024);
    ServerConnector connector;
    boolean tls = config.tlsKeystore().isPresent();
    if (tls) {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(config.tlsKeystore().get().toString());
      String password;
      if (config.tlsPasswordFile().isPresent()) {
        try {
          password = java.nio.file.Files.readString(config.tlsPasswordFile().get()).strip();
        } catch (java.io.IOException e) {
          api.close();
          throw new org.kyso.core.FileAccessException("The file " + config.tlsPasswordFile().get()
              + " that holds the TLS key store password cannot be read.", e);
        }
      } else {
        String env = config.tlsPasswordEnv().orElseThrow();
        password = System.getenv(env);
        if (password == null) {
          api.close();
          throw new org.kyso.core.DocumentException("TLS is configured but the environment variable " + env
              + " that holds the key store password is not set.");
        }
      }
      ssl.setKeyStorePassword(password);
      http.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer());
      connector = new ServerConnector(jetty, new SslConnectionFactory(ssl, "http/1.1"),
          new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    }
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(Math.min(config.requestTimeout().toMillis(), 30_000));
    jetty.addConnector(connector);
    jetty.setHandler(new Router(config, metrics, verification, api));
    jetty.setErrorHandler((Request request, org.eclipse.jetty.server.Response response,
        org.eclipse.jetty.util.Callback callback) -> {
      // Jetty's own refusals (malformed request line, header too large, ...): JSON, one sentence, no trace
      int status = response.getStatus() >= 400 ? response.getStatus() : 400;
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
      String body = "{\"error\":{\"code\":\"bad_request\",\"message\":\"The request cannot be read (HTTP " + status
          + ").\"}}";
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    });
    jetty.setStopTimeout(5_000);
    jetty.setStopAtShutdown(false);
    try {
      jetty.start();
    } catch (java.io.IOException e) {
      stopQuietly(jetty);
      api.close();
      throw new ServiceUnavailableException("kyso serve cannot listen on " + config.host() + ":" + config.port()
          + " (" + e.getMessage() + "); choose another port or stop what uses it.", e);
    } catch (Exception e) {
      stopQuietly(jetty);
      api.close();
      throw new ServiceUnavailableException("kyso serve cannot start: " + e.getMessage(), e);
    }
    return new KysoServer(jetty, connector, tls, api);
  }

  private static void stopQuietly(Server jetty) {
    try {
      jetty.stop();
    } catch (Exception ignored) {
      // already failing to start; the cause is reported
    }
  }

  /** The port the server listens on (the one the system chose when configured with 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The base address, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create((tls ? "https" : "http") + "://" + host + ":" + port() + "/");
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Stops accepting requests, lets running ones finish (up to 5 s), closes the database. */
  @Override
  public void close() {
    stopQuietly(jetty);
    api.close();
  }
}
