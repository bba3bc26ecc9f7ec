package org.kyso.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes {@code java -jar kyso.jar} work the same under any locale.
 *
 * <p>Under a C/POSIX locale (cron, containers, {@code env -i}) Java 17 decodes the command line and file names as
 * ASCII: every non-ASCII byte of an argument becomes {@code ?} before {@code main} runs, and a path with Vietnamese
 * letters cannot even be built. Neither can be set from inside a running JVM ({@code -Dsun.jnu.encoding} is
 * ignored). So when an argument holds non-ASCII bytes and the JVM does not use UTF-8 for names, kyso runs itself
 * once more in a UTF-8 locale ({@code LC_ALL=C.UTF-8}), handing over the exact argument bytes (read from
 * {@code /proc/self/cmdline}) in an ASCII-safe environment variable, and exits with the child's code. The {@code kyso}
 * launcher script sets a UTF-8 locale itself, so this costs nothing there.
 */
final class Utf8Launch {
  /** Base64 of the UTF-8 arguments joined by NUL: set only for the re-run child. */
  static final String ARGS_VARIABLE = "KYSO_UTF8_ARGS";

  private Utf8Launch() {}

  /** True when the JVM decodes arguments and file names as UTF-8. */
  static boolean jvmUsesUtf8() {
    String jnu = System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
    try {
      return Charset.forName(jnu).equals(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * In the re-run child, the arguments handed over by the parent; else the raw command-line bytes decoded as UTF-8
   * when the JVM mangled them (best effort when the re-run is impossible), else {@code args} unchanged.
   */
  static String[] arguments(String[] args, Map<String, String> env) {
    String handed = env.get(ARGS_VARIABLE);
    if (handed != null) {
      try {
        String all = new String(Base64.getDecoder().decode(handed), StandardCharsets.UTF_8);
        return all.isEmpty() ? new String[0] : all.split("\0", -1);
      } catch (IllegalArgumentException e) {
        return args;
      }
    }
    if (jvmUsesUtf8()) {
      return args;
    }
    return rawArguments(args).map(raw -> raw.toArray(String[]::new)).orElse(args);
  }

  /** The environment the command sees: without the hand-over variable. */
  static Map<String, String> environment(Map<String, String> env) {
    if (!env.containsKey(ARGS_VARIABLE)) {
      return env;
    }
    Map<String, String> m = new HashMap<>(env);
    m.remove(ARGS_VARIABLE);
    return m;
  }

  /**
   * Runs kyso again in a UTF-8 locale when needed, and returns the child's exit code; empty when this JVM should do
   * the work itself (already UTF-8, plain ASCII arguments, already the child, or no way to re-run).
   */
  static Optional<Integer> rerunIfNeeded(String[] args) {
    if (jvmUsesUtf8() || System.getenv(ARGS_VARIABLE) != null) {
      return Optional.empty();
    }
    Optional<List<String>> raw = rawArguments(args);
    if (raw.isEmpty() || raw.get().stream().allMatch(Utf8Launch::ascii)) {
      return Optional.empty();
    }
    String classPath = System.getProperty("java.class.path", "");
    if (classPath.isEmpty() || !ascii(classPath)) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    try {
      for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (!ascii(a)) {
          return Optional.empty();
        }
        command.add(a);
      }
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
    command.add("-Dfile.encoding=UTF-8");
    if (Runtime.version().feature() >= 22) {
      // what kyso.jar's manifest (Enable-Native-Access) gives "java -jar", which -cp does not read: sqlite-jdbc's
      // native library loads without the JVM's "restricted method" warnings (Java 17 knows no such option)
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.add("-cp");
    command.add(classPath);
    command.add(Kyso.class.getName());
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.environment().put(ARGS_VARIABLE, Base64.getEncoder().encodeToString(
        String.join("\0", raw.get()).getBytes(StandardCharsets.UTF_8)));
    Process child;
    try {
      child = pb.start();
    } catch (IOException e) {
      return Optional.empty();
    }
    // SIGTERM to this process reaches the child, which cleans up its own temporary files
    Thread stop = new Thread(() -> {
      if (child.isAlive()) {
        child.destroy();
        try {
          child.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, "kyso-stop-child");
    Runtime.getRuntime().addShutdownHook(stop);
    while (true) {
      try {
        return Optional.of(child.waitFor());
      } catch (InterruptedException e) {
        child.destroy();
      }
    }
  }

  /**
   * The program arguments as the bytes the shell passed, decoded as UTF-8: the last {@code args.length} entries of
   * {@code /proc/self/cmdline}, each checked against what the JVM made of it. Empty when unavailable or not
   * strictly UTF-8.
   */
  static Optional<List<String>> rawArguments(String[] args) {
    Path cmdline = Path.of("/proc/self/cmdline");
    byte[] bytes;
    try {
      if (!Files.isReadable(cmdline)) {
        return Optional.empty();
      }
      bytes = Files.readAllBytes(cmdline);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    List<byte[]> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        parts.add(java.util.Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      parts.add(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
    }
    if (parts.size() < args.length) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    for (int i = 0; i < args.length; i++) {
      byte[] b = parts.get(parts.size() - args.length + i);
      if (!sameShape(b, args[i])) {
        return Optional.empty();
      }
      try {
        out.add(decoder.decode(ByteBuffer.wrap(b)).toString());
      } catch (CharacterCodingException e) {
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }

  /** The ASCII bytes of {@code raw} are where {@code decoded} has them: the same argument, mangled or not. */
  private static boolean sameShape(byte[] raw, String decoded) {
    if (raw.length != decoded.length()) {
      return false; // a multi-byte locale charset: leave its decoding alone
    }
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] >= 0 && raw[i] != decoded.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 127) {
        return false;
      }
    }
    return true;
  }
}
