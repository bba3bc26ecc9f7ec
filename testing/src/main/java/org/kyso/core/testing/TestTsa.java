package org.kyso.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.kyso.core.devpki.DevPki;

/**
 * An RFC 3161 timestamp authority on 127.0.0.1 (a free port), signing with a {@link DevPki} TSA identity, for
 * tests. Its {@link Mode} makes it misbehave on purpose so that failover and response checks can be tested.
 *
 * <pre>{@code
 * try (TestPki pki = TestPki.start(); TestTsa tsa = TestTsa.start(pki.pki())) {
 *   TimestampService service = TimestampService.of(tsa.url());
 * }
 * }</pre>
 */
public final class TestTsa implements AutoCloseable {
  /** The policy OID the test TSA issues tokens under. */
  public static final String POLICY = "1.3.6.1.4.1.59999.3161.1";
  /** Another policy, used by {@link Mode#WRONG_POLICY}. */
  public static final String OTHER_POLICY = "1.3.6.1.4.1.59999.3161.2";

  /** How the TSA answers. */
  public enum Mode {
    /** A correct token. */
    NORMAL,
    /** HTTP 500 with no body. */
    HTTP_500,
    /** A correct-looking token over another message imprint. */
    WRONG_IMPRINT,
    /** A token with another nonce than the request's. */
    WRONG_NONCE,
    /** A token under {@link #OTHER_POLICY} whatever was asked. */
    WRONG_POLICY,
    /** A TimeStampResp with status rejection. */
    REJECTED,
    /** HTTP 200 with bytes that are not a TimeStampResp. */
    GARBAGE,
    /** Waits {@link #slowDelay} before answering correctly. */
    SLOW
  }

  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private final HttpServer server;
  private final ExecutorService executor;
  private final DevPki.Identity identity;
  private final AtomicReference<DevPki.Identity> signer = new AtomicReference<>();
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.NORMAL);
  private final AtomicReference<Clock> clock = new AtomicReference<>(Clock.systemUTC());
  private final AtomicReference<Duration> slowDelay = new AtomicReference<>(Duration.ofSeconds(5));
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final AtomicLong serials = new AtomicLong(1);
  private final AtomicLong cpuNanos = new AtomicLong();
  private final List<String> authorizations = java.util.Collections.synchronizedList(new ArrayList<>());

  private TestTsa(HttpServer server, ExecutorService executor, DevPki.Identity identity) {
    this.server = server;
    this.executor = executor;
    this.identity = identity;
    this.signer.set(identity);
  }

  /** Starts a TSA whose certificate {@code pki} issues now ("kyso Test TSA"). */
  public static TestTsa start(DevPki pki) {
    return start(pki.timestampAuthority("kyso Test TSA"));
  }

  /** Starts a TSA signing with {@code identity} (its chain is put in the tokens, root excluded). */
  public static TestTsa start(DevPki.Identity identity) {
    Objects.requireNonNull(identity, "identity");
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService ex = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-tsa");
        t.setDaemon(true);
        return t;
      });
      server.setExecutor(ex);
      TestTsa tsa = new TestTsa(server, ex, identity);
      server.createContext("/tsa", tsa::handle);
      server.start();
      return tsa;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the test TSA", e);
    }
  }

  /** A loopback URL where nothing listens: connecting to it is refused. */
  public static URI refusedUrl() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/tsa");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
  }

  public TestTsa mode(Mode m) {
    mode.set(Objects.requireNonNull(m, "mode"));
    return this;
  }

  /** The clock giving the tokens' time (the system clock by default). */
  public TestTsa clock(Clock c) {
    clock.set(Objects.requireNonNull(c, "clock"));
    return this;
  }

  public TestTsa slowDelay(Duration d) {
    slowDelay.set(Objects.requireNonNull(d, "delay"));
    return this;
  }

  /**
   * Signs the next tokens with {@code other} instead of the TSA identity, e.g. a certificate without the
   * timeStamping usage (BouncyCastle's generator refuses those, so such tokens are made by hand).
   */
  public TestTsa signWith(DevPki.Identity other) {
    signer.set(Objects.requireNonNull(other, "other"));
    return this;
  }

  public DevPki.Identity identity() {
    return identity;
  }

  /** The TSA's certificate followed by its issuers up to the root. */
  public List<X509Certificate> chain() {
    return identity.chain();
  }

  /** How many requests arrived so far. */
  public int requests() {
    return requests.get();
  }

  /** The CPU time the request handlers spent so far, in nanoseconds (to tell the TSA's work from its client's). */
  public long cpuNanos() {
    return cpuNanos.get();
  }

  /** The most requests that were being answered at the same moment so far (overlapping requests). */
  public int mostConcurrentRequests() {
    return mostInFlight.get();
  }

  /** The Authorization headers received, in order (empty strings for requests without one). */
  public List<String> authorizations() {
    synchronized (authorizations) {
      return List.copyOf(authorizations);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    try {
      answer(ex);
    } finally {
      cpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - cpu);
      inFlight.decrementAndGet();
    }
  }

  private void answer(HttpExchange ex) throws IOException {
    try (ex) {
      requests.incrementAndGet();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "" : auth);
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      Mode m = mode.get();
      if (m == Mode.HTTP_500) {
        ex.sendResponseHeaders(500, -1);
        return;
      }
      if (m == Mode.GARBAGE) {
        send(ex, "this is not a timestamp response".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return;
      }
      if (m == Mode.SLOW) {
        try {
          Thread.sleep(slowDelay.get().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] answer;
      try {
        answer = respond(new TimeStampRequest(body), m);
      } catch (Exception e) {
        ex.sendResponseHeaders(400, -1);
        return;
      }
      send(ex, answer);
    }
  }

  private static void send(HttpExchange ex, byte[] answer) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
    ex.sendResponseHeaders(200, answer.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(answer);
    }
  }

  private byte[] respond(TimeStampRequest request, Mode m) throws Exception {
    String policy = m == Mode.WRONG_POLICY ? OTHER_POLICY : POLICY;
    DevPki.Identity id = signer.get();
    DigestCalculator sha256 = new JcaDigestCalculatorProviderBuilder().build()
        .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
    SignerInfoGenerator sig = new JcaSimpleSignerInfoGeneratorBuilder().setProvider(BC)
        .build("EC".equals(id.privateKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA",
            id.privateKey(), id.certificate());
    if (id != identity) {
      // BouncyCastle's generator checks the usage of the associated certificate: show it the real TSA's, while
      // the token is signed, named (issuer and serial) and accompanied by the other certificate
      org.bouncycastle.cert.X509CertificateHolder tsaHolder =
          new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(identity.certificate());
      sig = new SignerInfoGenerator(sig, sig.getSignedAttributeTableGenerator(),
          sig.getUnsignedAttributeTableGenerator()) {
        @Override
        public org.bouncycastle.cert.X509CertificateHolder getAssociatedCertificate() {
          return tsaHolder;
        }
      };
    }
    TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(sig, sha256, new ASN1ObjectIdentifier(policy));
    List<X509Certificate> certs = id.chain().size() > 1
        ? id.chain().subList(0, id.chain().size() - 1) : id.chain();
    tokens.addCertificates(new JcaCertStore(certs));
    TimeStampResponseGenerator responses = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED,
        Set.of(POLICY, OTHER_POLICY));
    BigInteger serial = BigInteger.valueOf(serials.getAndIncrement());
    Date now = Date.from(clock.get().instant());
    if (m == Mode.REJECTED) {
      return responses.generateFailResponse(2, org.bouncycastle.asn1.cmp.PKIFailureInfo.systemFailure,
          "test TSA refuses on purpose").getEncoded();
    }
    TimeStampRequest asked = request;
    if (m == Mode.WRONG_POLICY && request.getReqPolicy() != null) {
      asked = copy(request, request.getMessageImprintDigest(), request.getNonce(), OTHER_POLICY);
    } else if (m == Mode.WRONG_IMPRINT) {
      byte[] other = request.getMessageImprintDigest().clone();
      other[0] ^= 0x5A;
      asked = copy(request, other, request.getNonce(), policyOf(request));
    } else if (m == Mode.WRONG_NONCE) {
      BigInteger n = request.getNonce() == null ? BigInteger.ONE : request.getNonce().add(BigInteger.ONE);
      asked = copy(request, request.getMessageImprintDigest(), n, policyOf(request));
    }
    TimeStampResponse r = responses.generateGrantedResponse(asked, serial, now);
    return r.getEncoded();
  }

  private static String policyOf(TimeStampRequest r) {
    return r.getReqPolicy() == null ? null : r.getReqPolicy().getId();
  }

  private static TimeStampRequest copy(TimeStampRequest r, byte[] digest, BigInteger nonce, String policy) {
    TimeStampRequestGenerator g = new TimeStampRequestGenerator();
    g.setCertReq(r.getCertReq());
    if (policy != null) {
      g.setReqPolicy(new ASN1ObjectIdentifier(policy));
    }
    return nonce == null ? g.generate(r.getMessageImprintAlgOID(), digest)
        : g.generate(r.getMessageImprintAlgOID(), digest, nonce);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
