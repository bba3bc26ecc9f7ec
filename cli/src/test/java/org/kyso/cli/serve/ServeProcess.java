package org.kyso.cli.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code kyso serve --config FILE} as its own process (the test class path standing in for the jar). */
final class ServeProcess implements AutoCloseable {
  private final Process process;
  private final URI uri;

  private ServeProcess(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  static ServeProcess start(Path config, Map<String, String> env, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.kyso.cli.Kyso", "serve", "--config",
        config.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("kyso serve: listening on ")) {
      p.destroyForcibly();
      throw new IOException("kyso serve did not start: " + line + " (see " + log + ")");
    }
    String u = line.substring("kyso serve: listening on ".length());
    u = u.substring(0, u.indexOf(' '));
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // nothing more is printed; keep the pipe open
        }
      } catch (IOException ignored) {
        // ended
      }
    }, "serve-stdout");
    drain.setDaemon(true);
    drain.start();
    return new ServeProcess(p, URI.create(u));
  }

  URI uri() {
    return uri;
  }

  Process process() {
    return process;
  }

  /** Kills the process at once, as a crash would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
