package org.kyso.registers;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.kyso.core.devpki.DevPki;

/**
 * A real RFC 3161 timestamp authority on 127.0.0.1 (BouncyCastle's generator, a DevPki TSA certificate), for the
 * anchoring tests. Counts the requests it answered.
 */
final class LoopbackTsa implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong serial = new AtomicLong(1);

  private LoopbackTsa(HttpServer server) {
    this.server = server;
  }

  static LoopbackTsa start() throws IOException {
    DevPki pki = DevPki.create();
    DevPki.Identity tsa = pki.timestampAuthority("kyso Test TSA");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    LoopbackTsa t = new LoopbackTsa(server);
    server.createContext("/tsr", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        TimeStampRequest request = new TimeStampRequest(in.readAllBytes());
        TimeStampTokenGenerator gen = new TimeStampTokenGenerator(
            new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", tsa.privateKey(), tsa.certificate()),
            new JcaDigestCalculatorProviderBuilder().build().get(
                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(TSPAlgorithms.SHA256)),
            new ASN1ObjectIdentifier("1.2.3.4.1"));
        gen.addCertificates(new JcaCertStore(tsa.chain()));
        TimeStampResponse response = new TimeStampResponseGenerator(gen, TSPAlgorithms.ALLOWED)
            .generate(request, BigInteger.valueOf(t.serial.getAndIncrement()), new Date());
        byte[] body = response.getEncoded();
        t.requests.incrementAndGet();
        exchange.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (Exception e) {
        exchange.sendResponseHeaders(500, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
    return t;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsr");
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
