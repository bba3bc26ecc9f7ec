package org.kyso.cli.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kyso.cli.token.TokenFixture.kyso;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.Token;
import org.kyso.pdf.PdfSigner;
import org.kyso.token.KeyOptions;
import org.kyso.token.Keys;
import org.kyso.token.pkcs11.Pkcs11Token;

/**
 * Issue 5 acceptance: a batch of 100 PDFs through PKCS#11 logs in once and is safe with several signing threads,
 * counted on the library ({@code Pkcs11Token.loginCount()}) and run through {@code kyso sign batch --jobs 4}.
 */
class Pkcs11BatchCliTest {
  private static TokenFixture fx;

  @TempDir
  Path dir;

  @BeforeAll
  static void tokens() throws Exception {
    fx = TokenFixture.get();
  }

  @AfterAll
  static void noSecretLogged() throws Exception {
    TokenFixture.assertLogHasNoSecret();
  }

  private Path hundredPdfs() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    for (int i = 1; i <= 100; i++) {
      TokenFixture.writePdf(in.resolve(String.format("qd-%03d.pdf", i)), i);
    }
    return in;
  }

  private static List<Path> list(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.sorted().toList();
    }
  }

  /** Lines "logged in to token 'Cli'" in the test JVM's log file, or -1 when the tests run without it. */
  private static long loginLines() throws Exception {
    String log = System.getProperty("kyso.test.log");
    if (log == null || !Files.exists(Path.of(log))) {
      return -1;
    }
    String text = new String(Files.readAllBytes(Path.of(log)), java.nio.charset.StandardCharsets.UTF_8);
    return text.lines().filter(l -> l.contains("logged in to token '" + TokenFixture.CLI_TOKEN + "'")).count();
  }

  @Test
  void fourThreadsSignAHundredPdfsUnderOneLogin() throws Exception {
    Path in = hundredPdfs();
    Path out = Files.createDirectories(dir.resolve("out"));
    // the way SignBatchCommand does it: one key opened for the batch, one PdfSigner shared by the threads
    try (SigningKey key = Keys.open(TokenFixture.pkcs11(TokenFixture.CLI_TOKEN, TokenFixture.EC),
        KeyOptions.of(PinSource.of(TokenFixture.PIN.toCharArray())))) {
      PdfSigner signer = PdfSigner.builder(key).build();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> jobs = new ArrayList<>();
        for (Path f : list(in)) {
          jobs.add(pool.submit(() -> {
            signer.sign(f, out.resolve(f.getFileName()));
            return null;
          }));
        }
        for (Future<?> j : jobs) {
          j.get();
        }
      } finally {
        pool.shutdownNow();
      }
      Token token = Keys.tokenOf(key).orElseThrow();
      assertThat(token).isInstanceOf(Pkcs11Token.class);
      assertThat(((Pkcs11Token) token).loginCount()).isEqualTo(1);
    }
    List<Path> signed = list(out);
    assertThat(signed).hasSize(100);
    fx.assertKysoVerifies(signed, "Trần Thị Bình");
  }

  @Test
  void kysoSignBatchWithFourJobsSignsAHundredPdfsThatAllVerify() throws Exception {
    Path in = hundredPdfs();
    Path out = dir.resolve("out");
    long loginsBefore = loginLines();
    var r = kyso(TokenFixture.pinEnv(), "sign", "batch", in.toString(), "-o", out.toString(), "--jobs", "4",
        "--key", TokenFixture.pkcs11(TokenFixture.CLI_TOKEN, TokenFixture.RSA), "--pin-env", TokenFixture.PIN_VAR);
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).as(r.all()).contains("signed 100 of 100 files").contains("(0 failed)");
    assertThat(r.err()).as(r.all()).isEmpty();
    if (loginsBefore >= 0) {
      // the command itself logged in once: Pkcs11Token logs each login at debug (cli/pom.xml keeps those lines)
      assertThat(loginLines() - loginsBefore).as("logins during kyso sign batch").isEqualTo(1);
    }
    List<Path> signed = list(out);
    assertThat(signed).hasSize(100).allMatch(p -> p.getFileName().toString().matches("qd-\\d{3}\\.pdf"));
    fx.assertKysoVerifies(signed, "Nguyễn Văn An");
    fx.assertPdfsigAccepts(signed.get(0));
    fx.assertPdfsigAccepts(signed.get(99));
  }
}
