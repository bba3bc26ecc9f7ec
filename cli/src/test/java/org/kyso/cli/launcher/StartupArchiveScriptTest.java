package org.kyso.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's start-up archive ({@code cli/src/main/sh/startup-archive.sh}, sourced by {@code kyso}) with real
 * JVMs on a small jar: the archive is made on the first run, used afterwards, and a missing, damaged, truncated,
 * foreign or unwritable one never changes what the program prints or its exit code, nor adds a word on standard
 * error. Runs the sourced script exactly as the launcher does (its two lines), for the JDK running the tests and,
 * when installed, JDK 25 (ahead-of-time cache).
 */
class StartupArchiveScriptTest {
  private static final Path SCRIPT = Path.of("src/main/sh/startup-archive.sh").toAbsolutePath();
  private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private Path jar(String name) throws IOException {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, PrintArgs.class.getName());
    Path jar = dir.resolve(name);
    String entry = PrintArgs.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m);
        var in = PrintArgs.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }

  /** The launcher's last lines: source the script, ask for the options, exec java with them. */
  private Run launch(Path javaHome, Path jar, Path cache, Map<String, String> env) throws Exception {
    String script = ". \"$SCRIPT\" && kyso_startup_archive \"$JAR\" one two || true\n"
        + "exec java ${KYSO_JAVA_OPTS:-} -jar \"$JAR\" one two\n";
    ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script);
    pb.environment().put("SCRIPT", SCRIPT.toString());
    pb.environment().put("JAR", jar.toString());
    pb.environment().put("KYSO_STARTUP_DIR", cache.toString());
    pb.environment().put("KYSO_STARTUP_TRAINING", PrintArgs.class.getName());
    pb.environment().put("KYSO_STARTUP_TRAIN", "foreground");
    pb.environment().put("PATH", javaHome.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().remove("KYSO_JAVA_OPTS");
    pb.environment().remove("KYSO_STARTUP_ARCHIVE");
    pb.environment().remove("KYSO_STARTUP_JAVA");
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static void assertPlainRun(Run r) {
    assertThat(r.err()).as("standard error").isEmpty();
    assertThat(r.out()).isEqualTo("args:one,two\n");
    assertThat(r.code()).isZero();
  }

  private static List<Path> archives(Path cache) throws IOException {
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(cache)) {
      return s.filter(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot")).toList();
    }
  }

  private void everyKindOfBrokenArchiveFallsBackSilently(Path javaHome) throws Exception {
    Path cache = dir.resolve("cache-" + javaHome.getFileName());
    Path jar = jar("app-" + javaHome.getFileName() + ".jar");

    Run first = launch(javaHome, jar, cache, Map.of());
    assertPlainRun(first);
    List<Path> made = archives(cache);
    assertThat(made).as("an archive made on the first run").hasSize(1);
    Path archive = made.get(0);
    byte[] good = Files.readAllBytes(archive);
    assertThat(good.length).isGreaterThan(4096);

    assertPlainRun(launch(javaHome, jar, cache, Map.of()));
    assertThat(Files.readAllBytes(archive)).as("a good archive is kept").isEqualTo(good);
    Run used = launch(javaHome, jar, cache, Map.of("KYSO_JAVA_OPTS", "-Xlog:class+load=info:stdout"));
    assertThat(used.out()).as("the program's class comes from the archive")
        .containsPattern(PrintArgs.class.getName().replace(".", "\\.") + " source: shared objects file");

    // damaged: not an archive at all; the launcher notices and makes it again
    Files.write(archive, "not an archive".repeat(1000).getBytes(StandardCharsets.US_ASCII));
    assertPlainRun(launch(javaHome, jar, cache, Map.of()));
    assertThat(Files.readAllBytes(archive)).startsWith(java.util.Arrays.copyOf(good, 4));

    // truncated: an archive's header, the rest missing; the JVM refuses it and starts without it
    Files.write(archive, java.util.Arrays.copyOf(good, 4096));
    assertPlainRun(launch(javaHome, jar, cache, Map.of()));

    // damaged in the middle
    byte[] flipped = good.clone();
    for (int i = 64; i < 256; i++) {
      flipped[i] ^= 0x5a;
    }
    Files.write(archive, flipped);
    assertPlainRun(launch(javaHome, jar, cache, Map.of()));

    // stale: an archive of another jar under this jar's name
    Path other = jar("other-" + javaHome.getFileName() + ".jar");
    Path otherCache = dir.resolve("other-cache-" + javaHome.getFileName());
    assertPlainRun(launch(javaHome, other, otherCache, Map.of()));
    Files.copy(archives(otherCache).get(0), archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertPlainRun(launch(javaHome, jar, cache, Map.of()));

    // a rebuilt jar gets its own archive; the old one is removed
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertPlainRun(launch(javaHome, jar, cache, Map.of()));
    assertThat(archives(cache)).hasSize(1).doesNotContain(archive);

    // switched off; and a folder that cannot be written
    Path off = dir.resolve("off-" + javaHome.getFileName());
    assertPlainRun(launch(javaHome, jar, off, Map.of("KYSO_STARTUP_ARCHIVE", "off")));
    assertThat(archives(off)).isEmpty();
    Path blocked = dir.resolve("blocked-" + javaHome.getFileName());
    Files.writeString(blocked, "a file where the folder should be");
    assertPlainRun(launch(javaHome, jar, blocked.resolve("startup"), Map.of()));
  }

  @Test
  void theJdkRunningTheTests() throws Exception {
    everyKindOfBrokenArchiveFallsBackSilently(Path.of(System.getProperty("java.home")));
  }

  @Test
  void jdk25AheadOfTimeCache() throws Exception {
    assumeThat(Files.isExecutable(JDK25.resolve("bin/java"))).as("JDK 25 at " + JDK25).isTrue();
    everyKindOfBrokenArchiveFallsBackSilently(JDK25);
  }

  @Test
  void versionAloneKeepsTheJdksOwnArchive() throws Exception {
    Path jar = jar("version.jar");
    ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c",
        ". \"$SCRIPT\" && kyso_startup_archive \"$JAR\" --version || true; printf '%s' \"${KYSO_JAVA_OPTS:-}\"");
    pb.environment().put("SCRIPT", SCRIPT.toString());
    pb.environment().put("JAR", jar.toString());
    pb.environment().put("KYSO_STARTUP_DIR", dir.resolve("version-cache").toString());
    pb.environment().remove("KYSO_JAVA_OPTS");
    pb.environment().remove("KYSO_STARTUP_ARCHIVE");
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEmpty();
    assertThat(archives(dir.resolve("version-cache"))).isEmpty();
  }

  /**
   * A background training outlives the command's process group: a timing tool, a CI step or a Ctrl-C that stops the
   * group once the command has run must not kill it half-way and leave its lock behind (then no archive for 15
   * minutes).
   */
  @Test
  void aBackgroundTrainingOutlivesTheCommandsProcessGroup() throws Exception {
    assumeThat(Files.isExecutable(Path.of("/usr/bin/setsid"))).as("setsid (util-linux)").isTrue();
    Path jar = jar("group.jar");
    Path cache = dir.resolve("group-cache");
    String script = ". \"$SCRIPT\" && kyso_startup_archive \"$JAR\" one two || true\n"
        + "exec java ${KYSO_JAVA_OPTS:-} -jar \"$JAR\" one two\n";
    // the launcher leads a process group of its own, as under a shell or a timing tool
    ProcessBuilder pb = new ProcessBuilder("setsid", "bash", "-euo", "pipefail", "-c", script);
    pb.environment().put("SCRIPT", SCRIPT.toString());
    pb.environment().put("JAR", jar.toString());
    pb.environment().put("KYSO_STARTUP_DIR", cache.toString());
    pb.environment().put("KYSO_STARTUP_TRAINING", PrintArgs.class.getName());
    pb.environment().put("KYSO_STARTUP_TRAIN", "background");
    pb.environment().put("PATH", Path.of(System.getProperty("java.home")).resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().remove("KYSO_JAVA_OPTS");
    pb.environment().remove("KYSO_STARTUP_ARCHIVE");
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(out).isEqualTo("args:one,two\n");
    // stop the whole group the command led, as farm-bench or a CI runner does
    new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).start().waitFor();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (archives(cache).isEmpty() && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    assertThat(archives(cache)).as("the archive the background training made").hasSize(1);
    until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (hasLock(cache) && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    assertThat(hasLock(cache)).as("a lock left behind").isFalse();
  }

  private static boolean hasLock(Path cache) throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.anyMatch(f -> f.toString().endsWith(".lock"));
    }
  }

  @Test
  void theLauncherSourcesTheScript() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("../kyso")));
    assertThat(lines).anyMatch(l -> l.contains("cli/src/main/sh/startup-archive.sh")
        && l.contains("kyso_startup_archive \"$jar\" \"$@\""));
  }
}
