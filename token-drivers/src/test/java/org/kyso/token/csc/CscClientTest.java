package org.kyso.token.csc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.KeyInfo;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.token.KeyOptions;
import org.kyso.token.Keys;
import org.kyso.token.internal.Der;
import org.kyso.token.testing.BackingKeys;
import org.kyso.token.testing.CscTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CSC client against {@link CscTestServer} over real HTTP on 127.0.0.1, signing with SoftHSM keys. */
class CscClientTest {
  private static final String SECRET = "s3cr3t-Client-7788";
  private static BackingKeys keys;
  private CscTestServer server;

  @BeforeAll
  static void backingKeys() throws Exception {
    keys = BackingKeys.open();
  }

  @AfterAll
  static void closeKeys() {
    keys.close();
  }

  @BeforeEach
  void start() throws Exception {
    server = new CscTestServer().oauth("portal", SECRET)
        .credential("rsa-pin", keys.rsa(), CscTestServer.Auth.PIN)
        .credential("ec-pin", keys.ec(), CscTestServer.Auth.PIN)
        .credential("rsa-otp", keys.rsa(), CscTestServer.Auth.PIN_AND_OTP)
        .credential("rsa-scal2", keys.rsa(), CscTestServer.Auth.PIN, 2, 1000)
        .credential("rsa-phone", keys.rsa(), CscTestServer.Auth.ASYNC_APPROVAL)
        .credential("rsa-small", keys.rsa(), CscTestServer.Auth.IMPLICIT, 1, 40);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private KeyOptions.Builder options() {
    return KeyOptions.builder(PinSource.of(server.pin().toCharArray()))
        .cscClientSecret(PinSource.of(SECRET.toCharArray())).pollInterval(Duration.ofMillis(20));
  }

  private SigningKey open(String credential, KeyOptions o) throws KysoException {
    return Keys.open(server.spec(credential), o);
  }

  private static List<byte[]> digests(int n, DigestAlgorithm d) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(d.digest(("document " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static void verify(X509Certificate cert, String alg, String data, byte[] sig) throws Exception {
    Signature v = Signature.getInstance(alg);
    v.initVerify(cert.getPublicKey());
    v.update(data.getBytes(StandardCharsets.UTF_8));
    assertThat(v.verify(sig)).as(alg).isTrue();
  }

  @Test
  void describesTheServiceAndItsCredentials() throws Exception {
    CscClient client = CscClient.create(CscUri.parse("csc:" + server.base() + "?client-id=portal"), options().build());
    CscInfo info = client.info();
    assertThat(info.specs()).isEqualTo("2.0.0.2");
    assertThat(info.name()).isEqualTo("kyso test CSC");
    assertThat(info.offers("signatures/signHash")).isTrue();
    List<CscCredential> creds = client.credentials();
    assertThat(creds).extracting(CscCredential::id)
        .containsExactly("rsa-pin", "ec-pin", "rsa-otp", "rsa-scal2", "rsa-phone", "rsa-small");
    CscCredential otp = creds.get(2);
    assertThat(otp.authMode()).isEqualTo(CscCredential.AuthMode.EXPLICIT);
    assertThat(otp.needsPin()).isTrue();
    assertThat(otp.needsOtp()).isTrue();
    assertThat(otp.certificate()).contains(keys.rsa().certificate());
    assertThat(otp.certificates()).hasSize(keys.rsa().certificateChain().size());
    assertThat(creds.get(3).scal()).isEqualTo(2);
    assertThat(creds.get(4).authMode()).isEqualTo(CscCredential.AuthMode.IMPLICIT);
    assertThat(creds.get(5).multisign()).isEqualTo(40);
    assertThat(client.credential("ec-pin").keyAlgorithms()).containsExactly("1.2.840.10045.2.1");
    assertThat(client.credentialIds()).hasSize(6);
    try (CscToken token = client.open()) {
      assertThat(token.keys()).extracting(KeyInfo::label).contains("rsa-pin", "ec-pin");
    }
  }

  @Test
  void signsRsaPkcs1RsaPssAndEcdsaThatVerifyWithTheCertificate() throws Exception {
    try (SigningKey rsa = open("rsa-pin", options().build()); SigningKey ec = open("ec-pin", options().build())) {
      for (DigestAlgorithm d : DigestAlgorithm.values()) {
        byte[] h = d.digest("văn bản".getBytes(StandardCharsets.UTF_8));
        String jca = d.jcaName().replace("-", "");
        verify(rsa.certificate(), jca + "withRSA", "văn bản", rsa.signDigest(rsa.algorithmFor(d), h));
        byte[] ecSig = ec.signDigest(ec.algorithmFor(d), h);
        assertThat(org.kyso.core.internal.EcdsaValues.isDer(ecSig)).isTrue();
        verify(ec.certificate(), jca + "withECDSA", "văn bản", ecSig);
        byte[] pss = rsa.signDigest(SignatureAlgorithm.of(SignatureAlgorithm.KeyType.RSA, d, true), h);
        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(new PSSParameterSpec(d.jcaName(), "MGF1", new MGF1ParameterSpec(d.jcaName()), d.length(), 1));
        v.initVerify(rsa.certificate().getPublicKey());
        v.update("văn bản".getBytes(StandardCharsets.UTF_8));
        assertThat(v.verify(pss)).isTrue();
      }
    }
  }

  @Test
  void aBatchOfAHundredIsOneAuthorisationAndCeilOfHundredOverNSignHashCalls() throws Exception {
    try (SigningKey key = open("rsa-pin", options().cscHashesPerRequest(30).build())) {
      int authBefore = server.count("credentials/authorize");
      List<byte[]> sigs = key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(100, DigestAlgorithm.SHA256));
      assertThat(sigs).hasSize(100);
      for (int i = 0; i < 100; i += 33) {
        verify(key.certificate(), "SHA256withRSA", "document " + i, sigs.get(i));
      }
      assertThat(server.count("credentials/authorize") - authBefore).isEqualTo(1);
      assertThat(server.count("signatures/signHash")).isEqualTo(4); // ceil(100 / 30)
      assertThat(server.count("oauth2/token")).isEqualTo(1);
    }
  }

  @Test
  void scal2AuthorisesTheHashesThemselves() throws Exception {
    try (SigningKey key = open("rsa-scal2", options().build())) {
      List<byte[]> sigs = key.signDigests(SignatureAlgorithm.RSA_SHA384, digests(5, DigestAlgorithm.SHA384));
      verify(key.certificate(), "SHA384withRSA", "document 4", sigs.get(4));
      assertThat(server.requestBodies()).anyMatch(b -> b.contains("\"numSignatures\":5") && b.contains("\"hashes\""));
    }
  }

  @Test
  void splitsABatchIntoAsManyAuthorisationsAsMultisignRequires() throws Exception {
    try (SigningKey key = open("rsa-small", options().build())) {
      List<byte[]> sigs = key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(100, DigestAlgorithm.SHA256));
      verify(key.certificate(), "SHA256withRSA", "document 99", sigs.get(99));
      assertThat(server.count("credentials/authorize")).isEqualTo(3); // multisign 40
      assertThat(server.count("signatures/signHash")).isEqualTo(3);
    }
  }

  @Test
  void aWrongPinIsWrongPinAndThePinLocksAfterThreeTries() throws Exception {
    KeyOptions wrong = KeyOptions.builder(PinSource.of("999999".toCharArray())).cscClientSecret(PinSource.of(SECRET.toCharArray()))
        .build();
    try (SigningKey key = open("rsa-pin", wrong)) {
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> key.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]))
            .isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_PIN))
            .hasMessageContaining("refused the PIN or OTP for credential 'rsa-pin'");
      }
      assertThatThrownBy(() -> key.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]))
          .isInstanceOfSatisfying(TokenException.class,
              e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.PIN_LOCKED));
    }
    assertThat(server.count("signatures/signHash")).isZero();
  }

  @Test
  void aWrongOtpIsWrongPin() throws Exception {
    KeyOptions o = options().otp(PinSource.of("000000".toCharArray())).build();
    try (SigningKey key = open("rsa-otp", o)) {
      assertThatThrownBy(() -> key.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]))
          .isInstanceOfSatisfying(TokenException.class,
              e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_PIN))
          .hasMessageContaining("invalid_otp");
    }
    try (SigningKey key = open("rsa-otp", options().otp(PinSource.of(server.otp().toCharArray())).build())) {
      verify(key.certificate(), "SHA256withRSA", "x", key.signDigest(SignatureAlgorithm.RSA_SHA256,
          DigestAlgorithm.SHA256.digest("x".getBytes(StandardCharsets.UTF_8))));
    }
  }

  @Test
  void waitsForApprovalOnThePhoneByPolling() throws Exception {
    server.approveAfterPolls(3);
    try (SigningKey key = open("rsa-phone", options().build())) {
      List<byte[]> sigs = key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(10, DigestAlgorithm.SHA256));
      verify(key.certificate(), "SHA256withRSA", "document 9", sigs.get(9));
    }
    assertThat(server.count("credentials/authorize")).isEqualTo(1);
    assertThat(server.count("credentials/authorizeCheck")).isEqualTo(3);
  }

  @Test
  void givesUpWhenNobodyApprovesBeforeTheDeadline() throws Exception {
    server.approveAfterPolls(-1);
    try (SigningKey key = open("rsa-phone", options().approvalTimeout(Duration.ofMillis(300)).build())) {
      assertThatThrownBy(() -> key.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]))
          .isInstanceOfSatisfying(TokenException.class,
              e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.ACCESS_DENIED))
          .hasMessageContaining("was not approved within");
    }
    assertThat(server.count("credentials/authorizeCheck")).isPositive();
    assertThat(server.count("signatures/signHash")).isZero();
  }

  @Test
  void aRefusalOnThePhoneIsAccessDenied() throws Exception {
    server.refuseApproval(true);
    try (SigningKey key = open("rsa-phone", options().build())) {
      assertThatThrownBy(() -> key.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]))
          .isInstanceOfSatisfying(TokenException.class,
              e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.ACCESS_DENIED))
          .hasMessageContaining("refused on the approving device");
    }
  }

  @Test
  void anExpiredSadIsAuthorisedAgainOnceThenReported() throws Exception {
    server.expireNextSads(1);
    try (SigningKey key = open("rsa-pin", options().cscHashesPerRequest(10).build())) {
      List<byte[]> sigs = key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(20, DigestAlgorithm.SHA256));
      verify(key.certificate(), "SHA256withRSA", "document 19", sigs.get(19));
      assertThat(server.count("credentials/authorize")).isEqualTo(2);
      assertThat(server.count("signatures/signHash")).isEqualTo(3);

      server.sadLifetime(Duration.ZERO);
      assertThatThrownBy(() -> key.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]))
          .isInstanceOfSatisfying(TokenException.class,
              e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.ACCESS_DENIED))
          .hasMessageContaining("expired");
      assertThat(server.count("credentials/authorize")).isEqualTo(4);
      assertThat(server.count("signatures/signHash")).isEqualTo(5);
    }
  }

  @Test
  void aServerErrorDuringSignHashIsNeverRetried() throws Exception {
    server.failNext("signatures/signHash", 500, 5);
    try (SigningKey key = open("rsa-pin", options().build())) {
      assertThatThrownBy(() -> key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(3, DigestAlgorithm.SHA256)))
          .isInstanceOf(ServiceUnavailableException.class)
          .hasMessageContaining("HTTP 500").hasMessageContaining("did not send it again");
    }
    assertThat(server.count("signatures/signHash")).isEqualTo(1);
  }

  @Test
  void aServerErrorOnAReadIsRetried() throws Exception {
    server.failNext("credentials/info", 503, 1);
    try (SigningKey key = open("rsa-pin", options().build())) {
      assertThat(key.certificate()).isEqualTo(keys.rsa().certificate());
    }
    assertThat(server.count("credentials/info")).isEqualTo(2);
  }

  @Test
  void aSlowSignHashTimesOutWithoutBeingSentAgain() throws Exception {
    server.delay("signatures/signHash", Duration.ofSeconds(3));
    try (SigningKey key = open("rsa-pin", options().requestTimeout(Duration.ofMillis(500)).build())) {
      assertThatThrownBy(() -> key.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]))
          .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("did not answer");
    }
    assertThat(server.count("signatures/signHash")).isEqualTo(1);
  }

  @Test
  void anUnreachableServiceIsServiceUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> Keys.open("csc:http://127.0.0.1:" + port + "/csc/v2?credential=x&client-id=portal",
        options().retries(1).build()))
        .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("cannot be reached");
  }

  @Test
  void aWrongClientSecretIsAccessDeniedAndAnExpiredAccessTokenIsRenewedOnce() throws Exception {
    KeyOptions bad = options().cscClientSecret(PinSource.of("nope".toCharArray())).build();
    assertThatThrownBy(() -> open("rsa-pin", bad)).isInstanceOfSatisfying(TokenException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.ACCESS_DENIED))
        .hasMessageContaining("client id or its secret");
    try (SigningKey key = open("rsa-pin", options().build())) {
      int tokens = server.count("oauth2/token");
      server.revokeAccessTokens();
      key.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]);
      assertThat(server.count("oauth2/token")).isEqualTo(tokens + 1);
    }
  }

  @Test
  void anUnknownCredentialIsKeyNotFound() {
    assertThatThrownBy(() -> open("nobody", options().build())).isInstanceOfSatisfying(TokenException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.KEY_NOT_FOUND))
        .hasMessageContaining("'nobody'");
  }

  @Test
  void rawEcdsaValuesFromTheServiceBecomeDer() throws Exception {
    server.rawEcdsa(true);
    try (SigningKey ec = open("ec-pin", options().build())) {
      byte[] sig = ec.signDigest(SignatureAlgorithm.ECDSA_SHA256,
          DigestAlgorithm.SHA256.digest("raw".getBytes(StandardCharsets.UTF_8)));
      assertThat(org.kyso.core.internal.EcdsaValues.isDer(sig)).isTrue();
      verify(ec.certificate(), "SHA256withECDSA", "raw", sig);
    }
  }

  @Test
  void refusesPlainHttpToOtherHostsAndSecretsInTheAddress() {
    assertThatThrownBy(() -> CscUri.parse("csc:http://ca.example.vn/csc/v2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
    assertThatThrownBy(() -> CscUri.parse("csc:http://10.0.0.5/csc/v2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CscUri.parse("csc:https://ca.example.vn/csc/v2?client-secret=abc"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("abc");
    assertThatThrownBy(() -> CscUri.parse("csc:ftp://ca.example.vn/csc/v2")).isInstanceOf(IllegalArgumentException.class);
    CscUri u = CscUri.parse("csc:https://ca.example.vn/csc/v2/?credential=c%201&client-id=portal");
    assertThat(u.base().toString()).isEqualTo("https://ca.example.vn/csc/v2");
    assertThat(u.credential()).contains("c 1");
    assertThat(u.clientId()).contains("portal");
    assertThat(CscUri.parse("http://localhost:8080/csc/v2").base().getPort()).isEqualTo(8080);
    assertThat(CscUri.parse("http://[::1]:8080/csc/v2").credential()).isEmpty();
  }

  @Test
  void neitherMessagesNorLogsContainThePinOtpOrClientSecret() throws Exception {
    List<String> seen = new ArrayList<>();
    KeyOptions wrong = KeyOptions.builder(PinSource.of("424242".toCharArray()))
        .otp(PinSource.of("171717".toCharArray())).cscClientSecret(PinSource.of(SECRET.toCharArray())).build();
    try (SigningKey key = open("rsa-otp", wrong)) {
      seen.add(key.toString());
      try {
        key.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]);
      } catch (KysoException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          seen.add(String.valueOf(t));
        }
      }
    }
    try {
      open("rsa-pin", options().cscClientSecret(PinSource.of("wrong-secret-5150".toCharArray())).build());
    } catch (KysoException e) {
      seen.add(String.valueOf(e));
    }
    seen.add(options().build().toString());
    assertThat(seen).isNotEmpty().noneMatch(s -> s.contains("424242") || s.contains("171717")
        || s.contains(SECRET) || s.contains("wrong-secret-5150") || s.contains(server.pin()));
    // the secrets did reach the server (the test is not vacuous)...
    assertThat(server.requestBodies()).anyMatch(b -> b.contains("424242"));
    // ...but never the log
    Path log = Path.of(System.getProperty("kyso.test.log", "target/token-drivers-test.log"));
    if (Files.exists(log)) {
      String text = Files.readString(log);
      assertThat(text).contains("authorising 1 signature(s) with credential rsa-otp");
      assertThat(text).doesNotContain("424242").doesNotContain("171717").doesNotContain(SECRET)
          .doesNotContain("wrong-secret-5150").doesNotContain(server.pin());
    }
  }
}
