package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.testing.ExternalTools;

/** The demo's documents pass qpdf --check without any warning; the sign options of issue 14 are checked. */
class DemoOutputsTest {
  @TempDir Path dir;

  @Test
  void theDemosSignedDecisionsPassQpdfWithoutWarnings() {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    var r = CliRunner.run("demo", "--out", dir.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    for (String f : List.of("quyet-dinh.1-phe-duyet.pdf", "quyet-dinh.2-ban-hanh.pdf")) {
      ExternalTools.Result q = ExternalTools.run(List.of(qpdf.toString(), "--check", dir.resolve(f).toString()));
      assertThat(q.exitCode()).as(q.all()).isZero();
      assertThat(q.all()).as(q.all()).doesNotContainIgnoringCase("warning");
    }
  }

  @Test
  void badCertifyAndRectValuesAreUsageErrorsNamingTheOption() {
    Map<String, String> env = Map.of("KYSO_PIN", "x");
    var r = CliRunner.run(env, "sign", "pdf", "in.pdf", "-o", "out.pdf", "--key", "p12:none.p12", "--pin-env",
        "KYSO_PIN", "--certify", "sometimes");
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.err()).contains("--certify").contains("form-filling");
    r = CliRunner.run(env, "sign", "pdf", "in.pdf", "-o", "out.pdf", "--key", "p12:none.p12", "--pin-env",
        "KYSO_PIN", "--profile", "issuance", "--number", "15/QĐ-UBND", "--seal-image", "x.png", "--number-rect",
        "1:a,b");
    assertThat(r.exitCode()).isIn(64, 66);
  }
}
