package org.kyso.pdf.testing;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;

/** An RFC 3161 timestamp authority on the test PKI's loopback server, made with BouncyCastle. */
public final class TestTsa {
  private final AtomicLong serial = new AtomicLong();
  private final DevPki.Identity tsa;
  private final URI url;

  private TestTsa(TestPki pki, String path) {
    this.tsa = pki.pki().timestampAuthority("kyso Test TSA");
    this.url = URI.create(pki.baseUrl() + path);
    pki.server().createContext(path, ex -> {
      try {
        byte[] body = ex.getRequestBody().readAllBytes();
        byte[] answer = answer(body);
        ex.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
        ex.sendResponseHeaders(200, answer.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(answer);
        }
      } catch (Exception e) {
        ex.sendResponseHeaders(500, -1);
      } finally {
        ex.close();
      }
    });
  }

  /** Adds a TSA at {@code /tsa} on the PKI's server. */
  public static TestTsa start(TestPki pki) {
    return new TestTsa(pki, "/tsa");
  }

  public URI url() {
    return url;
  }

  private byte[] answer(byte[] body) throws Exception {
    TimeStampRequest req = new TimeStampRequest(body);
    TimeStampTokenGenerator gen = new TimeStampTokenGenerator(
        new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", tsa.privateKey(), tsa.certificate()),
        new JcaDigestCalculatorProviderBuilder().build()
            .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
        new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"));
    gen.addCertificates(new JcaCertStore(tsa.chain()));
    TimeStampResponseGenerator rg = new TimeStampResponseGenerator(gen, TSPAlgorithms.ALLOWED);
    TimeStampResponse resp = rg.generate(req, BigInteger.valueOf(serial.incrementAndGet()), new Date());
    return resp.getEncoded();
  }
}
