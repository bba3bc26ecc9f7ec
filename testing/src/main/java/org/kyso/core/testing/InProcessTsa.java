package org.kyso.core.testing;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import java.math.BigInteger;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.kyso.core.devpki.DevPki;

/**
 * An in-process RFC 3161 timestamp source for building B-T/B-LT/B-LTA test documents with plain DSS. Its
 * certificate comes from the test PKI, so its revocation is checked like any other.
 */
public final class InProcessTsa implements TSPSource {
  private static final long serialVersionUID = 1L;
  private final transient DevPki.Identity tsa;
  private final AtomicLong serial = new AtomicLong(1);

  public InProcessTsa(DevPki.Identity tsa) {
    this.tsa = tsa;
  }

  @Override
  public TimestampBinary getTimeStampResponse(DigestAlgorithm digestAlgorithm, byte[] digest) {
    try {
      DigestCalculator sha256 = new JcaDigestCalculatorProviderBuilder().build()
          .get(new DefaultDigestAlgorithmIdentifierFinder().find("SHA-256"));
      TimeStampTokenGenerator gen = new TimeStampTokenGenerator(
          new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", tsa.privateKey(), tsa.certificate()),
          sha256, new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"));
      gen.addCertificates(new JcaCertStore(tsa.chain()));
      TimeStampRequestGenerator req = new TimeStampRequestGenerator();
      req.setCertReq(true);
      TimeStampRequest request = req.generate(new ASN1ObjectIdentifier(digestAlgorithm.getOid()), digest);
      return new TimestampBinary(gen.generate(request, BigInteger.valueOf(serial.getAndIncrement()), new Date())
          .getEncoded());
    } catch (Exception e) {
      throw new IllegalStateException("test TSA failed", e);
    }
  }
}
