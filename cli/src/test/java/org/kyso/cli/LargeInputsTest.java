package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.testing.TestPki;

/**
 * Issue 20, as separate processes at {@code -Xmx256m}: inputs larger than the heap. A PDF with a 101 MiB comment
 * after %%EOF is signed by streaming it (and the comment is named as a change after the earlier signature); a
 * {@code --max-size} above what the heap holds gives exit 65 and one sentence, never an OutOfMemoryError or a
 * half-written file; a verification stopped by SIGTERM leaves none of its temporary copies behind.
 */
class LargeInputsTest {
  private static final String PIN = "s3cret-Pin!";
  private static final List<String> SMALL_HEAP = List.of("-Xmx256m");
  private static TestPki pki;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>(KysoProcess.bareEnvironment());
    env.put("KYSO_PIN", PIN);
    return env;
  }

  private Path key() throws Exception {
    return TestPki.writeP12(pki.pki().person("Nguyễn Văn An"), dir.resolve("signer.p12"), PIN);
  }

  /** Appends {@code mib} MiB of PDF comment lines to {@code file}. */
  private static void appendComment(Path file, int mib) throws Exception {
    byte[] line = ("%" + "x".repeat(1022) + "\n").getBytes(StandardCharsets.US_ASCII);
    try (OutputStream o = Files.newOutputStream(file, StandardOpenOption.APPEND)) {
      for (int i = 0; i < mib * 1024; i++) {
        o.write(line);
      }
    }
  }

  private KysoProcess process;

  /** The one launcher home of a test. */
  private KysoProcess process() {
    if (process == null) {
      process = new KysoProcess(dir.resolve("home"));
    }
    return process;
  }

  private KysoProcess.Result kyso(List<String> javaOpts, String... args) throws Exception {
    return KysoProcess.run(process().javaJar(env(), javaOpts, args), 900);
  }

  private static void assertOneSentence(KysoProcess.Result r, int code) {
    assertThat(r.exitCode()).as(r.errText()).isEqualTo(code);
    String err = r.errText().lines().filter(l -> !l.startsWith("kyso: warning: ")).reduce("", (a, b) -> a + b + "\n")
        .strip();
    assertThat(err).startsWith("kyso: ").doesNotContain("\n").doesNotContain("Exception").doesNotContain("Error")
        .doesNotContain("\tat ");
  }

  private static List<String> hidden(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  @Test
  @Timeout(1800)
  void aSignedPdfWithAHundredMibAfterItsEndIsSignedByStreamingAndTheTailIsNamed() throws Exception {
    Path key = key();
    Path in = Files.write(dir.resolve("in.pdf"), SampleLetter.create());
    Path first = dir.resolve("first.pdf");
    KysoProcess.Result r = kyso(SMALL_HEAP, "sign", "pdf", in.toString(), "-o", first.toString(), "--key",
        "p12:" + key, "--pin-env", "KYSO_PIN");
    assertThat(r.exitCode()).as(r.errText()).isZero();
    appendComment(first, 101);
    Path second = dir.resolve("second.pdf");
    r = kyso(SMALL_HEAP, "sign", "pdf", first.toString(), "-o", second.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--max-size", "200");
    assertThat(r.exitCode()).as(r.errText()).isZero();
    assertThat(r.errText()).doesNotContain("OutOfMemoryError");
    assertThat(Files.size(second)).isGreaterThan(Files.size(first));
    assertThat(hidden(dir)).isEmpty();
    r = kyso(SMALL_HEAP, "verify", second.toString(), "--trust", pki.writeRootPem(dir).toString(), "--format",
        "json", "--max-size", "200", "--lang", "en", "--timeout", "1800");
    String json = r.outText();
    // the later signature covers everything; the earlier one names the appended comment as a change
    assertThat(json).contains("\"coversWholeDocument\": true");
    assertThat(json.toLowerCase()).contains("appended");
    assertThat(r.exitCode()).as(r.errText()).isEqualTo(2);
  }

  @Test
  @Timeout(1800)
  void aMaxSizeAboveWhatTheHeapHoldsIsOneSentenceAndNoFile() throws Exception {
    Path key = key();
    Path big = Files.write(dir.resolve("big.pdf"), SampleLetter.create());
    appendComment(big, 120);
    Path out = dir.resolve("out.pdf");
    // a visible signature goes through the general signer, which holds the document in memory
    KysoProcess.Result r = kyso(SMALL_HEAP, "sign", "pdf", big.toString(), "-o", out.toString(), "--key",
        "p12:" + key, "--pin-env", "KYSO_PIN", "--max-size", "1000", "--visible");
    assertOneSentence(r, 65);
    assertThat(r.errText()).contains("memory");
    assertThat(out).doesNotExist();
    Path xml = dir.resolve("big.xml");
    try (OutputStream o = Files.newOutputStream(xml)) {
      o.write("<hoSo Id=\"x\">".getBytes(StandardCharsets.US_ASCII));
      byte[] row = ("<dong>" + "d".repeat(1000) + "</dong>\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 200 * 1024; i++) {
        o.write(row);
      }
      o.write("</hoSo>".getBytes(StandardCharsets.US_ASCII));
    }
    Path xmlOut = dir.resolve("out.xml");
    r = kyso(SMALL_HEAP, "sign", "xml", xml.toString(), "-o", xmlOut.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--max-size", "1000");
    assertOneSentence(r, 65);
    assertThat(r.errText()).contains("memory");
    assertThat(xmlOut).doesNotExist();
    assertThat(hidden(dir)).isEmpty();
  }

  /**
   * A two-signature PDF whose first signed revision is over 32 MiB: the verifier parses that revision from a copy
   * in the temporary folder. SIGTERM while it works: the process ends and the copy is gone.
   */
  @Test
  @Timeout(1800)
  void aVerificationStoppedBySigtermLeavesNoTemporaryCopy() throws Exception {
    Path key = key();
    Path in = Files.write(dir.resolve("in.pdf"), SampleLetter.create());
    appendComment(in, 40);
    Path one = dir.resolve("one.pdf");
    Path two = dir.resolve("two.pdf");
    assertThat(kyso(SMALL_HEAP, "sign", "pdf", in.toString(), "-o", one.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN").exitCode()).isZero();
    assertThat(kyso(SMALL_HEAP, "sign", "pdf", one.toString(), "-o", two.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN").exitCode()).isZero();
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> opts = new ArrayList<>(SMALL_HEAP);
    opts.add("-Djava.io.tmpdir=" + tmp);
    ProcessBuilder pb = process().javaJar(env(), opts, "verify", two.toString(), "--offline");
    pb.command().addAll(0, List.of("env", "--default-signal=INT,TERM"));
    Process p = pb.redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
      while (revisionCopies(tmp).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(revisionCopies(tmp)).as(Files.readString(dir.resolve("log.txt"))).isNotEmpty();
      assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).isEqualTo(143);
    assertThat(revisionCopies(tmp)).isEmpty();
  }

  private static List<Path> revisionCopies(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(f -> f.getFileName().toString().startsWith("kyso-")).toList();
    }
  }
}
