package org.kyso.core.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.kyso.core.devpki.DevPki;

/**
 * A test PKI whose certificates point to a CRL server on 127.0.0.1, started with it. CRLs are issued on each
 * request, listing whatever was {@link #revoke revoked}. Close it to stop the server.
 *
 * <pre>{@code
 * try (TestPki pki = TestPki.start()) {
 *   DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
 *   ...
 * }
 * }</pre>
 */
public final class TestPki implements AutoCloseable {
  private final HttpServer server;
  private final DevPki pki;
  private final Map<BigInteger, Instant> revoked = new ConcurrentHashMap<>();
  private final AtomicInteger crlRequests = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean unavailable = new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicBoolean pemCrls = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile TestOcspResponder ocsp;

  private TestPki(HttpServer server, DevPki pki) {
    this.server = server;
    this.pki = pki;
  }

  /** Starts the CRL server on a free loopback port and creates the PKI ("kyso Test"). */
  public static TestPki start() {
    return start("kyso Test");
  }

  /**
   * Starts the CRL server on a free loopback port and creates a PKI whose CA names begin with {@code name} (as
   * {@link DevPki.Builder#name}); {@code kyso demo} uses it with "kyso Demo".
   */
  public static TestPki start(String name) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      DevPki pki = DevPki.builder().name(name)
          .crlUrl(URI.create(base + "/ca.crl")).rootCrlUrl(URI.create(base + "/root.crl")).build();
      TestPki t = new TestPki(server, pki);
      server.createContext("/ca.crl", ex -> t.serve(ex, false));
      server.createContext("/root.crl", ex -> t.serve(ex, true));
      server.start();
      return t;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the test CRL server", e);
    }
  }

  /**
   * Starts a PKI whose end-entity certificates carry an OCSP address (and no CRL address) answered by a
   * {@link TestOcspResponder} on the same loopback server, signing with the issuing CA; the issuing CA's own
   * certificate points to the root's CRL.
   */
  public static TestPki startWithOcsp() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      DevPki pki = DevPki.builder().name("kyso Test")
          .ocspUrl(URI.create(base + "/ocsp")).rootCrlUrl(URI.create(base + "/root.crl")).build();
      TestPki t = new TestPki(server, pki);
      server.createContext("/ca.crl", ex -> t.serve(ex, false));
      server.createContext("/root.crl", ex -> t.serve(ex, true));
      t.ocsp = TestOcspResponder.mount(server, "/ocsp", pki, t.revoked);
      server.start();
      return t;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the test OCSP/CRL server", e);
    }
  }

  /** The OCSP responder, when started with {@link #startWithOcsp()}. */
  public java.util.Optional<TestOcspResponder> ocsp() {
    return java.util.Optional.ofNullable(ocsp);
  }

  /** How many OCSP requests arrived (0 without an OCSP responder). */
  public int ocspRequests() {
    return ocsp == null ? 0 : ocsp.requests();
  }

  /** When set, the CRL and OCSP addresses answer HTTP 503, as an unreachable CA would. */
  public void unavailable(boolean value) {
    unavailable.set(value);
    if (ocsp != null) {
      ocsp.unavailable(value);
    }
  }

  /** When set, CRLs are served PEM-encoded (as some CAs publish them) instead of DER. */
  public void pemCrls(boolean value) {
    pemCrls.set(value);
  }

  /** The revoked serials and their revocation times, as the CRLs and the OCSP responder see them. */
  public Map<BigInteger, Instant> revoked() {
    return java.util.Collections.unmodifiableMap(revoked);
  }

  private final Map<String, byte[]> issuedCrls = new java.util.concurrent.ConcurrentHashMap<>();

  private void serve(com.sun.net.httpserver.HttpExchange ex, boolean root) throws IOException {
    crlRequests.incrementAndGet();
    if (unavailable.get()) {
      ex.sendResponseHeaders(503, -1);
      ex.close();
      return;
    }
    Map<BigInteger, Instant> listed = root ? Map.of() : Map.copyOf(revoked);
    // the same CRL while nothing changes, as a real CA serves it: two verifications then see the same issue time
    byte[] crl = issuedCrls.computeIfAbsent(root + "|" + new java.util.TreeMap<>(listed),
        k -> pki.crl(root, listed, Duration.ofDays(7)));
    if (pemCrls.get()) {
      crl = ("-----BEGIN X509 CRL-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(crl)
          + "\n-----END X509 CRL-----\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    ex.getResponseHeaders().add("Content-Type", "application/pkix-crl");
    ex.sendResponseHeaders(200, crl.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(crl);
    }
  }

  public DevPki pki() {
    return pki;
  }

  /** The loopback base URL of the server, e.g. {@code http://127.0.0.1:40123}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Adds a context (e.g. an OCSP responder or a TSA) to the same server. */
  public HttpServer server() {
    return server;
  }

  /** Revokes a certificate as of {@code when}; the next CRL lists it. */
  public void revoke(java.security.cert.X509Certificate cert, Instant when) {
    revoked.put(cert.getSerialNumber(), when);
  }

  public int crlRequests() {
    return crlRequests.get();
  }

  /** Writes the root certificate as PEM into {@code dir/root.pem} and returns the path. */
  public Path writeRootPem(Path dir) throws IOException {
    Path p = dir.resolve("root.pem");
    Files.writeString(p, DevPki.pem(pki.root().certificate()));
    return p;
  }

  /** Writes an identity as a PKCS#12 file with the given password. */
  public static Path writeP12(DevPki.Identity id, Path file, String password) throws IOException {
    DevPki.writePkcs12(id, "signer", password.toCharArray(), file);
    return file;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
