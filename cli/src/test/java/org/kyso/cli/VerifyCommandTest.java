package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  @TempDir
  Path dir;

  @Test
  void aMissingFileExits66WithOneSentenceAndNoStackTrace() {
    var r = CliRunner.run("verify", dir.resolve("absent.pdf").toString());
    assertThat(r.exitCode()).isEqualTo(66);
    assertThat(r.err()).contains("absent.pdf").doesNotContain("\tat ");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void aFileThatIsNeitherPdfNorXmlExits65() throws Exception {
    Path f = dir.resolve("note.txt");
    Files.writeString(f, "just some text, not a signed document");
    var r = CliRunner.run("verify", f.toString());
    assertThat(r.exitCode()).isEqualTo(65);
    assertThat(r.err()).contains("note.txt").doesNotContain("\tat ");
  }

  @Test
  void aBadOptionValueIsAUsageError() throws Exception {
    Path f = dir.resolve("x.pdf");
    Files.writeString(f, "%PDF-1.7");
    assertThat(CliRunner.run("verify", "--format", "yaml", f.toString()).exitCode()).isEqualTo(64);
    assertThat(CliRunner.run("verify", "--no-such-option", f.toString()).exitCode()).isEqualTo(64);
    assertThat(CliRunner.run("verify").exitCode()).isEqualTo(64);
  }

  @Test
  void debugShowsTheStackTrace() throws Exception {
    Path f = dir.resolve("note.txt");
    Files.writeString(f, "plain");
    var r = CliRunner.run("--debug", "verify", f.toString());
    assertThat(r.exitCode()).isEqualTo(65);
    assertThat(r.err()).contains("\tat ");
  }

  /** A file over the size limit is refused with a sentence naming the option that raises it. */
  @Test
  void aFileOverTheSizeLimitNamesMaxSize() throws Exception {
    Path f = dir.resolve("scan.pdf");
    // an unsigned PDF of 1.5 MiB: a comment line of padding before the end
    byte[] head = org.kyso.core.testing.MinimalPdf.bytes();
    byte[] pad = ("%" + "x".repeat(1_572_864) + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] pdf = new byte[head.length + pad.length];
    System.arraycopy(head, 0, pdf, 0, head.length);
    System.arraycopy(pad, 0, pdf, head.length, pad.length);
    Files.write(f, pdf);

    var refused = CliRunner.run("verify", "--max-size", "1", f.toString());
    assertThat(refused.exitCode()).isEqualTo(65);
    assertThat(refused.err()).contains("scan.pdf").contains("1.5 MiB").contains("--max-size")
        .doesNotContain("\tat ");
    assertThat(refused.err().strip().lines()).hasSize(1);

    // raised: the file is read, and has no signature (exit 3)
    assertThat(CliRunner.run("verify", "--max-size", "2", f.toString()).exitCode()).isEqualTo(3);
  }
}
