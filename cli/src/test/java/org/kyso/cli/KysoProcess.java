package org.kyso.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Runs kyso as a separate process, as a shell, cron or container runs it: either the real {@code kyso} launcher
 * script, or plain {@code java -jar kyso.jar}. The jar is a manifest-only jar whose {@code Class-Path} names this
 * test's class path (the module's classes and dependencies), so no {@code mvn package} is needed and the launcher
 * finds an up-to-date jar and does not build.
 */
final class KysoProcess {
  record Result(int exitCode, byte[] out, byte[] err) {
    String outText() {
      return new String(out, StandardCharsets.UTF_8);
    }

    String errText() {
      return new String(err, StandardCharsets.UTF_8);
    }
  }

  private final Path home;
  private final Path jar;

  /** A launcher home in {@code dir}: {@code dir/kyso} and {@code dir/cli/target/kyso.jar}. */
  KysoProcess(Path dir) {
    this(dir, null);
  }

  /**
   * A launcher home in {@code dir} whose {@code cli/target/kyso.jar} is a link to {@code packaged} (the jar the build
   * made), or, when that is null, a manifest-only jar naming this test's class path.
   */
  KysoProcess(Path dir, Path packaged) {
    try {
      home = dir;
      jar = dir.resolve("cli/target/kyso.jar");
      Files.createDirectories(jar.getParent());
      if (packaged != null) {
        Files.createSymbolicLink(jar, packaged.toAbsolutePath());
      }
      Manifest m = new Manifest();
      m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Kyso.class.getName());
      StringBuilder cp = new StringBuilder();
      for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
        if (!e.isBlank()) {
          cp.append(cp.length() == 0 ? "" : " ").append(Path.of(e).toAbsolutePath().toUri());
        }
      }
      m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString());
      if (packaged == null) {
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar), m)) {
          // manifest only
        }
      }
      Path script = repositoryRoot().resolve("kyso");
      Files.copy(script, dir.resolve("kyso"));
      Files.setPosixFilePermissions(dir.resolve("kyso"), PosixFilePermissions.fromString("rwxr-xr-x"));
      // the scripts the launcher sources (the JVM and its options, the start-up archive)
      Path sh = Files.createDirectories(dir.resolve("cli/src/main/sh"));
      try (var scripts = Files.list(repositoryRoot().resolve("cli/src/main/sh"))) {
        for (Path s : scripts.toList()) {
          Files.copy(s, sh.resolve(s.getFileName()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("kyso"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("the kyso launcher script is not above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** The java command of this JVM. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** An environment like {@code env -i} (plus a PATH that finds java and the shell's tools, as cron gives). */
  static Map<String, String> bareEnvironment() {
    return Map.of("PATH", Path.of(java()).getParent() + ":/usr/bin:/bin");
  }

  /** {@code kyso ARGS} through the launcher script. */
  ProcessBuilder launcher(Map<String, String> env, List<String> javaOpts, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(home.resolve("kyso").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().putAll(env);
    if (!javaOpts.isEmpty()) {
      pb.environment().put("KYSO_JAVA_OPTS", String.join(" ", javaOpts));
    }
    return pb;
  }

  /** {@code java OPTS -jar kyso.jar ARGS}, without the launcher. */
  ProcessBuilder javaJar(Map<String, String> env, List<String> javaOpts, String... args) {
    return javaJar(java(), env, javaOpts, args);
  }

  /** {@code JAVA OPTS -jar kyso.jar ARGS} with the given java, without the launcher. */
  ProcessBuilder javaJar(String java, Map<String, String> env, List<String> javaOpts, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(javaOpts);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb;
  }

  /** Runs to the end (at most {@code seconds}) and returns the exit code and the raw output bytes. */
  static Result run(ProcessBuilder pb, long seconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile("kyso-out", ".bin");
    Path err = Files.createTempFile("kyso-err", ".bin");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("kyso did not finish within " + seconds + " s: " + pb.command());
      }
      return new Result(p.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
