package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;

/**
 * Issue 20, as separate processes at {@code -Xmx256m}: inputs larger than the heap. A PDF with a 101 MiB comment
 * after %%EOF is signed by streaming it (and the comment is named as a change after the earlier signature); a
 * {@code --max-size} above what the heap holds gives exit 65 and one sentence, never an OutOfMemoryError or a
 * half-written file; a verification stopped by SIGTERM leaves none of its temporary copies behind.
 */
class LargeInputsTest {
  @RegisterExtension
  static final SmallHeapKyso fixture = new SmallHeapKyso();

  @TempDir
  Path dir;

  private KysoProcess.Result kyso(String... args) throws Exception {
    return fixture.run(dir, 900, args);
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
    Path key = fixture.signerP12(dir);
    Path in = Files.write(dir.resolve("in.pdf"), SampleLetter.create());
    Path first = dir.resolve("first.pdf");
    KysoProcess.Result r = kyso("sign", "pdf", in.toString(), "-o", first.toString(), "--key",
        "p12:" + key, "--pin-env", "KYSO_PIN");
    assertThat(r.exitCode()).as(r.errText()).isZero();
    SmallHeapKyso.appendComment(first, 101);
    Path second = dir.resolve("second.pdf");
    r = kyso("sign", "pdf", first.toString(), "-o", second.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--max-size", "200");
    assertThat(r.exitCode()).as(r.errText()).isZero();
    assertThat(r.errText()).doesNotContain("OutOfMemoryError");
    assertThat(Files.size(second)).isGreaterThan(Files.size(first));
    assertThat(hidden(dir)).isEmpty();
    r = kyso("verify", second.toString(), "--trust", fixture.pki().writeRootPem(dir).toString(), "--format",
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
    Path key = fixture.signerP12(dir);
    Path big = Files.write(dir.resolve("big.pdf"), SampleLetter.create());
    SmallHeapKyso.appendComment(big, 120);
    Path out = dir.resolve("out.pdf");
    // a visible signature goes through the general signer, which holds the document in memory
    KysoProcess.Result r = kyso("sign", "pdf", big.toString(), "-o", out.toString(), "--key",
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
    r = kyso("sign", "xml", xml.toString(), "-o", xmlOut.toString(), "--key", "p12:" + key,
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
    Path key = fixture.signerP12(dir);
    Path in = Files.write(dir.resolve("in.pdf"), SampleLetter.create());
    SmallHeapKyso.appendComment(in, 40);
    Path one = dir.resolve("one.pdf");
    Path two = dir.resolve("two.pdf");
    assertThat(kyso("sign", "pdf", in.toString(), "-o", one.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN").exitCode()).isZero();
    assertThat(kyso("sign", "pdf", one.toString(), "-o", two.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN").exitCode()).isZero();
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    List<String> opts = new ArrayList<>(SmallHeapKyso.SMALL_HEAP);
    opts.add("-Djava.io.tmpdir=" + tmp);
    ProcessBuilder pb = fixture.javaJar(dir, opts, "verify", two.toString(), "--offline");
    int exit = SmallHeapKyso.stopWithSignal(pb, dir.resolve("log.txt"), () -> !revisionCopies(tmp).isEmpty(), 600,
        "TERM");
    assertThat(exit).isEqualTo(143);
    assertThat(revisionCopies(tmp)).isEmpty();
  }

  private static List<Path> revisionCopies(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(f -> f.getFileName().toString().startsWith("kyso-")).toList();
    }
  }
}
