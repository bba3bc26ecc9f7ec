package org.kyso.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.kyso.core.devpki.DevPki;

/**
 * An RFC 3161 timestamp authority on 127.0.0.1 that answers every request after a fixed delay (a distant or busy
 * TSA), for the timestamped-batch figures. Counts the requests it was answering at the same moment.
 */
final class DelayedTsa implements AutoCloseable {
  private static final String POLICY = "1.3.6.1.4.1.59999.3161.1";
  private final HttpServer server;
  private final ExecutorService executor;
  private final DevPki.Identity identity;
  private final long delayMillis;
  private final AtomicLong serials = new AtomicLong(1);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();

  DelayedTsa(DevPki pki, long delayMillis) throws IOException {
    this.identity = pki.timestampAuthority("kyso Bench TSA");
    this.delayMillis = delayMillis;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bench-tsa");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/tsa", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
  }

  int mostConcurrentRequests() {
    return mostInFlight.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      Thread.sleep(delayMillis);
      TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
          .build("SHA256withRSA", identity.privateKey(), identity.certificate()),
          new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
          new ASN1ObjectIdentifier(POLICY));
      tokens.addCertificates(new JcaCertStore(identity.chain().subList(0, identity.chain().size() - 1)));
      byte[] answer = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED, Set.of(POLICY))
          .generate(new TimeStampRequest(body), BigInteger.valueOf(serials.getAndIncrement()), new Date())
          .getEncoded();
      ex.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
      ex.sendResponseHeaders(200, answer.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(answer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      ex.sendResponseHeaders(500, -1);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
