package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;

/**
 * Issue 18 through the command: an unknown --profile (a typo) is a usage error in every signing command, before any
 * key is opened; a key that does not belong to its certificate signs nothing (exit 65, one sentence, no file).
 */
class SignerChecksCliTest {
  private static final String PIN = "s3cret-Pin!";
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", PIN);
  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();
  @TempDir Path dir;

  private static void assertOneSentence(CliRunner.Result r, int code) {
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(code);
    String err = r.err().lines().filter(l -> !l.startsWith("kyso: warning: ")).collect(
        java.util.stream.Collectors.joining("\n")).strip();
    assertThat(err).startsWith("kyso: ").doesNotContain("\n").doesNotContain("Exception").doesNotContain("java.");
  }

  private List<String> files(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  private Path inputs() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.write(in.resolve("cong-van.pdf"), SampleLetter.create());
    Files.writeString(in.resolve("hoa-don.xml"), "<a Id=\"x\">hồ sơ</a>");
    return in;
  }

  @ParameterizedTest
  @ValueSource(strings = {"aproval", "einvoce", "APPROVAL-", "xml"})
  void anUnknownProfileIsAUsageErrorInSignBatchAndNothingIsSigned(String profile) throws Exception {
    Path in = inputs();
    Path out = dir.resolve("out");
    Path key = TestPki.writeP12(pki.get().pki().person("Nguyễn Văn An"), dir.resolve("an.p12"), PIN);
    var r = CliRunner.run(ENV, "sign", "batch", in.toString(), "-o", out.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--profile", profile);
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("Unknown --profile '" + profile + "'");
    assertThat(out).doesNotExist();
  }

  @Test
  void anUnknownProfileIsAUsageErrorInSignPdfAndSignXmlBeforeTheKeyIsOpened() throws Exception {
    Path in = inputs();
    // no PIN is given and no terminal is attached: opening the key would fail differently (not 64)
    Path key = TestPki.writeP12(pki.get().pki().person("Nguyễn Văn An"), dir.resolve("an.p12"), PIN);
    var pdf = CliRunner.run("sign", "pdf", in.resolve("cong-van.pdf").toString(), "-o",
        dir.resolve("o.pdf").toString(), "--key", "p12:" + key, "--profile", "aproval");
    assertOneSentence(pdf, 64);
    assertThat(pdf.err()).contains("Unknown --profile 'aproval'").contains("approval");
    var xml = CliRunner.run("sign", "xml", in.resolve("hoa-don.xml").toString(), "-o",
        dir.resolve("o.xml").toString(), "--key", "p12:" + key, "--profile", "einvoce");
    assertOneSentence(xml, 64);
    assertThat(xml.err()).contains("Unknown --profile 'einvoce'").contains("einvoice");
    assertThat(files(dir)).doesNotContain("o.pdf", "o.xml");
  }

  @Test
  void aKnownProfileOfTheOtherFormatStillWorksInABatch() throws Exception {
    Path in = inputs();
    Files.delete(in.resolve("hoa-don.xml"));
    Path out = dir.resolve("out");
    Path key = TestPki.writeP12(pki.get().pki().person("Nguyễn Văn An"), dir.resolve("an.p12"), PIN);
    // an XML profile with only PDFs: the PDFs are signed plain, as before
    var r = CliRunner.run(ENV, "sign", "batch", in.toString(), "-o", out.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--profile", "tdiep");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(files(out)).containsExactly("cong-van.pdf");
  }

  @Test
  void aKeyThatIsNotTheCertificatesSignsNothing() throws Exception {
    Path in = inputs();
    DevPki.Identity an = pki.get().pki().person("Nguyễn Văn An");
    DevPki.Identity binh = pki.get().pki().person("Trần Thị Bình");
    Path wrong = TestPki.writeP12(new DevPki.Identity(binh.privateKey(), an.certificate(), an.chain()),
        dir.resolve("wrong.p12"), PIN);
    for (String[] args : List.of(
        new String[] {"sign", "pdf", in.resolve("cong-van.pdf").toString(), "-o", dir.resolve("o.pdf").toString()},
        new String[] {"sign", "pdf", in.resolve("cong-van.pdf").toString(), "-o", dir.resolve("o.pdf").toString(),
            "--visible"},
        new String[] {"sign", "xml", in.resolve("hoa-don.xml").toString(), "-o", dir.resolve("o.xml").toString()},
        new String[] {"sign", "xml", in.resolve("hoa-don.xml").toString(), "-o", dir.resolve("o.xml").toString(),
            "--format", "xmldsig"})) {
      List<String> a = new java.util.ArrayList<>(List.of(args));
      a.addAll(List.of("--key", "p12:" + wrong, "--pin-env", "KYSO_PIN"));
      var r = CliRunner.run(ENV, a.toArray(String[]::new));
      assertOneSentence(r, 65);
      assertThat(r.err()).contains("The key does not match the certificate of Nguyễn Văn An");
    }
    assertThat(files(dir)).noneMatch(n -> n.startsWith("o.") || n.endsWith(".part"));
  }
}
