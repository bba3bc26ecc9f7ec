package org.kyso.cli.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kyso.cli.token.TokenFixture.kyso;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.token.KeyOptions;
import org.kyso.token.Keys;
import org.kyso.token.testing.CscTestServer;
import org.kyso.token.testing.SoftHsm;

/**
 * Issue 5 acceptance, the failures: wrong PIN, locked PIN, unknown token label, CSC service unreachable, SAD
 * expired. Each gives its CONTRACT exit code and one sentence on standard error, leaves no output file, and no PIN
 * or secret appears in the output, in a --debug stack trace or in the test JVM's log file.
 */
class TokenErrorsCliTest {
  private static final String WRONG_PIN = TokenFixture.WRONG_PIN;
  private static TokenFixture fx;
  private static SigningKey backing;

  @TempDir
  Path dir;

  @BeforeAll
  static void tokens() throws Exception {
    fx = TokenFixture.get();
    backing = Keys.open(TokenFixture.pkcs11(TokenFixture.CSC_TOKEN, TokenFixture.RSA),
        KeyOptions.of(PinSource.of(TokenFixture.PIN.toCharArray())));
  }

  @AfterAll
  static void close() throws Exception {
    if (backing != null) {
      backing.close();
    }
    TokenFixture.assertLogHasNoSecret();
  }

  private Path input() throws Exception {
    return TokenFixture.writePdf(dir.resolve("in.pdf"), 1);
  }

  private TokenFixture.Result signPdf(Map<String, String> env, String key, Path out, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("sign", "pdf", input().toString(), "-o", out.toString(), "--key", key,
        "--pin-env", "PIN_UNDER_TEST"));
    args.addAll(List.of(extra));
    return kyso(env, args.toArray(String[]::new));
  }

  /** The CONTRACT: the exit code, one plain sentence on stderr (no stack trace), nothing on stdout, no output. */
  private static void assertFails(TokenFixture.Result r, int code, Path out) throws Exception {
    assertThat(r.exitCode()).as(r.all()).isEqualTo(code);
    assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
    assertThat(r.err()).as(r.all()).startsWith("kyso: ").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.out()).as(r.all()).isEmpty();
    TokenFixture.assertNoOutput(out);
    TokenFixture.assertNoSecret(r.out() + r.err());
  }

  @Test
  void aWrongPinExits77() throws Exception {
    Path out = dir.resolve("out.pdf");
    var r = signPdf(Map.of("PIN_UNDER_TEST", WRONG_PIN), TokenFixture.pkcs11(TokenFixture.CLI_TOKEN, TokenFixture.RSA),
        out);
    assertFails(r, 77, out);
    assertThat(r.err()).containsIgnoringCase("PIN");
  }

  @Test
  void aWrongPinFailsAWholeBatchWith77AndSignsNothing() throws Exception {
    Path in = Files.createDirectories(dir.resolve("batch-in"));
    for (int i = 1; i <= 3; i++) {
      TokenFixture.writePdf(in.resolve("cv-" + i + ".pdf"), i);
    }
    Path out = dir.resolve("batch-out");
    var r = kyso(Map.of("PIN_UNDER_TEST", WRONG_PIN), "sign", "batch", in.toString(), "-o", out.toString(),
        "--jobs", "2", "--key", TokenFixture.pkcs11(TokenFixture.CLI_TOKEN, TokenFixture.EC), "--pin-env",
        "PIN_UNDER_TEST");
    assertThat(r.exitCode()).as(r.all()).isEqualTo(77);
    assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
    if (Files.isDirectory(out)) {
      try (Stream<Path> s = Files.list(out)) {
        assertThat(s.toList()).as("nothing written").isEmpty();
      }
    }
    TokenFixture.assertNoSecret(r.out() + r.err());
  }

  @Test
  void aScriptedPinIsNotTriedWhenTheNextWrongOneWouldLockTheToken() throws Exception {
    // SoftHSM never locks a PIN nor sets CKF_USER_PIN_FINAL_TRY: token-drivers' test shim (a PKCS#11 library over
    // a private SoftHSM copy) does both, locking after 3 wrong tries
    Path shim = SoftHsm.get().shim("cli-lock", 3, -1);
    String key = "pkcs11:token=" + TokenFixture.CLI_TOKEN + ";object=" + TokenFixture.RSA + "?module-path=" + shim;
    for (int i = 0; i < 2; i++) {
      Path out = dir.resolve("wrong-" + i + ".pdf");
      assertFails(signPdf(Map.of("PIN_UNDER_TEST", WRONG_PIN), key, out), 77, out);
    }
    // the token now reports the final try: the third scripted run refuses to try, and the token stays unlocked
    for (String pin : List.of(WRONG_PIN, TokenFixture.PIN)) {
      Path out = dir.resolve("final-try.pdf");
      var r = signPdf(Map.of("PIN_UNDER_TEST", pin), key, out);
      assertFails(r, 77, out);
      assertThat(r.err()).contains("one more wrong PIN will lock it").contains("does not try a PIN from --pin-env");
    }
    var token = org.kyso.token.pkcs11.Pkcs11Module.load(shim).slots().stream().flatMap(s -> s.token().stream())
        .filter(t -> t.label().equals(TokenFixture.CLI_TOKEN)).findFirst().orElseThrow();
    assertThat(token.pinLocked()).isFalse();
    assertThat(token.pinFinalTry()).isTrue();
  }

  @Test
  void anUnknownTokenLabelExits69() throws Exception {
    Path out = dir.resolve("out.pdf");
    var r = signPdf(Map.of("PIN_UNDER_TEST", TokenFixture.PIN),
        TokenFixture.pkcs11("Khong-Co-Token", TokenFixture.RSA), out);
    assertFails(r, 69, out);
    assertThat(r.err()).contains("Khong-Co-Token");
  }

  @Test
  void anUnreachableCscServiceExits69() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Path out = dir.resolve("out.pdf");
    var r = signPdf(Map.of("PIN_UNDER_TEST", "246810", "SECRET_UNDER_TEST", CscSigningCliTest.CLIENT_SECRET),
        "csc:http://127.0.0.1:" + closedPort + "/csc/v2?credential=an-rsa&client-id=kyso-cli-test", out,
        "--csc-secret-env", "SECRET_UNDER_TEST");
    assertFails(r, 69, out);
  }

  @Test
  void anExpiredSadExits77WithoutSigningTwice() throws Exception {
    try (CscTestServer server = new CscTestServer().sadLifetime(Duration.ZERO)
        .credential("an-rsa", backing, CscTestServer.Auth.PIN)) {
      Path out = dir.resolve("out.pdf");
      var r = signPdf(Map.of("PIN_UNDER_TEST", server.pin()), server.spec("an-rsa"), out);
      // token README: "SAD expired twice" → ACCESS_DENIED → exit 77 (access refused)
      assertFails(r, 77, out);
      // one renewed authorisation after the explicit "SAD expired" refusal, then kyso stops
      assertThat(server.count("credentials/authorize")).isEqualTo(2);
      assertThat(server.count("signatures/signHash")).isEqualTo(2);
    }
  }

  @Test
  void aWrongCscPinExits77AndALockedOneSaysSo() throws Exception {
    try (CscTestServer server = new CscTestServer().credential("an-rsa", backing, CscTestServer.Auth.PIN)) {
      for (int i = 0; i < 3; i++) {
        Path out = dir.resolve("wrong-" + i + ".pdf");
        var r = signPdf(Map.of("PIN_UNDER_TEST", WRONG_PIN), server.spec("an-rsa"), out);
        assertFails(r, 77, out);
      }
      Path out = dir.resolve("locked.pdf");
      var r = signPdf(Map.of("PIN_UNDER_TEST", server.pin()), server.spec("an-rsa"), out);
      assertFails(r, 77, out);
      assertThat(r.err()).containsIgnoringCase("locked");
      assertThat(server.count("signatures/signHash")).isZero();
    }
  }

  @Test
  void withDebugAStackTraceIsShownButNoSecretAnywhereNorInTheLog() throws Exception {
    Path out = dir.resolve("out.pdf");
    var r = signPdf(Map.of("PIN_UNDER_TEST", WRONG_PIN, "SECRET_UNDER_TEST", CscSigningCliTest.CLIENT_SECRET),
        TokenFixture.pkcs11(TokenFixture.CLI_TOKEN, TokenFixture.RSA), out, "--debug");
    assertThat(r.exitCode()).as(r.all()).isEqualTo(77);
    assertThat(r.err()).as(r.all()).startsWith("kyso: ").contains("\tat ");
    TokenFixture.assertNoOutput(out);
    TokenFixture.assertNoSecret(r.out() + r.err());
    try (CscTestServer server = new CscTestServer().oauth("kyso-cli-test", CscSigningCliTest.CLIENT_SECRET)
        .credential("an-rsa", backing, CscTestServer.Auth.PIN)) {
      Path cscOut = dir.resolve("csc.pdf");
      var c = signPdf(Map.of("PIN_UNDER_TEST", WRONG_PIN, "SECRET_UNDER_TEST", CscSigningCliTest.CLIENT_SECRET),
          server.spec("an-rsa"), cscOut, "--csc-secret-env", "SECRET_UNDER_TEST", "--debug");
      assertThat(c.exitCode()).as(c.all()).isEqualTo(77);
      assertThat(c.err()).contains("\tat ");
      TokenFixture.assertNoSecret(c.out() + c.err());
    }
    TokenFixture.assertLogHasNoSecret();
  }
}
