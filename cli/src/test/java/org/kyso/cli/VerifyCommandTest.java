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
}
