package org.kyso.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code kyso} launcher's choice of JVM ({@code KYSO_JAVA}, then {@code JAVA_HOME}, then {@code java} on
 * {@code PATH}; Java 17 or newer) and of JIT options ({@code cli/src/main/sh/jvm.sh}), run as a user runs it: the real
 * script in a launcher home, with stand-in Java homes whose {@code bin/java} writes down how it was called. The
 * start-up archive is made by the Java chosen (an ahead-of-time cache for 25, a class list and CDS dump for 21).
 */
class LauncherJvmTest {
  @TempDir
  Path dir;

  private Path home;
  private Path log;

  private record Run(int code, List<String> calls, String out, String err) {
    /** The options and arguments of the last java call, one per line after the java's path. */
    List<String> lastCall() {
      return List.of(calls.get(calls.size() - 1).split("\n", -1));
    }
  }

  @BeforeEach
  void launcherHome() throws IOException {
    home = dir.resolve("home");
    Path root = Path.of("..").toAbsolutePath().normalize();
    Files.createDirectories(home.resolve("cli/src/main/sh"));
    Files.copy(root.resolve("kyso"), home.resolve("kyso"));
    Files.setPosixFilePermissions(home.resolve("kyso"), PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Stream<Path> s = Files.list(root.resolve("cli/src/main/sh"))) {
      for (Path p : s.toList()) {
        Files.copy(p, home.resolve("cli/src/main/sh").resolve(p.getFileName()));
      }
    }
    // the stand-in java does not read the jar; it only has to be there and newer than the (absent) sources
    Files.createDirectories(home.resolve("cli/target"));
    Files.writeString(home.resolve("cli/target/kyso.jar"), "not read");
    log = dir.resolve("calls.log");
  }

  /** A Java home whose java appends its path and arguments (one per line) to the log, then a separator. */
  private Path fakeJdk(String name, String version) throws IOException {
    Path jdk = dir.resolve(name);
    Files.createDirectories(jdk.resolve("bin"));
    Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
    Path java = jdk.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\n{ printf '%s\\n' \"$0\" \"$@\"; echo '----'; } >> \"$KYSO_TEST_LOG\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return jdk;
  }

  private Run launch(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(home.resolve("kyso").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().put("KYSO_TEST_LOG", log.toString());
    pb.environment().put("KYSO_STARTUP_ARCHIVE", "off");
    pb.environment().putAll(env);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Files.deleteIfExists(log);
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
    List<String> calls = new ArrayList<>();
    if (Files.exists(log)) {
      for (String c : Files.readString(log).split("----\n")) {
        if (!c.isBlank()) {
          calls.add(c.endsWith("\n") ? c.substring(0, c.length() - 1) : c);
        }
      }
    }
    return new Run(p.exitValue(), calls, Files.readString(out), Files.readString(err));
  }

  /** A PATH folder with the shell tools the launcher uses, and no java. */
  private Path toolsWithoutJava() throws IOException {
    Path tools = Files.createDirectories(dir.resolve("tools"));
    for (String t : List.of("bash", "sh", "dirname", "find", "locale", "sed", "readlink", "stat", "mkdir", "cksum",
        "od", "rm", "mv", "nice")) {
      for (String d : List.of("/usr/bin/", "/bin/")) {
        Path p = Path.of(d + t);
        if (Files.isExecutable(p) && !Files.exists(tools.resolve(t))) {
          Files.createSymbolicLink(tools.resolve(t), p);
        }
      }
    }
    return tools;
  }

  private static String javaOf(Path jdk) {
    return jdk.resolve("bin/java").toString();
  }

  private Path file(String name, long size) throws IOException {
    Path f = dir.resolve(name);
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(size);
    }
    return f;
  }

  @Test
  void kysoJavaThenJavaHomeThenPath() throws Exception {
    Path onPath = fakeJdk("jdk17", "17.0.15");
    Path javaHome = fakeJdk("jdk25", "25.0.3");
    Path chosen = fakeJdk("jdk21", "21.0.7");
    String path = onPath.resolve("bin") + ":/usr/bin:/bin";

    Run r = launch(Map.of("PATH", path), "--version");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.calls()).hasSize(1);
    assertThat(r.lastCall().get(0)).isEqualTo(javaOf(onPath));
    assertThat(r.lastCall()).endsWith("-jar", home.resolve("cli/target/kyso.jar").toString(), "--version");

    r = launch(Map.of("PATH", path, "JAVA_HOME", javaHome.toString()), "--version");
    assertThat(r.lastCall().get(0)).isEqualTo(javaOf(javaHome));

    r = launch(Map.of("PATH", path, "JAVA_HOME", javaHome.toString(), "KYSO_JAVA", chosen.toString()), "--version");
    assertThat(r.lastCall().get(0)).as("KYSO_JAVA as a Java home").isEqualTo(javaOf(chosen));

    r = launch(Map.of("PATH", path, "JAVA_HOME", javaHome.toString(), "KYSO_JAVA", javaOf(chosen)), "--version");
    assertThat(r.lastCall().get(0)).as("KYSO_JAVA as a java binary").isEqualTo(javaOf(chosen));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void noUsableJavaIsOneSentenceAnd127() throws Exception {
    Path onPath = fakeJdk("jdk17", "17.0.15");
    Path old = fakeJdk("jdk11", "11.0.22");
    String path = onPath.resolve("bin") + ":/usr/bin:/bin";

    Map<String, Map<String, String>> cases = new HashMap<>();
    cases.put("KYSO_JAVA", Map.of("PATH", path, "KYSO_JAVA", dir.resolve("no-such-java").toString()));
    cases.put("JAVA_HOME", Map.of("PATH", path, "JAVA_HOME", dir.resolve("no-such-home").toString()));
    cases.put("Java 17", Map.of("PATH", path, "JAVA_HOME", old.toString()));
    cases.put("no Java found", Map.of("PATH", toolsWithoutJava().toString()));
    for (var e : cases.entrySet()) {
      Run r = launch(e.getValue(), "verify", "x.pdf");
      assertThat(r.code()).as(e.getKey() + ": " + r.err()).isEqualTo(127);
      assertThat(r.calls()).as("no java started").isEmpty();
      assertThat(r.out()).isEmpty();
      assertThat(r.err().lines()).as(e.getKey()).hasSize(1).first().asString()
          .startsWith("kyso: ").contains(e.getKey()).doesNotContain("line ");
    }
  }

  @Test
  void theQuickCompilerAloneOnlyForAShortCommandOnSmallInputs() throws Exception {
    Path jdk = fakeJdk("jdk17", "17.0.15");
    Map<String, String> env = Map.of("KYSO_JAVA", jdk.toString());
    String small = file("small.pdf", 50_000).toString();
    String big = file("big.pdf", 16L * 1024 * 1024 + 1).toString();
    String huge = file("huge.pdf", 32L * 1024 * 1024 + 1).toString();
    String pem = file("root.pem", 1_500).toString();
    Path folder = Files.createDirectories(dir.resolve("folder"));
    List<String> nine = new ArrayList<>(List.of("verify"));
    for (int i = 0; i < 9; i++) {
      nine.add(file("f" + i + ".pdf", 1_000).toString());
    }
    String quick = "-XX:TieredStopAtLevel=1";

    assertThat(launch(env, "verify", "--offline", small, "--trust", pem).lastCall()).contains(quick);
    assertThat(launch(env, "verify", "--offline", small, "--trust=" + pem).lastCall()).contains(quick);
    assertThat(launch(env, "sign", "pdf", small, "-o", dir.resolve("o.pdf").toString(), "--key", "p12:x.p12")
        .lastCall()).contains(quick);
    assertThat(launch(env, "sign", "xml", small).lastCall()).contains(quick);
    assertThat(launch(env, "timestamp", small).lastCall()).contains(quick);
    assertThat(launch(env, "--version").lastCall()).contains(quick);

    // verify hashes each byte about once: C1 alone up to 32 MiB (issue 20); signing up to 16 MiB
    assertThat(launch(env, "verify", "--offline", big).lastCall()).as("verify up to 32 MiB").contains(quick);
    assertThat(launch(env, "sign", "pdf", big, "-o", dir.resolve("o.pdf").toString(), "--key", "p12:x.p12")
        .lastCall()).as("signing a large input").doesNotContain(quick);
    assertThat(launch(env, "verify", huge).lastCall()).as("a large input").doesNotContain(quick);
    assertThat(launch(env, "verify", big, "--trust=" + big).lastCall()).as("large in all").doesNotContain(quick);
    assertThat(launch(env, "verify", folder.toString()).lastCall()).as("a folder").doesNotContain(quick);
    assertThat(launch(env, nine.toArray(String[]::new)).lastCall()).as("nine files").doesNotContain(quick);
    assertThat(launch(env, "sign", "batch", folder.toString()).lastCall()).doesNotContain(quick);
    assertThat(launch(env, "sign", "batch", small).lastCall()).doesNotContain(quick);
    assertThat(launch(env, "serve").lastCall()).doesNotContain(quick);
    assertThat(launch(env, "register", "out", "add", "--file", small).lastCall()).doesNotContain(quick);
    assertThat(launch(env, "demo").lastCall()).doesNotContain(quick);

    Map<String, String> full = new HashMap<>(env);
    full.put("KYSO_JIT", "full");
    assertThat(launch(full, "verify", small).lastCall()).doesNotContain(quick);
    Map<String, String> always = new HashMap<>(env);
    always.put("KYSO_JIT", "quick");
    assertThat(launch(always, "serve").lastCall()).contains(quick);

    // the user's options come after the launcher's, so they win
    Map<String, String> own = new HashMap<>(env);
    own.put("KYSO_JAVA_OPTS", "-XX:TieredStopAtLevel=4 -Xmx300m");
    List<String> call = launch(own, "verify", small).lastCall();
    assertThat(call).containsSubsequence(quick, "-XX:TieredStopAtLevel=4", "-Xmx300m", "-jar");
  }

  @Test
  void theSerialCollectorForABatchUnlessTheUserChoseOne() throws Exception {
    Path jdk = fakeJdk("jdk17", "17.0.15");
    Map<String, String> env = Map.of("KYSO_JAVA", jdk.toString());
    Path folder = Files.createDirectories(dir.resolve("folder"));
    String small = file("small.pdf", 50_000).toString();
    String serial = "-XX:+UseSerialGC";

    assertThat(launch(env, "sign", "batch", folder.toString(), "--jobs", "2").lastCall()).contains(serial);
    assertThat(launch(env, "--debug", "sign", "batch", small).lastCall()).contains(serial);
    assertThat(launch(env, "sign", "pdf", small).lastCall()).doesNotContain(serial);
    assertThat(launch(env, "verify", folder.toString()).lastCall()).doesNotContain(serial);
    assertThat(launch(env, "serve").lastCall()).doesNotContain(serial);

    // a collector of the user's own is the only one (the JVM refuses two)
    Map<String, String> own = new HashMap<>(env);
    own.put("KYSO_JAVA_OPTS", "-Xmx300m -XX:+UseParallelGC");
    List<String> call = launch(own, "sign", "batch", folder.toString()).lastCall();
    assertThat(call).contains("-XX:+UseParallelGC").doesNotContain(serial);
  }

  @Test
  void bouncyCastlesPrimalityRoundIsLeftOutUnlessTheUserAsks() throws Exception {
    Path jdk = fakeJdk("jdk17", "17.0.15");
    String small = file("small.pdf", 50_000).toString();
    String off = "-Dorg.bouncycastle.rsa.max_mr_tests=0";
    for (String[] args : List.of(new String[] {"verify", small}, new String[] {"sign", "pdf", small},
        new String[] {"serve"}, new String[] {"--version"})) {
      assertThat(launch(Map.of("KYSO_JAVA", jdk.toString()), args).lastCall()).contains(off);
    }
    // the user's own setting comes later on the command line, so the JVM takes it
    List<String> call = launch(Map.of("KYSO_JAVA", jdk.toString(), "KYSO_JAVA_OPTS",
        "-Dorg.bouncycastle.rsa.max_mr_tests=2"), "verify", small).lastCall();
    assertThat(call.lastIndexOf("-Dorg.bouncycastle.rsa.max_mr_tests=2")).isGreaterThan(call.indexOf(off));
  }

  @Test
  void theStartUpArchiveIsMadeByTheJavaChosen() throws Exception {
    Path jdk25 = fakeJdk("jdk25", "25.0.3");
    Path jdk21 = fakeJdk("jdk21", "21.0.7");
    Path cache = dir.resolve("cache");
    for (Path jdk : List.of(jdk25, jdk21)) {
      Map<String, String> env = new HashMap<>();
      env.put("PATH", fakeJdk("jdk17", "17.0.15").resolve("bin") + ":/usr/bin:/bin");
      env.put("KYSO_JAVA", jdk.toString());
      env.put("KYSO_STARTUP_ARCHIVE", "on");
      env.put("KYSO_STARTUP_TRAIN", "foreground");
      env.put("KYSO_STARTUP_DIR", cache.toString());
      Run r = launch(env, "verify", "x.pdf");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.calls()).as("training, then the command").hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(c -> assertThat(c).startsWith(javaOf(jdk) + "\n"));
      String training = String.join("\n", r.calls().subList(0, r.calls().size() - 1));
      if (jdk == jdk25) {
        assertThat(training).contains("-XX:AOTCacheOutput=").doesNotContain("-Xshare:dump");
      } else {
        assertThat(training).contains("-XX:DumpLoadedClassList=").contains("-Xshare:dump")
            .doesNotContain("AOTCache");
      }
      assertThat(new String(Files.readAllBytes(log), StandardCharsets.UTF_8)).doesNotContain("jdk17/bin/java");
    }
  }
}
