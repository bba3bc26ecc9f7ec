package org.kyso.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the everyday commands once, in-process, on throw-away files, so that the {@code kyso} launcher can record
 * which classes they load and hand the JVM a start-up archive of them (class-data sharing, or the ahead-of-time
 * cache on JDK 25+): {@code kyso demo} (a throw-away PKI with a loopback CRL server, two visible signatures, a JSON
 * verification), then {@code verify --offline} as text, {@code sign pdf} B-B with a PKCS#12 key and
 * {@code --version}/{@code --help}. What it prints is thrown away; it writes only under a temporary folder, which
 * it deletes. Not a user command: the launcher starts it with {@code java -cp kyso.jar}.
 */
public final class StartupTraining {
  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    Kyso.configureLogging(false);
    Path dir = Files.createTempDirectory("kyso-startup-training");
    int code;
    try {
      code = train(dir);
    } finally {
      deleteTree(dir);
    }
    System.exit(code);
  }

  private static int train(Path dir) {
    String pin = "KYSO_STARTUP_TRAINING_PIN";
    Map<String, String> env = Map.of(pin, "demo");
    run(env, "--version");
    run(env, "--help");
    run(env, "sign", "pdf", "--help");
    if (run(env, "demo", "--out", dir.toString()) != ExitCodes.OK) {
      return 1;
    }
    String root = dir.resolve("root.pem").toString();
    String issued = dir.resolve("quyet-dinh.2-ban-hanh.pdf").toString();
    run(env, "verify", "--offline", issued, "--trust", root, "--lang", "en");
    run(env, "verify", "--offline", issued, "--trust", root, "--format", "json");
    int signed = run(env, "sign", "pdf", dir.resolve("quyet-dinh.pdf").toString(),
        "-o", dir.resolve("signed.pdf").toString(), "--key", "p12:" + dir.resolve("chu-tich.p12"),
        "--pin-env", pin);
    run(env, "verify", "--offline", dir.resolve("signed.pdf").toString(), "--trust", root);
    return signed == ExitCodes.OK ? 0 : 1;
  }

  private static int run(Map<String, String> env, String... args) {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    return Kyso.run(args, sink, sink, env);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
