package org.kyso.core.internal.tsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import org.kyso.core.TimestampService;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestTsa;

/** The per-certificate cache of the token checks refuses every bad token a fresh check refuses. */
class TsaCertificatesVerifiersTest {
  private static final String SHA256 = "2.16.840.1.101.3.4.2.1";

  private static TimeStampToken token(TestTsa tsa, String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new TspClient(TimestampService.of(tsa.url())).timestamp(SHA256, digest).token();
  }

  @Test
  void aCachedCertificateStillHasEveryTokenSignatureAndTimeChecked() throws Exception {
    DevPki pki = DevPki.create();
    try (TestTsa tsa = TestTsa.start(pki)) {
      TsaCertificates.Verifiers verifiers = new TsaCertificates.Verifiers();
      TimeStampToken good = token(tsa, "one");
      assertThat(verifiers.verifyToken(good)).isEqualTo(tsa.identity().certificate());
      assertThat(verifiers.verifyToken(token(tsa, "two"))).isEqualTo(tsa.identity().certificate());

      // the same TSA certificate, the signature's last byte changed (no unsigned attributes follow it)
      byte[] der = good.getEncoded("DER");
      der[der.length - 1] ^= 0x01;
      TimeStampToken forged = new TimeStampToken(new CMSSignedData(der));
      // refused as the uncached check refuses it (BouncyCastle reports a signature that does not verify as a
      // validation failure: "signature not created by certificate")
      String fresh = catchMessage(() -> TsaCertificates.verifyToken(forged));
      assertThat(fresh).contains("signature");
      assertThat(catchMessage(() -> verifiers.verifyToken(forged))).isEqualTo(fresh);

      // the same certificate, a token dated after it expired
      tsa.clock(Clock.fixed(Instant.now().plus(Duration.ofDays(20 * 365)), ZoneOffset.UTC));
      TimeStampToken late = new TimeStampToken(new CMSSignedData(rawToken(tsa)));
      assertThatThrownBy(() -> verifiers.verifyToken(late)).isInstanceOf(TsaCertificates.BadToken.class)
          .extracting(e -> ((TsaCertificates.BadToken) e).kind()).isEqualTo(TsaCertificates.Kind.VALIDITY);
    }
  }

  @Test
  void aSignerWithoutTheTimestampingUsageIsRefusedWhateverWasCachedBefore() throws Exception {
    DevPki pki = DevPki.create();
    try (TestTsa tsa = TestTsa.start(pki)) {
      TsaCertificates.Verifiers verifiers = new TsaCertificates.Verifiers();
      verifiers.verifyToken(token(tsa, "one"));
      tsa.signWith(pki.person("Không phải TSA"));
      TimeStampToken impostor = new TimeStampToken(new CMSSignedData(rawToken(tsa)));
      assertThatThrownBy(() -> verifiers.verifyToken(impostor)).isInstanceOf(TsaCertificates.BadToken.class)
          .extracting(e -> ((TsaCertificates.BadToken) e).kind()).isEqualTo(TsaCertificates.Kind.USAGE);
    }
  }

  private static String catchMessage(Check check) {
    try {
      check.run();
    } catch (TsaCertificates.BadToken e) {
      return e.getMessage();
    }
    throw new AssertionError("the token was accepted");
  }

  @FunctionalInterface
  private interface Check {
    void run() throws TsaCertificates.BadToken;
  }

  /** A token the TSA issues now, read without kyso's client (which would refuse it). */
  private static byte[] rawToken(TestTsa tsa) throws Exception {
    org.bouncycastle.tsp.TimeStampRequestGenerator g = new org.bouncycastle.tsp.TimeStampRequestGenerator();
    g.setCertReq(true);
    byte[] body = g.generate(new org.bouncycastle.asn1.ASN1ObjectIdentifier(SHA256), new byte[32],
        java.math.BigInteger.ONE).getEncoded();
    java.net.HttpURLConnection c = (java.net.HttpURLConnection) tsa.url().toURL().openConnection();
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/timestamp-query");
    try (var o = c.getOutputStream()) {
      o.write(body);
    }
    try (var in = c.getInputStream()) {
      return new org.bouncycastle.tsp.TimeStampResponse(in.readAllBytes()).getTimeStampToken().getEncoded();
    }
  }
}
