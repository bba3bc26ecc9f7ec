package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code kyso.jar} (run after the shade plugin made it: the {@code packaged-jar} execution in the
 * {@code verify} phase): its manifest lets sqlite-jdbc load its native library on JDK 22+ without the JVM's
 * "restricted method" warnings, so register commands print nothing on standard error under JDK 25 (skipped when
 * {@code /usr/lib/jvm/temurin-25-jdk-amd64} is absent) and under the JDK running the build, through the launcher
 * ({@code KYSO_JAVA}) and through plain {@code java -jar}.
 */
class KysoJarIT {
  /** Set by the packaged-jar execution only: run earlier (by -Dtest in the test phase), the jar may be stale. */
  private static final String JAR_PROPERTY = "kyso.packaged.jar";

  private static Path jar;
  private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
  private static final String ORG = "UBND phường Điện Biên";

  @TempDir
  Path dir;

  @BeforeAll
  static void packaged() {
    String property = System.getProperty(JAR_PROPERTY);
    assumeThat(property).as("the packaged jar: this test runs in the verify phase, after package").isNotNull();
    jar = Path.of(property).toAbsolutePath();
    assertThat(jar).as("mvn package makes kyso.jar before this test runs").isRegularFile();
  }

  @Test
  void manifestEnablesNativeAccess() throws Exception {
    try (JarFile packaged = new JarFile(jar.toFile())) {
      var attributes = packaged.getManifest().getMainAttributes();
      assertThat(attributes.getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
      assertThat(attributes.getValue("Main-Class")).isEqualTo(Kyso.class.getName());
    }
  }

  @Test
  void registerCommandsPrintNothingOnStandardErrorUnderJdk25() throws Exception {
    assumeThat(Files.isExecutable(JDK25.resolve("bin/java"))).as("JDK 25 at " + JDK25).isTrue();
    registerCommandsAreQuiet(JDK25.resolve("bin/java").toString());
  }

  @Test
  void registerCommandsPrintNothingOnStandardErrorUnderThisJdk() throws Exception {
    registerCommandsAreQuiet(KysoProcess.java());
  }

  private void registerCommandsAreQuiet(String java) throws Exception {
    KysoProcess kyso = new KysoProcess(dir.resolve("home"), jar);
    Map<String, String> env = new HashMap<>(KysoProcess.bareEnvironment());
    env.put("KYSO_JAVA", java);
    env.put("KYSO_STARTUP_ARCHIVE", "off");
    Path document = dir.resolve("quyet-dinh.pdf");
    Files.write(document, "%PDF-1.7 nội dung".getBytes(StandardCharsets.UTF_8));
    int n = 0;
    for (String how : List.of("launcher", "java -jar")) {
      Path db = dir.resolve("so-" + how.replace(' ', '-') + ".db");
      String[][] commands = {
          {"register", "init", "--db", db.toString(), "--org", ORG, "--org-abbr", "UBND"},
          {"register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary", "Về việc thành lập",
              "--file", document.toString()}};
      for (String[] args : commands) {
        ProcessBuilder pb = how.equals("launcher") ? kyso.launcher(env, List.of(), args)
            : kyso.javaJar(java, env, List.of(), args);
        KysoProcess.Result r = KysoProcess.run(pb, 120);
        assertThat(r.errText()).as(how + " " + String.join(" ", args)).isEmpty();
        assertThat(r.exitCode()).isZero();
        n++;
      }
    }
    assertThat(n).isEqualTo(4);
  }
}
