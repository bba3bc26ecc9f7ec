package org.kyso.core.internal.tsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TimestampService;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.dss.DssServices;
import org.kyso.core.testing.TestTsa;

class TspClientTest {
  private static DevPki pki;
  private static TestTsa first;
  private static TestTsa second;
  private static final byte[] DIGEST = sha256("kyso");

  @BeforeAll
  static void start() {
    pki = DevPki.create();
    first = TestTsa.start(pki);
    second = TestTsa.start(pki);
  }

  @AfterAll
  static void stop() {
    first.close();
    second.close();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static String sha256Oid() {
    return DigestAlgorithm.SHA256.getOid();
  }

  @Test
  void returnsTheTokenOfTheFirstTsaWithTheImprintSent() throws Exception {
    first.mode(TestTsa.Mode.NORMAL);
    TspClient.Stamp s = new TspClient(TimestampService.of(first.url(), second.url())).timestamp(sha256Oid(), DIGEST);
    assertThat(s.tsa()).isEqualTo(first.url());
    assertThat(s.token().getTimeStampInfo().getMessageImprintDigest()).isEqualTo(DIGEST);
    // the raw answer is a complete TimeStampResp, as openssl ts -reply writes
    assertThat(new TimeStampResponse(s.response()).getTimeStampToken()).isNotNull();
  }

  @Test
  void failsOverToTheNextTsaOnEveryKindOfBadAnswer() throws Exception {
    for (TestTsa.Mode bad : new TestTsa.Mode[] {TestTsa.Mode.HTTP_500, TestTsa.Mode.WRONG_IMPRINT,
        TestTsa.Mode.WRONG_NONCE, TestTsa.Mode.GARBAGE, TestTsa.Mode.REJECTED}) {
      first.mode(bad);
      second.mode(TestTsa.Mode.NORMAL);
      int before = second.requests();
      TspClient.Stamp s = new TspClient(TimestampService.of(first.url(), second.url()))
          .timestamp(sha256Oid(), DIGEST);
      assertThat(s.tsa()).as(bad.name()).isEqualTo(second.url());
      assertThat(second.requests()).as(bad.name()).isEqualTo(before + 1);
    }
    first.mode(TestTsa.Mode.NORMAL);
  }

  @Test
  void failsOverWhenTheConnectionIsRefused() throws Exception {
    URI refused = TestTsa.refusedUrl();
    second.mode(TestTsa.Mode.NORMAL);
    TspClient.Stamp s = new TspClient(TimestampService.of(refused, second.url())).timestamp(sha256Oid(), DIGEST);
    assertThat(s.tsa()).isEqualTo(second.url());
  }

  @Test
  void failsOverWhenTheTsaIsTooSlow() throws Exception {
    try (TestTsa slow = TestTsa.start(pki)) {
      slow.mode(TestTsa.Mode.SLOW).slowDelay(Duration.ofSeconds(5));
      second.mode(TestTsa.Mode.NORMAL);
      TimestampService service = TimestampService.builder().url(slow.url()).url(second.url())
          .readTimeout(Duration.ofMillis(300)).build();
      TspClient.Stamp s = new TspClient(service).timestamp(sha256Oid(), DIGEST);
      assertThat(s.tsa()).isEqualTo(second.url());
    }
  }

  @Test
  void refusesATokenWhoseSignerIsNotATimestampingCertificate() {
    try (TestTsa impostor = TestTsa.start(pki)) {
      impostor.signWith(pki.person("Không phải TSA"));
      assertThatThrownBy(() -> new TspClient(TimestampService.of(impostor.url())).timestamp(sha256Oid(), DIGEST))
          .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("timeStamping");
    }
  }

  @Test
  void requestsAndChecksThePolicy() throws Exception {
    first.mode(TestTsa.Mode.NORMAL);
    TimestampService good = TimestampService.builder().url(first.url()).policyOid(TestTsa.POLICY).build();
    assertThat(new TspClient(good).timestamp(sha256Oid(), DIGEST).token().getTimeStampInfo().getPolicy().getId())
        .isEqualTo(TestTsa.POLICY);
    first.mode(TestTsa.Mode.WRONG_POLICY);
    assertThatThrownBy(() -> new TspClient(good).timestamp(sha256Oid(), DIGEST))
        .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("policy");
    first.mode(TestTsa.Mode.NORMAL);
  }

  @Test
  void allFailingNamesEveryTsaAndNoSecret() {
    first.mode(TestTsa.Mode.HTTP_500);
    second.mode(TestTsa.Mode.WRONG_NONCE);
    URI withSecretQuery = URI.create(second.url() + "?apikey=s3cr3t-key");
    TimestampService service = TimestampService.builder().url(first.url()).url(withSecretQuery)
        .basicAuth("alice", "pa55word".toCharArray()).build();
    assertThatThrownBy(() -> new TspClient(service).timestamp(sha256Oid(), DIGEST))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining(first.url().toString()).hasMessageContaining("HTTP 500")
        .hasMessageContaining(second.url().toString()).hasMessageContaining("nonce")
        .message().doesNotContain("s3cr3t").doesNotContain("pa55word").doesNotContain("alice");
    first.mode(TestTsa.Mode.NORMAL);
    second.mode(TestTsa.Mode.NORMAL);
  }

  @Test
  void sendsBasicOrBearerCredentials() throws Exception {
    first.mode(TestTsa.Mode.NORMAL);
    new TspClient(TimestampService.builder().url(first.url()).basicAuth("alice", "pa55word".toCharArray()).build())
        .timestamp(sha256Oid(), DIGEST);
    assertThat(first.authorizations()).last().isEqualTo(
        "Basic " + Base64.getEncoder().encodeToString("alice:pa55word".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    new TspClient(TimestampService.builder().url(first.url()).bearerToken("tok-123".toCharArray()).build())
        .timestamp(sha256Oid(), DIGEST);
    assertThat(first.authorizations()).last().isEqualTo("Bearer tok-123");
  }

  @Test
  void dssSourceCarriesTheServiceFailureThroughDss() {
    first.mode(TestTsa.Mode.HTTP_500);
    var source = DssServices.tspSource(TimestampService.of(first.url()));
    assertThatThrownBy(() -> source.getTimeStampResponse(DigestAlgorithm.SHA256, DIGEST))
        .satisfies(e -> assertThat(DssServices.serviceFailure(new RuntimeException("wrapped", e)))
            .get().extracting(Throwable::getMessage).asString().contains("HTTP 500"));
    first.mode(TestTsa.Mode.NORMAL);
  }

  @Test
  void dssSourceReturnsTheToken() throws Exception {
    first.mode(TestTsa.Mode.NORMAL);
    var bin = DssServices.tspSource(TimestampService.of(first.url())).getTimeStampResponse(DigestAlgorithm.SHA256,
        DIGEST);
    var token = new org.bouncycastle.tsp.TimeStampToken(new org.bouncycastle.cms.CMSSignedData(bin.getBytes()));
    assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(DIGEST);
  }
}
