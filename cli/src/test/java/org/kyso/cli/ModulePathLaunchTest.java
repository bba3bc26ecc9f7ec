package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.testing.ExternalTools;

/**
 * kyso runs on the module path, not only from the shaded class-path jar: {@code kyso demo} (sign twice, verify with
 * revocation from the demo's CRL server) with every kyso module as a named module and DSS, PDFBox and Santuario as
 * automatic modules. A use of a package the module system does not export, or a resource a module cannot see, fails
 * here at run time. The runtime class path comes from the build (target/runtime-classpath.txt).
 */
class ModulePathLaunchTest {
  @TempDir Path dir;

  @Test
  void theDemoRunsWithKysoAsNamedModules() throws Exception {
    Path runtime = Path.of("target", "runtime-classpath.txt");
    if (!Files.isRegularFile(runtime)) {
      assertThat(ExternalTools.inCi()).as("target/runtime-classpath.txt is written by the cli build").isFalse();
      Assumptions.abort("target/runtime-classpath.txt is missing: run the tests through Maven");
    }
    Path cli = ModuleBoundaries.onClassPath().get("kyso.cli").location();
    String modulePath = Files.readString(runtime).strip() + File.pathSeparator + cli;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // DSS and Apache HttpClient are automatic modules that need modules nobody requires (commons-logging, jdk.net)
    ExternalTools.Result r = ExternalTools.run(List.of(java, "-Xmx512m", "-p", modulePath,
        "--add-modules", "ALL-MODULE-PATH,ALL-SYSTEM", "-m", "kyso.cli/org.kyso.cli.Kyso",
        "demo", "--out", dir.resolve("demo").toString()), dir);
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.stdout()).as(r.all()).contains("with the demo root trusted: TOTAL_PASSED");
    assertThat(r.stderr()).doesNotContain("Exception");
    assertThat(dir.resolve("demo").resolve("quyet-dinh.2-ban-hanh.pdf")).isRegularFile();
  }
}
