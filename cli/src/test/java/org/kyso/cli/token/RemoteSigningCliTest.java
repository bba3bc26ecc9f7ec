package org.kyso.cli.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kyso.cli.token.TokenFixture.kyso;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.token.KeyOptions;
import org.kyso.token.Keys;
import org.kyso.token.testing.RemoteTestServer;
import org.kyso.token.testing.RemoteTestServer.Outcome;

/**
 * Issue 15 through the {@code kyso} command: the QĐ 769 (VNPT and NEAC layouts), SmartCA and MySign simulators on
 * 127.0.0.1, backed by the SoftHSM key of token {@value TokenFixture#CSC_TOKEN}, sign a PDF, an e-invoice and a
 * batch of 20 PDFs under one sign request, accepted by DSS, pdfsig and xmlsec1; refusals, expiry, wrong secrets,
 * used-up quotas and a dead service give the CONTRACT exit codes and leave no file; a process killed while waiting
 * resumes its stored transaction without a second sign request.
 */
class RemoteSigningCliTest {
  static final String SP_SECRET = "Sp-Mk-9921-bimat";
  static final String USER_PASSWORD = "Smartca-Pw-6612";
  static final String SECRET_VAR = "KYSO_SERVICE_SECRET";
  static final String PIN_VAR = "KYSO_SMARTCA_PASSWORD";
  static final String SIGNER = "Nguyễn Văn An";

  private static TokenFixture fx;
  private static SigningKey backing;
  private static RemoteTestServer server;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    fx = TokenFixture.get();
    backing = Keys.open(TokenFixture.pkcs11(TokenFixture.CSC_TOKEN, TokenFixture.RSA),
        KeyOptions.of(PinSource.of(TokenFixture.PIN.toCharArray())));
    server = new RemoteTestServer(backing, SP_SECRET, USER_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (backing != null) {
      backing.close();
    }
    TokenFixture.assertLogHasNoSecret();
  }

  @BeforeEach
  void reset() {
    server.outcome(Outcome.APPROVE).approveAfterPolls(2).immediate(false)
        .answer(RemoteTestServer.Answer.RAW).oneTimeCertificate(false);
  }

  private Map<String, String> env() {
    Map<String, String> e = new HashMap<>();
    e.put(SECRET_VAR, SP_SECRET);
    e.put(PIN_VAR, USER_PASSWORD);
    e.put("KYSO_TRANSACTIONS", dir.resolve("tx.db").toString());
    return e;
  }

  private static String key(String service) {
    return switch (service) {
      case "qd769" -> server.qd769Key();
      case "neac" -> server.neacKey();
      case "smartca" -> server.smartCaKey();
      case "mysign" -> server.mySignKey();
      default -> throw new IllegalArgumentException(service);
    };
  }

  private static String[] args(String... a) {
    List<String> l = new ArrayList<>(List.of(a));
    l.addAll(List.of("--service-secret-env", SECRET_VAR, "--pin-env", PIN_VAR, "--poll-interval-ms", "10"));
    return l.toArray(String[]::new);
  }

  private static TokenFixture.Result checked(TokenFixture.Result r) {
    TokenFixture.assertNoSecret(r.out() + r.err());
    assertThat(r.out() + r.err()).doesNotContain(SP_SECRET).doesNotContain(USER_PASSWORD);
    return r;
  }

  @ParameterizedTest
  @ValueSource(strings = {"qd769", "neac", "smartca", "mysign"})
  void signsOnePdfThatDssAndPdfsigAccept(String service) throws Exception {
    Path in = TokenFixture.writePdf(dir.resolve("quyet-dinh.pdf"), 15);
    Path out = dir.resolve("quyet-dinh.signed.pdf");
    int before = server.signRequests();
    var r = checked(kyso(env(), args("sign", "pdf", in.toString(), "-o", out.toString(), "--key", key(service))));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(server.signRequests() - before).isEqualTo(1);
    fx.assertKysoVerifies(List.of(out), SIGNER);
    fx.assertPdfsigAccepts(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"qd769", "neac", "smartca", "mysign"})
  void signsAnEInvoiceThatDssAndXmlsec1Accept(String service) throws Exception {
    Path in = TokenFixture.writeInvoice(dir.resolve("hoa-don.xml"), 42);
    Path out = dir.resolve("hoa-don.signed.xml");
    var r = checked(kyso(env(), args("sign", "xml", in.toString(), "-o", out.toString(), "--profile", "einvoice",
        "--key", key(service))));
    assertThat(r.exitCode()).as(r.all()).isZero();
    fx.assertXmlsec1Accepts(out);
    fx.assertXmlVerifierPasses(out, SIGNER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"qd769", "smartca", "mysign"})
  void aBatchOf20PdfsIsOneSignRequest(String service) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path out = dir.resolve("out");
    for (int i = 1; i <= 20; i++) {
      TokenFixture.writePdf(in.resolve(String.format("cv-%02d.pdf", i)), i);
    }
    int before = server.signRequests();
    var r = checked(kyso(env(), args("sign", "batch", in.toString(), "-o", out.toString(), "--key", key(service))));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("signed 20 of 20 files");
    assertThat(server.signRequests() - before).as("one approval for the batch").isEqualTo(1);
    List<Path> signed;
    try (Stream<Path> s = Files.list(out)) {
      signed = s.sorted().toList();
    }
    assertThat(signed).hasSize(20);
    fx.assertKysoVerifies(signed, SIGNER);
    fx.assertPdfsigAccepts(signed.get(0));
    fx.assertPdfsigAccepts(signed.get(19));
  }

  /**
   * A provider that answers with a complete CMS under a certificate issued for the signature: nothing about the
   * signer is known at prepare; kyso checks the CMS covers the digest sent and embeds it.
   */
  @Test
  void aProvidersCmsUnderAOneTimeCertificateIsEmbeddedAndVerifies() throws Exception {
    server.answer(RemoteTestServer.Answer.CMS_WITH_ATTRIBUTES).oneTimeCertificate(true);
    Path in = TokenFixture.writePdf(dir.resolve("cms.pdf"), 30);
    Path out = dir.resolve("cms.signed.pdf");
    var r = checked(kyso(env(), args("sign", "pdf", in.toString(), "-o", out.toString(), "--key",
        server.qd769CmsKey())));
    assertThat(r.exitCode()).as(r.all()).isZero();
    fx.assertKysoVerifies(List.of(out), SIGNER);
    fx.assertPdfsigAccepts(out);

    Path batchIn = Files.createDirectories(dir.resolve("cms-in"));
    for (int i = 1; i <= 20; i++) {
      TokenFixture.writePdf(batchIn.resolve(String.format("cms-%02d.pdf", i)), i);
    }
    int before = server.signRequests();
    var b = checked(kyso(env(), args("sign", "batch", batchIn.toString(), "-o", dir.resolve("cms-out").toString(),
        "--key", server.qd769CmsKey())));
    assertThat(b.exitCode()).as(b.all()).isZero();
    assertThat(server.signRequests() - before).isEqualTo(1);
    List<Path> signed;
    try (Stream<Path> st = Files.list(dir.resolve("cms-out"))) {
      signed = st.sorted().toList();
    }
    fx.assertKysoVerifies(signed, SIGNER);

    Path xml = TokenFixture.writeInvoice(dir.resolve("cms.xml"), 1);
    var x = checked(kyso(env(), args("sign", "xml", xml.toString(), "-o", dir.resolve("cms.signed.xml").toString(),
        "--key", server.qd769CmsKey())));
    assertThat(x.exitCode()).as(x.all()).isEqualTo(64);
    assertThat(x.err()).contains("PDF files only");
  }

  private TokenFixture.Result failing(String service, Map<String, String> env, String... extra) throws Exception {
    Path in = TokenFixture.writePdf(dir.resolve("to-trinh.pdf"), 3);
    Path out = dir.resolve("to-trinh.signed.pdf");
    List<String> a = new ArrayList<>(List.of(args("sign", "pdf", in.toString(), "-o", out.toString(), "--key",
        key(service))));
    a.addAll(List.of(extra));
    var r = checked(kyso(env, a.toArray(String[]::new)));
    TokenFixture.assertNoOutput(out);
    assertThat(r.err().strip().lines().count()).as(r.all()).isEqualTo(1);
    assertThat(r.err()).as(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
    return r;
  }

  @ParameterizedTest
  @ValueSource(strings = {"qd769", "smartca", "mysign"})
  void refusedInTheAppIs77WithTheServicesWordsAndNoFile(String service) throws Exception {
    server.outcome(Outcome.REFUSE);
    var r = failing(service, env());
    assertThat(r.exitCode()).as(r.all()).isEqualTo(77);
    assertThat(r.err()).contains("refused in the app");
    if (!service.equals("smartca")) {
      assertThat(r.err()).contains("từ chối");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"qd769", "smartca", "mysign"})
  void wrongServiceSecretIs77(String service) throws Exception {
    Map<String, String> e = env();
    e.put(SECRET_VAR, "Not-The-Secret-77");
    var r = failing(service, e);
    assertThat(r.exitCode()).as(r.all()).isEqualTo(77);
    assertThat(r.err()).doesNotContain("Not-The-Secret-77");
  }

  @ParameterizedTest
  @ValueSource(strings = {"qd769", "smartca", "mysign"})
  void usedUpQuotaIs77(String service) throws Exception {
    server.outcome(Outcome.QUOTA);
    var r = failing(service, env());
    assertThat(r.exitCode()).as(r.all()).isEqualTo(77);
    assertThat(r.err()).contains("quota");
  }

  @ParameterizedTest
  @ValueSource(strings = {"qd769", "smartca", "mysign"})
  void expiredAtTheServiceIs75(String service) throws Exception {
    server.outcome(Outcome.EXPIRE);
    var r = failing(service, env());
    assertThat(r.exitCode()).as(r.all()).isEqualTo(75);
  }

  @Test
  void noApprovalBeforeOurDeadlineIs75() throws Exception {
    server.approveAfterPolls(-1);
    var r = failing("qd769", env(), "--approval-timeout", "1");
    assertThat(r.exitCode()).as(r.all()).isEqualTo(75);
    assertThat(r.err()).contains("was not approved in the app within 1 s");
  }

  @Test
  void serviceDownIs69AndAServerErrorOnSignIs69() throws Exception {
    String dead;
    try (RemoteTestServer gone = new RemoteTestServer(backing, SP_SECRET, USER_PASSWORD)) {
      dead = gone.qd769Key();
    }
    Path in = TokenFixture.writePdf(dir.resolve("a.pdf"), 1);
    var r = checked(kyso(env(), args("sign", "pdf", in.toString(), "-o", dir.resolve("b.pdf").toString(),
        "--key", dead)));
    assertThat(r.exitCode()).as(r.all()).isEqualTo(69);
    TokenFixture.assertNoOutput(dir.resolve("b.pdf"));

    server.failNext("/signatures/sign", 1);
    var s = failing("qd769", env());
    assertThat(s.exitCode()).as(s.all()).isEqualTo(69);
  }

  @Test
  void theCscSecretOptionsStayAliases() throws Exception {
    Path in = TokenFixture.writePdf(dir.resolve("alias.pdf"), 9);
    Path out = dir.resolve("alias.signed.pdf");
    var r = checked(kyso(env(), "sign", "pdf", in.toString(), "-o", out.toString(), "--key", key("qd769"),
        "--csc-secret-env", SECRET_VAR, "--poll-interval-ms", "10"));
    assertThat(r.exitCode()).as(r.all()).isZero();
  }

  @Test
  void missingSecretIsAUsageError() throws Exception {
    Path in = TokenFixture.writePdf(dir.resolve("m.pdf"), 9);
    var r = checked(kyso(env(), "sign", "pdf", in.toString(), "-o", dir.resolve("m.signed.pdf").toString(),
        "--key", key("qd769")));
    assertThat(r.exitCode()).as(r.all()).isEqualTo(64);
    assertThat(r.err()).contains("--service-secret-env");
  }

  @Test
  void tokenListRemoteShowsTheCertificatesAndTheirKeys() {
    var r = checked(kyso(env(), "token", "list", "--remote", key("qd769"), "--service-secret-env", SECRET_VAR));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains(SIGNER).contains("--key qd769:").contains("serial=");
    var s = checked(kyso(env(), "token", "list", "--remote", key("smartca"), "--service-secret-env", SECRET_VAR,
        "--pin-env", PIN_VAR));
    assertThat(s.exitCode()).as(s.all()).isZero();
    assertThat(s.out()).contains("credential=" + RemoteTestServer.CREDENTIAL);
  }

  /**
   * A real second JVM runs {@code kyso sign pdf} and is killed while the user has not approved; the same command run
   * again resumes the stored transaction: no second sign request, and the file verifies.
   */
  @Test
  void aProcessKilledWhileWaitingIsResumedWithoutASecondSignRequest() throws Exception {
    Path in = TokenFixture.writePdf(dir.resolve("giay-moi.pdf"), 21);
    Path out = dir.resolve("giay-moi.signed.pdf");
    String[] a = args("sign", "pdf", in.toString(), "-o", out.toString(), "--key", key("qd769"),
        "--approval-timeout", "600");
    server.approveAfterPolls(-1);
    int signBefore = server.signRequests();
    int pollsBefore = server.count("/status");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.kyso.cli.Kyso"));
    cmd.addAll(List.of(a));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile());
    pb.environment().putAll(env());
    Process child = pb.start();
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (server.count("/status") < pollsBefore + 2 && child.isAlive() && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertThat(child.isAlive()).as(Files.readString(dir.resolve("child.log"))).isTrue();
      assertThat(server.signRequests() - signBefore).isEqualTo(1);
    } finally {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    TokenFixture.assertNoOutput(out);

    server.approveAfterPolls(1); // the official approves on the phone meanwhile
    // run again, allowing longer: waiting options do not change the work, so the same transaction is resumed
    List<String> longer = new ArrayList<>(List.of(a));
    longer.set(longer.indexOf("600"), "900");
    var r = checked(kyso(env(), longer.toArray(String[]::new)));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(server.signRequests() - signBefore).as("no second sign request").isEqualTo(1);
    fx.assertKysoVerifies(List.of(out), SIGNER);
    fx.assertPdfsigAccepts(out);

    // done: running it again is new work, with a new approval
    var again = checked(kyso(env(), a));
    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(server.signRequests() - signBefore).isEqualTo(2);
  }

  /** On a terminal (a pseudo-terminal made by util-linux {@code script}) the countdown appears on standard error. */
  @Test
  void aTerminalSeesTheTransactionAndTheTimeLeft() throws Exception {
    Path script = org.kyso.core.testing.ExternalTools.require("script", "bsdutils");
    Path in = TokenFixture.writePdf(dir.resolve("tty.pdf"), 5);
    Path out = dir.resolve("tty.signed.pdf");
    server.approveAfterPolls(3);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = String.join(" ", q(java), "-cp", q(System.getProperty("java.class.path")), "org.kyso.cli.Kyso",
        "sign", "pdf", q(in.toString()), "-o", q(out.toString()), "--key", q(key("qd769")), "--service-secret-env",
        SECRET_VAR, "--poll-interval-ms", "300", "2>" + q(dir.resolve("tty-err.txt").toString()));
    ProcessBuilder pb = new ProcessBuilder(script.toString(), "-qec", command, "/dev/null").redirectErrorStream(true)
        .redirectOutput(dir.resolve("tty.txt").toFile());
    pb.environment().putAll(env());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("tty-err.txt"));
    assertThat(p.exitValue()).as(err + Files.readString(dir.resolve("tty.txt"))).isZero();
    assertThat(err).containsPattern("waiting for approval in the app \\(transaction [0-9A-F]+, [0-9]:[0-5][0-9] left\\):"
        + " tty\\.pdf");
    assertThat(err).doesNotContain(SP_SECRET);
    fx.assertKysoVerifies(List.of(out), SIGNER);
  }

  private static String q(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
