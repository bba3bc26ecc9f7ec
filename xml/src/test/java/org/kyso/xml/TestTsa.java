package org.kyso.xml;

import java.io.IOException;
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

/** A minimal RFC 3161 timestamp authority served at {@code /tsa} on the test PKI's loopback server. */
final class TestTsa {
  private TestTsa() {}

  static URI start(TestPki pki) {
    DevPki.Identity tsa = pki.pki().timestampAuthority("kyso Test TSA");
    AtomicLong serial = new AtomicLong(1);
    pki.server().createContext("/tsa", ex -> {
      try {
        TimeStampRequest req = new TimeStampRequest(ex.getRequestBody().readAllBytes());
        var signer = new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", tsa.privateKey(),
            tsa.certificate());
        TimeStampTokenGenerator gen = new TimeStampTokenGenerator(signer,
            new JcaDigestCalculatorProviderBuilder().build()
                .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
            new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"));
        gen.addCertificates(new JcaCertStore(tsa.chain()));
        TimeStampResponse resp = new TimeStampResponseGenerator(gen, TSPAlgorithms.ALLOWED)
            .generate(req, BigInteger.valueOf(serial.incrementAndGet()), new Date());
        byte[] body = resp.getEncoded();
        ex.getResponseHeaders().add("Content-Type", "application/timestamp-reply");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(body);
        }
      } catch (Exception e) {
        ex.sendResponseHeaders(500, -1);
        ex.close();
        if (e instanceof IOException io) {
          throw io;
        }
      }
    });
    return URI.create(pki.baseUrl() + "/tsa");
  }
}
