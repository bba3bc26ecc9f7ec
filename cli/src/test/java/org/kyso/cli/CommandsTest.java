package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree is wired lazily, yet help, versions and errors read as they did with the whole tree. */
class CommandsTest {
  private static CommandLine wired(String... args) {
    CommandLine c = new CommandLine(new KysoCommand(Map.of()));
    Commands.wire(c, args);
    return c;
  }

  @Test
  void aNamedVerbWiresThatVerbAlone() {
    assertThat(wired("verify", "a.pdf").getSubcommands()).containsOnlyKeys("verify");
    assertThat(wired("--debug", "verify", "a.pdf").getSubcommands()).containsOnlyKeys("verify");
    CommandLine sign = wired("sign", "pdf", "in.pdf", "-o", "out.pdf").getSubcommands().get("sign");
    assertThat(sign.getSubcommands()).containsOnlyKeys("pdf");
  }

  @Test
  void versionNeedsNoVerbAndHelpListsThemAll() {
    assertThat(wired("--version").getSubcommands()).isEmpty();
    assertThat(wired("--help").getSubcommands().keySet()).containsExactlyElementsOf(Commands.topLevelNames());
    assertThat(wired("sign", "--help").getSubcommands().get("sign").getSubcommands())
        .containsOnlyKeys("pdf", "xml", "batch");
  }

  @Test
  void helpAndVersionPrintWhatTheyAlwaysPrinted() {
    var v = CliRunner.run("--version");
    assertThat(v.exitCode()).isZero();
    assertThat(v.out()).startsWith("kyso ");
    // the short cut for --version alone prints what picocli prints for it
    StringWriter out = new StringWriter();
    CommandLine full = new CommandLine(new KysoCommand(Map.of()));
    full.setOut(new PrintWriter(out));
    assertThat(full.execute("--version")).isZero();
    assertThat(v.out()).isEqualTo(out.toString());
    assertThat(CliRunner.run("-V").out()).isEqualTo(out.toString());
    assertThat(CliRunner.run("--debug", "--version").out()).isEqualTo(out.toString());
    var h = CliRunner.run("--help");
    assertThat(h.exitCode()).isZero();
    assertThat(h.out()).contains("sign", "verify", "timestamp", "token", "register", "demo");
    var s = CliRunner.run("sign", "--help");
    assertThat(s.out()).contains("pdf", "xml", "batch");
  }

  @Test
  void anUnknownVerbIsStillAUsageErrorWithTheUsualHint() {
    var r = CliRunner.run("verfy", "a.pdf");
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("verfy");
    var s = CliRunner.run("sign", "docx", "a.docx");
    assertThat(s.exitCode()).isEqualTo(64);
    assertThat(s.err()).contains("docx");
  }
}
