package org.kyso.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.kyso.core.devpki.DevPki;

/**
 * An OCSP responder (RFC 6960) for the certificates a {@link DevPki} issuing CA issued, mounted on a test HTTP
 * server. It answers from a map of revoked serials (shared with {@link TestPki}), signs with the issuing CA itself
 * (or a delegated responder identity), echoes the request nonce, and says "unknown" for other issuers.
 */
public final class TestOcspResponder {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private final DevPki.Identity issuer;
  private final DevPki.Identity signer;
  private final Map<BigInteger, Instant> revoked;
  private final Clock clock;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicBoolean unavailable = new AtomicBoolean();

  private TestOcspResponder(DevPki.Identity issuer, DevPki.Identity signer, Map<BigInteger, Instant> revoked,
      Clock clock) {
    this.issuer = issuer;
    this.signer = signer;
    this.revoked = revoked;
    this.clock = clock;
  }

  /**
   * Mounts a responder at {@code path} on {@code server} for certificates issued by {@code pki}'s issuing CA,
   * signing with that CA. {@code revoked} is read on every request (pass a concurrent map to change it).
   */
  public static TestOcspResponder mount(HttpServer server, String path, DevPki pki, Map<BigInteger, Instant> revoked) {
    return mount(server, path, pki.issuingCa(), pki.issuingCa(), revoked, Clock.systemUTC());
  }

  /** Mounts a responder that signs with {@code signer} (the CA itself or a delegated OCSP responder). */
  public static TestOcspResponder mount(HttpServer server, String path, DevPki.Identity issuer,
      DevPki.Identity signer, Map<BigInteger, Instant> revoked, Clock clock) {
    TestOcspResponder r = new TestOcspResponder(Objects.requireNonNull(issuer), Objects.requireNonNull(signer),
        Objects.requireNonNull(revoked), Objects.requireNonNull(clock));
    server.createContext(path, ex -> r.handle(ex, path));
    return r;
  }

  public int requests() {
    return requests.get();
  }

  /** When set, answers HTTP 503 (an unreachable responder). */
  public void unavailable(boolean value) {
    unavailable.set(value);
  }

  private void handle(HttpExchange ex, String path) throws IOException {
    try {
      requests.incrementAndGet();
      if (unavailable.get()) {
        ex.sendResponseHeaders(503, -1);
        return;
      }
      byte[] body;
      if ("GET".equalsIgnoreCase(ex.getRequestMethod())) {
        String rest = ex.getRequestURI().getRawPath().substring(path.length());
        if (rest.startsWith("/")) {
          rest = rest.substring(1);
        }
        body = Base64.getDecoder().decode(URLDecoder.decode(rest, StandardCharsets.US_ASCII));
      } else {
        try (InputStream in = ex.getRequestBody()) {
          body = in.readAllBytes();
        }
      }
      byte[] answer;
      try {
        answer = respond(new OCSPReq(body));
      } catch (Exception e) {
        answer = new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
      }
      ex.getResponseHeaders().add("Content-Type", "application/ocsp-response");
      ex.sendResponseHeaders(200, answer.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(answer);
      }
    } catch (Exception e) {
      ex.sendResponseHeaders(500, -1);
    } finally {
      ex.close();
    }
  }

  private byte[] respond(OCSPReq req) throws Exception {
    DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
    X509CertificateHolder issuerHolder = new JcaX509CertificateHolder(issuer.certificate());
    BasicOCSPRespBuilder b = new JcaBasicOCSPRespBuilder(signer.certificate().getPublicKey(),
        digests.get(CertificateID.HASH_SHA1));
    Instant now = clock.instant();
    Date thisUpdate = Date.from(now.minusSeconds(1));
    Date nextUpdate = Date.from(now.plus(Duration.ofDays(1)));
    for (Req r : req.getRequestList()) {
      CertificateID id = r.getCertID();
      CertificateStatus status;
      if (!id.matchesIssuer(issuerHolder, digests)) {
        status = new UnknownStatus();
      } else {
        Instant when = revoked.get(id.getSerialNumber());
        status = when == null ? CertificateStatus.GOOD
            : new RevokedStatus(Date.from(when), CRLReason.keyCompromise);
      }
      b.addResponse(id, status, thisUpdate, nextUpdate, null);
    }
    Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
    if (nonce != null) {
      b.setResponseExtensions(new Extensions(nonce));
    }
    String alg = "EC".equals(signer.privateKey().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    X509CertificateHolder[] chain = signer == issuer
        ? new X509CertificateHolder[] {new JcaX509CertificateHolder(signer.certificate())}
        : new X509CertificateHolder[] {new JcaX509CertificateHolder(signer.certificate()), issuerHolder};
    BasicOCSPResp basic = b.build(new JcaContentSignerBuilder(alg).setProvider(BC).build(signer.privateKey()),
        chain, Date.from(now));
    OCSPResp resp = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic);
    return resp.getEncoded();
  }

  /** The certificate that signs the answers. */
  public X509Certificate signerCertificate() {
    return signer.certificate();
  }
}
