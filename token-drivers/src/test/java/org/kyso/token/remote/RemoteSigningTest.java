package org.kyso.token.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.ApprovalTimeoutException;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.PreparedSignature;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.token.KeyOptions;
import org.kyso.token.Keys;
import org.kyso.token.testing.BackingKeys;
import org.kyso.token.testing.RemoteTestServer;
import org.kyso.token.testing.RemoteTestServer.Answer;
import org.kyso.token.testing.RemoteTestServer.Outcome;

/** The remote transaction model and the qd769, smartca and mysign adapters against their loopback simulators. */
class RemoteSigningTest {
  private static final String SECRET = "Sp-Pass-8841-bí-mật";
  private static final String PASSWORD = "an-Password-5521";
  private static BackingKeys keys;
  private final List<String> messages = new ArrayList<>();

  @BeforeAll
  static void open() throws Exception {
    keys = BackingKeys.open();
  }

  @AfterAll
  static void close() {
    if (keys != null) {
      keys.close();
    }
  }

  private static KeyOptions options(String secret) {
    return KeyOptions.builder(PinSource.of(PASSWORD.toCharArray())).serviceSecret(PinSource.of(secret.toCharArray()))
        .pollInterval(Duration.ofMillis(10)).approvalTimeout(Duration.ofSeconds(20)).build();
  }

  private static RemoteTestServer server() throws Exception {
    return new RemoteTestServer(keys.rsa(), SECRET, PASSWORD);
  }

  private static List<byte[]> digests(int n) throws Exception {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(MessageDigest.getInstance("SHA-256").digest(("document " + i).getBytes()));
    }
    return out;
  }

  private static void assertVerify(SigningKey key, List<byte[]> digests, List<byte[]> sigs) throws Exception {
    assertThat(sigs).hasSize(digests.size());
    for (int i = 0; i < digests.size(); i++) {
      Signature s = Signature.getInstance("NONEwithRSA");
      s.initVerify(key.certificate().getPublicKey());
      s.update(new org.bouncycastle.asn1.x509.DigestInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
          org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256, org.bouncycastle.asn1.DERNull.INSTANCE),
          digests.get(i)).getEncoded("DER"));
      assertThat(s.verify(sigs.get(i))).as("signature %d", i).isTrue();
    }
  }

  private KysoException failure(ThrowingRunnable r) {
    try {
      r.run();
    } catch (KysoException e) {
      messages.add(e.getMessage());
      return e;
    } catch (Exception e) {
      throw new AssertionError("expected a KysoException", e);
    }
    throw new AssertionError("expected a failure");
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void qd769SignsTwentyDigestsUnderOneSignRequest() throws Exception {
    try (RemoteTestServer s = server().approveAfterPolls(3);
         SigningKey key = Keys.open(s.qd769Key(), options(SECRET))) {
      assertThat(key).isInstanceOf(RemoteKey.class);
      assertThat(key.certificate()).isEqualTo(keys.rsa().certificate());
      assertThat(key.certificateChain()).hasSize(keys.rsa().certificateChain().size());
      List<byte[]> d = digests(20);
      assertVerify(key, d, key.signDigests(SignatureAlgorithm.RSA_SHA256, d));
      assertThat(s.signRequests()).isEqualTo(1);
      assertThat(s.lastRequestSize()).isEqualTo(20);
      assertThat(s.count("/status")).isEqualTo(3);
    }
  }

  @Test
  void qd769NeacLayoutWithCmsAnswerWithoutAttributes() throws Exception {
    try (RemoteTestServer s = server().answer(Answer.CMS_NO_ATTRIBUTES);
         SigningKey key = Keys.open(s.neacKey(), options(SECRET))) {
      List<byte[]> d = digests(3);
      assertVerify(key, d, key.signDigests(SignatureAlgorithm.RSA_SHA256, d));
      assertThat(s.count("/neac/sign")).isEqualTo(1);
      assertThat(s.bodies()).anyMatch(b -> b.contains("\"file_options\""));
    }
  }

  @Test
  void qd769AnswerAtOnceNeedsNoPolling() throws Exception {
    try (RemoteTestServer s = server().immediate(true); SigningKey key = Keys.open(s.qd769Key(), options(SECRET))) {
      List<byte[]> d = digests(2);
      assertVerify(key, d, key.signDigests(SignatureAlgorithm.RSA_SHA256, d));
      assertThat(s.count("/status")).isZero();
    }
  }

  @Test
  void cmsWithItsOwnAttributesIsCheckedThenRefusedClearly() throws Exception {
    try (RemoteTestServer s = server().answer(Answer.CMS_WITH_ATTRIBUTES);
         SigningKey key = Keys.open(s.qd769Key(), options(SECRET))) {
      KysoException e = failure(() -> key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(1)));
      assertThat(e).isInstanceOf(TokenException.class);
      assertThat(((TokenException) e).reason()).isEqualTo(TokenException.Reason.UNSUPPORTED);
      assertThat(e.getMessage()).contains("right signer, right digest");
    }
  }

  @Test
  void cmsAnswersWithAOneTimeCertificateAreCheckedAndReturnedWhole() throws Exception {
    try (RemoteTestServer s = server().answer(Answer.CMS_WITH_ATTRIBUTES).oneTimeCertificate(true);
         RemoteKey key = (RemoteKey) Keys.open(s.qd769CmsKey(), options(SECRET))) {
      assertThat(key.answersWithCms()).isTrue();
      assertThat(key.certificateChain()).isEmpty(); // known only from the CMS
      assertThatThrownBy(key::certificate).isInstanceOf(IllegalStateException.class);
      List<byte[]> d = digests(3);
      List<PreparedSignature> p = new ArrayList<>();
      for (byte[] x : d) {
        p.add(new PreparedSignature(x, SignatureAlgorithm.RSA_SHA256, Instant.now()));
      }
      RemoteSigning.Result r = RemoteSigning.builder(TransactionStore.inMemory()).pollInterval(Duration.ofMillis(10))
          .build().sign(key, "cms", () -> items(p));
      assertThat(s.signRequests()).isEqualTo(1);
      for (int i = 0; i < 3; i++) {
        org.bouncycastle.cms.CMSSignedData cms = new org.bouncycastle.cms.CMSSignedData(r.signatures().get(i));
        var si = cms.getSignerInfos().getSigners().iterator().next();
        assertThat(si.getSignedAttributes().get(org.bouncycastle.asn1.cms.CMSAttributes.messageDigest)
            .getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded()).endsWith(d.get(i));
      }
      // the plain SigningKey path cannot use a CMS
      assertThat(((TokenException) failure(() -> key.signDigests(SignatureAlgorithm.RSA_SHA256, d))).reason())
          .isEqualTo(TokenException.Reason.UNSUPPORTED);
    }
  }

  @Test
  void aRawSignatureWhereACmsWasExpectedIsRefused() throws Exception {
    try (RemoteTestServer s = server().answer(Answer.RAW);
         RemoteKey key = (RemoteKey) Keys.open(s.qd769CmsKey(), options(SECRET))) {
      List<PreparedSignature> p = List.of(new PreparedSignature(digests(1).get(0), SignatureAlgorithm.RSA_SHA256,
          Instant.now()));
      KysoException e = failure(() -> RemoteSigning.builder(TransactionStore.inMemory())
          .pollInterval(Duration.ofMillis(10)).build().sign(key, "raw", () -> items(p)));
      assertThat(e).hasMessageContaining("cannot be read");
    }
  }

  @Test
  void qd769FailuresMapToReasons() throws Exception {
    try (RemoteTestServer s = server()) {
      KysoException wrong = failure(() -> Keys.open(s.qd769Key(), options("wrong-secret-1")));
      assertThat(((TokenException) wrong).reason()).isEqualTo(TokenException.Reason.ACCESS_DENIED);
      assertThat(wrong.getMessage()).contains("QĐ 769").contains("SP không hợp lệ");

      s.outcome(Outcome.REFUSE);
      try (SigningKey key = Keys.open(s.qd769Key(), options(SECRET))) {
        KysoException refused = failure(() -> key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(1)));
        assertThat(((TokenException) refused).reason()).isEqualTo(TokenException.Reason.ACCESS_DENIED);
        assertThat(refused.getMessage()).contains("từ chối").contains("refused in the app");

        s.outcome(Outcome.EXPIRE);
        assertThat(failure(() -> key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(1))))
            .isInstanceOf(ApprovalTimeoutException.class).hasMessageContaining("hết hạn");

        s.outcome(Outcome.QUOTA);
        KysoException quota = failure(() -> key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(1)));
        assertThat(((TokenException) quota).reason()).isEqualTo(TokenException.Reason.ACCESS_DENIED);
        assertThat(quota.getMessage()).contains("quota");

        s.outcome(Outcome.APPROVE).failNext("/signatures/sign", 1);
        int before = s.signRequests();
        assertThat(failure(() -> key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(1))))
            .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("did not send it again");
        assertThat(s.count("/signatures/sign")).isEqualTo(before + 1); // the sign request is never repeated

        s.failNext("/status", 1); // a read: retried
        List<byte[]> d = digests(1);
        assertVerify(key, d, key.signDigests(SignatureAlgorithm.RSA_SHA256, d));
      }
    }
  }

  @Test
  void unreachableServiceIsServiceUnavailable() throws Exception {
    String spec;
    try (RemoteTestServer s = server()) {
      spec = s.qd769Key();
    }
    assertThat(failure(() -> Keys.open(spec, options(SECRET)))).isInstanceOf(ServiceUnavailableException.class);
  }

  @Test
  void plainHttpOnlyToLoopbackAndNoSecretsInTheAddress() {
    assertThatThrownBy(() -> Keys.open("qd769:http://ca.example.vn/sca/sp769/v1?sp-id=a&user-id=b", options(SECRET)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Plain http");
    assertThatThrownBy(() -> Keys.open("qd769:https://ca.example.vn/x?sp-id=a&user-id=b&sp-password=x",
        options(SECRET))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Secrets");
    assertThatThrownBy(() -> Keys.open("qd769:https://ca.example.vn/x?user-id=b", options(SECRET)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sp-id");
  }

  @Test
  void deadlinePassedThenRunAgainResumesWithoutASecondSignRequest(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("tx.db");
    try (RemoteTestServer s = server().approveAfterPolls(-1);
         RemoteKey key = (RemoteKey) Keys.open(s.qd769Key(), options(SECRET))) {
      List<PreparedSignature> prepared = new ArrayList<>();
      for (byte[] d : digests(5)) {
        prepared.add(new PreparedSignature(d, SignatureAlgorithm.RSA_SHA256, Instant.parse("2026-01-02T03:04:05Z")));
      }
      List<String> seen = new ArrayList<>();
      RemoteSigning first = RemoteSigning.builder(TransactionStore.sqlite(db)).pollInterval(Duration.ofMillis(10))
          .approvalTimeout(Duration.ofMillis(200)).listener((svc, tx, desc, left) -> seen.add(tx)).build();
      KysoException e = failure(() -> first.sign(key, "batch A", () -> items(prepared)));
      assertThat(e).isInstanceOf(ApprovalTimeoutException.class).hasMessageContaining("run the same command again");
      assertThat(seen).isNotEmpty();
      assertThat(s.signRequests()).isEqualTo(1);

      // a new process: a new store object on the same file; the preparer must not even be called
      s.approveAfterPolls(1);
      RemoteSigning second = RemoteSigning.builder(TransactionStore.sqlite(db)).pollInterval(Duration.ofMillis(10))
          .build();
      RemoteSigning.Result r = second.sign(key, "batch A", () -> {
        throw new AssertionError("a resumed transaction must not be prepared again");
      });
      assertThat(r.resumed()).isTrue();
      assertThat(r.signRequests()).isZero();
      assertThat(s.signRequests()).isEqualTo(1);
      assertThat(r.items()).extracting(RemoteSigning.Item::prepared).containsExactlyElementsOf(prepared);
      assertVerify(key, prepared.stream().map(PreparedSignature::digest).toList(), r.signatures());
      assertThat(second.state(r.transaction())).contains(TransactionStore.State.SIGNED);

      // signed but not yet written (killed again): the values come from the store
      RemoteSigning.Result again = second.sign(key, "batch A", () -> {
        throw new AssertionError("not again");
      });
      assertThat(again.signatures()).hasSize(5);
      second.completed(again.transaction());
      assertThat(s.signRequests()).isEqualTo(1);

      // completed: the same intent is new work
      RemoteSigning.Result fresh = second.sign(key, "batch A", () -> items(prepared));
      assertThat(fresh.resumed()).isFalse();
      assertThat(s.signRequests()).isEqualTo(2);
    }
  }

  /**
   * The sign request reached the service but its answer never came back (a timeout, as when the process is killed
   * while sending): QĐ 769 names transactions by the SP's id, so the next run asks for the result of that request
   * instead of sending another; SmartCA cannot be asked without its tranId, so the next run sends a new request.
   */
  @Test
  void interruptedWhileSendingResumesByOwnReferenceWhereTheProtocolAllows(@TempDir Path dir) throws Exception {
    KeyOptions impatient = options(SECRET).newBuilder().requestTimeout(Duration.ofSeconds(1)).retries(0).build();
    List<PreparedSignature> p = List.of(new PreparedSignature(digests(1).get(0), SignatureAlgorithm.RSA_SHA256,
        Instant.parse("2026-03-04T05:06:07Z")));
    try (RemoteTestServer s = server().approveAfterPolls(1).delay("/signatures/sign", Duration.ofSeconds(3));
         RemoteKey key = (RemoteKey) Keys.open(s.qd769Key(), impatient)) {
      RemoteSigning rs = RemoteSigning.builder(TransactionStore.sqlite(dir.resolve("q.db")))
          .pollInterval(Duration.ofMillis(10)).build();
      assertThat(failure(() -> rs.sign(key, "slow", () -> items(p)))).isInstanceOf(ServiceUnavailableException.class)
          .hasMessageContaining("did not send it again");
      while (s.signRequests() < 1) {
        Thread.sleep(20); // the service is still working on it
      }
      Thread.sleep(100);
      RemoteSigning.Result r = RemoteSigning.builder(TransactionStore.sqlite(dir.resolve("q.db")))
          .pollInterval(Duration.ofMillis(10)).build().sign(key, "slow", () -> {
            throw new AssertionError("resumed, not prepared again");
          });
      assertThat(r.resumed()).isTrue();
      assertThat(s.signRequests()).isEqualTo(1);
      assertThat(s.count("/signatures/sign")).isEqualTo(1);
    }
    try (RemoteTestServer s = server().approveAfterPolls(1).delay("/csc/signature/signhash", Duration.ofSeconds(3));
         RemoteKey key = (RemoteKey) Keys.open(s.smartCaKey(), impatient)) {
      RemoteSigning rs = RemoteSigning.builder(TransactionStore.sqlite(dir.resolve("s.db")))
          .pollInterval(Duration.ofMillis(10)).build();
      failure(() -> rs.sign(key, "slow", () -> items(p)));
      s.delay("/csc/signature/signhash", Duration.ZERO);
      RemoteSigning.Result r = rs.sign(key, "slow", () -> items(p));
      assertThat(r.resumed()).isFalse();
      assertThat(s.count("/csc/signature/signhash")).isEqualTo(2);
    }
  }

  @Test
  void refusedTransactionIsClosedAndNotResumed(@TempDir Path dir) throws Exception {
    try (RemoteTestServer s = server().outcome(Outcome.REFUSE);
         RemoteKey key = (RemoteKey) Keys.open(s.qd769Key(), options(SECRET))) {
      RemoteSigning rs = RemoteSigning.builder(TransactionStore.sqlite(dir.resolve("tx.db")))
          .pollInterval(Duration.ofMillis(10)).build();
      List<PreparedSignature> p = List.of(new PreparedSignature(digests(1).get(0), SignatureAlgorithm.RSA_SHA256,
          Instant.now()));
      failure(() -> rs.sign(key, "x", () -> items(p)));
      s.outcome(Outcome.APPROVE);
      assertThat(rs.sign(key, "x", () -> items(p)).resumed()).isFalse();
      assertThat(s.signRequests()).isEqualTo(2);
    }
  }

  @Test
  void postgresqlStoreWorksTheSame() throws Exception {
    String url = System.getenv("KYSO_TEST_PG_URL");
    if (url == null) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("KYSO_TEST_PG_URL must be set under CI");
      }
      org.junit.jupiter.api.Assumptions.abort("KYSO_TEST_PG_URL not set: PostgreSQL store not tested");
    }
    try (RemoteTestServer s = server().approveAfterPolls(-1);
         RemoteKey key = (RemoteKey) Keys.open(s.qd769Key(), options(SECRET))) {
      String intent = "pg " + System.nanoTime();
      List<PreparedSignature> p = List.of(new PreparedSignature(digests(1).get(0), SignatureAlgorithm.RSA_SHA256,
          Instant.parse("2026-01-02T03:04:05Z")));
      RemoteSigning a = RemoteSigning.builder(TransactionStore.open(url)).pollInterval(Duration.ofMillis(10))
          .approvalTimeout(Duration.ofMillis(100)).build();
      failure(() -> a.sign(key, intent, () -> items(p)));
      s.approveAfterPolls(1);
      RemoteSigning.Result r = RemoteSigning.builder(TransactionStore.open(url)).pollInterval(Duration.ofMillis(10))
          .build().sign(key, intent, () -> {
            throw new AssertionError("resumed");
          });
      assertThat(r.resumed()).isTrue();
      assertThat(s.signRequests()).isEqualTo(1);
    }
  }

  @Test
  void smartCaSplitsIntoFiftiesAndMapsItsStatuses() throws Exception {
    try (RemoteTestServer s = server().approveAfterPolls(2);
         SigningKey key = Keys.open(s.smartCaKey(), options(SECRET))) {
      List<byte[]> d = digests(120);
      assertVerify(key, d, key.signDigests(SignatureAlgorithm.RSA_SHA256, d));
      assertThat(s.signRequests()).isEqualTo(3);
      s.outcome(Outcome.REFUSE);
      assertThat(((TokenException) failure(() -> key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(1))))
          .reason()).isEqualTo(TokenException.Reason.ACCESS_DENIED);
      s.outcome(Outcome.EXPIRE);
      assertThat(failure(() -> key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(1))))
          .isInstanceOf(ApprovalTimeoutException.class);
      s.outcome(Outcome.QUOTA);
      assertThat(failure(() -> key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(1))))
          .hasMessageContaining("SERVICE_PACK_EXEED_OR_INVALID").hasMessageContaining("quota");
    }
    try (RemoteTestServer s = server()) {
      assertThat(((TokenException) failure(() -> Keys.open(s.smartCaKey(), options("bad-secret-2")))).reason())
          .isEqualTo(TokenException.Reason.ACCESS_DENIED);
      KeyOptions refresh = KeyOptions.builder(PinSource.of(RemoteTestServer.REFRESH_TOKEN.toCharArray()))
          .serviceSecret(PinSource.of(SECRET.toCharArray())).pollInterval(Duration.ofMillis(10)).build();
      try (SigningKey key = Keys.open(s.smartCaKey() + "&grant=refresh-token", refresh)) {
        List<byte[]> d = digests(2);
        assertVerify(key, d, key.signDigests(SignatureAlgorithm.RSA_SHA256, d));
      }
      assertThat(s.bodies()).anyMatch(b -> b.contains("grant_type=refresh_token"));
      KeyOptions wrongPassword = KeyOptions.builder(PinSource.of("nope-3".toCharArray()))
          .serviceSecret(PinSource.of(SECRET.toCharArray())).build();
      assertThat(((TokenException) failure(() -> Keys.open(s.smartCaKey(), wrongPassword))).reason())
          .isEqualTo(TokenException.Reason.WRONG_PIN);
    }
  }

  /**
   * SmartCA calls the portal's notify-url when the user approved; the portal passes it to
   * {@link RemoteSigning#notified}, which asks at once instead of after the (here very long) pause.
   */
  @Test
  void aCallbackFromTheServiceEndsTheWait() throws Exception {
    com.sun.net.httpserver.HttpServer portal = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    java.util.concurrent.atomic.AtomicReference<RemoteSigning> signing = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicInteger callbacks = new java.util.concurrent.atomic.AtomicInteger();
    portal.createContext("/kyso-callback", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      callbacks.incrementAndGet();
      signing.get().notified(org.kyso.core.internal.json.Json.string(
          org.kyso.core.internal.json.Json.parseObject(body), "tranId").orElseThrow());
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    portal.start();
    String notify = "http://127.0.0.1:" + portal.getAddress().getPort() + "/kyso-callback";
    try (RemoteTestServer s = server().approveAfterPolls(-1).approveByCallback(Duration.ofMillis(200));
         RemoteKey key = (RemoteKey) Keys.open(s.smartCaKey() + "&notify-url="
             + java.net.URLEncoder.encode(notify, java.nio.charset.StandardCharsets.UTF_8), options(SECRET))) {
      // the pause between polls is longer than the approval window: only the callback can end the wait in time
      signing.set(RemoteSigning.builder(TransactionStore.inMemory()).pollInterval(Duration.ofMinutes(10))
          .approvalTimeout(Duration.ofMinutes(1)).build());
      List<PreparedSignature> p = List.of(new PreparedSignature(digests(1).get(0), SignatureAlgorithm.RSA_SHA256,
          Instant.now()));
      RemoteSigning.Result r = signing.get().sign(key, "callback", () -> items(p));
      assertThat(callbacks.get()).isEqualTo(1);
      assertThat(s.bodies()).anyMatch(b -> b.contains("\"notifyUrl\""));
      assertVerify(key, List.of(p.get(0).digest()), r.signatures());
    } finally {
      portal.stop(0);
    }
  }

  @Test
  void mySignAuthorisesOnceForTheBatch() throws Exception {
    try (RemoteTestServer s = server().mysignApproval(Duration.ofMillis(50));
         SigningKey key = Keys.open(s.mySignKey(), options(SECRET))) {
      List<byte[]> d = digests(120);
      assertVerify(key, d, key.signDigests(SignatureAlgorithm.RSA_SHA256, d));
      assertThat(s.count("credentials/authorize")).isEqualTo(1);
      assertThat(s.count("signatures/signHash")).isEqualTo(3);
      s.outcome(Outcome.REFUSE);
      assertThat(((TokenException) failure(() -> key.signDigests(SignatureAlgorithm.RSA_SHA256, digests(1))))
          .reason()).isEqualTo(TokenException.Reason.ACCESS_DENIED);
    }
    try (RemoteTestServer s = server()) {
      assertThat(((TokenException) failure(() -> Keys.open(s.mySignKey(), options("bad-secret-4")))).reason())
          .isEqualTo(TokenException.Reason.ACCESS_DENIED);
    }
  }

  @Test
  void listsCertificatesWithTheirKeys() throws Exception {
    try (RemoteTestServer s = server()) {
      List<RemoteKeys.Listed> l = RemoteKeys.list(s.qd769Key(), options(SECRET));
      assertThat(l).hasSize(1);
      assertThat(l.get(0).keySpec()).startsWith("qd769:").contains("serial=");
      assertThat(RemoteKeys.list(s.smartCaKey(), options(SECRET)).get(0).keySpec()).contains("credential=");
      assertThat(RemoteKeys.list(s.mySignKey(), options(SECRET)).get(0).certificate())
          .isEqualTo(keys.rsa().certificate());
    }
  }

  @Test
  void noSecretInAnyMessageOrTheLog() throws Exception {
    qd769FailuresMapToReasons();
    smartCaSplitsIntoFiftiesAndMapsItsStatuses();
    mySignAuthorisesOnceForTheBatch();
    for (String m : messages) {
      assertThat(m).doesNotContain(SECRET).doesNotContain(PASSWORD).doesNotContain(RemoteTestServer.REFRESH_TOKEN).doesNotContain("wrong-secret-1")
          .doesNotContain("bad-secret-2").doesNotContain("nope-3").doesNotContain("bad-secret-4");
    }
    Path log = Path.of(System.getProperty("kyso.test.log", "target/token-drivers-test.log"));
    if (Files.exists(log)) {
      assertThat(Files.readString(log)).doesNotContain(SECRET).doesNotContain(PASSWORD)
          .doesNotContain(RemoteTestServer.REFRESH_TOKEN)
          .doesNotContain("wrong-secret-1");
    }
  }

  private static List<RemoteSigning.Item> items(List<PreparedSignature> p) {
    List<RemoteSigning.Item> out = new ArrayList<>();
    for (int i = 0; i < p.size(); i++) {
      out.add(new RemoteSigning.Item("doc-" + i + ".pdf", p.get(i)));
    }
    return out;
  }
}
