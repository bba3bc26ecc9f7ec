package org.kyso.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.PinSource;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;

/** The README example runs, and the README shows exactly the code that runs. */
class QuickStartTest {
  @TempDir
  Path dir;

  @Test
  void theReadmeExampleSignsAndVerifies() throws Exception {
    try (TestPki pki = TestPki.start()) {
      Path p12 = TestPki.writeP12(pki.pki().person("Nguyễn Văn An"), dir.resolve("an.p12"), "mat-khau-2026");
      Path root = pki.writeRootPem(dir);
      Path in = dir.resolve("in.pdf");
      Files.write(in, Samples.letter());
      Path out = dir.resolve("out.pdf");
      VerificationReport report = QuickStart.signThenVerify(in, out, p12, PinSource.of("mat-khau-2026".toCharArray()), root);
      assertThat(report.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
      assertThat(report.signatures()).singleElement().satisfies(s -> {
        assertThat(s.signedBy()).isEqualTo("Nguyễn Văn An");
        assertThat(s.coversWholeDocument()).isTrue();
      });
    }
  }

  @Test
  void theReadmeShowsTheCodeThatRuns() throws Exception {
    Path repo = Path.of(System.getenv().getOrDefault("KYSO_REPO_ROOT", "..")).toAbsolutePath().normalize();
    String readme = Files.readString(repo.resolve("README.md"), StandardCharsets.UTF_8);
    String source = Files.readString(repo.resolve("examples/src/main/java/org/kyso/examples/QuickStart.java"),
        StandardCharsets.UTF_8);
    List<String> example = between(source, "// README:begin", "// README:end");
    String block = readme.substring(readme.indexOf("<!-- quickstart -->"));
    block = block.substring(block.indexOf("```java") + 7, block.indexOf("```", block.indexOf("```java") + 7));
    assertThat(normalise(block.lines().toList())).as("README.md quick start").isEqualTo(normalise(example));
  }

  private static List<String> between(String s, String begin, String end) {
    int b = s.indexOf(begin);
    int e = s.indexOf(end);
    return s.substring(s.indexOf('\n', b) + 1, e).lines().toList();
  }

  private static List<String> normalise(List<String> lines) {
    return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
