package org.kyso.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs command lines through {@link CampaignWorker} in one child JVM at {@code -Xmx256m} with an empty environment
 * (as issue 20's reporter ran kyso), optionally behind a command prefix that starts it as another user
 * ({@link Unprivileged}). One JVM for all cases keeps the machine's CPU for the work; each case still goes through
 * the CLI's entry point with its own arguments and environment.
 */
public final class WorkerRun {
  /** One command line: its name, its environment (besides the bare one) and its arguments. */
  public record Case(String id, Map<String, String> env, List<String> args) {}

  /** What a case did; {@code code} -2 when it did not finish within the time given. */
  public record Outcome(int code, String out, String err, String tmpFiles) {}

  private WorkerRun() {}

  /** Where sqlite-jdbc unpacks its native library: beside the temporary folder, which must stay empty. */
  private static Path nativeLibs(Path tmp) throws IOException {
    Path dir = Files.createDirectories(tmp.resolveSibling(tmp.getFileName() + "-sqlite-native"));
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    return dir;
  }

  /**
   * Runs the cases in order in one JVM started by {@code prefix} (empty: as this user) with {@code classPath}, its
   * temporary folder {@code tmp}; {@code work} holds the case file. A case without an answer within
   * {@code caseSeconds} (a hang, not a speed limit) ends the run and is reported as -2, and the next cases run in a
   * fresh JVM.
   */
  public static Map<String, Outcome> run(List<String> prefix, String classPath, Path work, Path tmp, List<Case> cases,
      long caseSeconds) throws IOException, InterruptedException {
    return run(prefix, classPath, work, tmp, cases, caseSeconds, Map.of());
  }

  /**
   * As {@link #run(List, String, Path, Path, List, long)}, with variables the JVM's own environment needs besides
   * the bare one (a native library reads them, as SoftHSM reads {@code SOFTHSM2_CONF}).
   */
  public static Map<String, Outcome> run(List<String> prefix, String classPath, Path work, Path tmp, List<Case> cases,
      long caseSeconds, Map<String, String> processEnv) throws IOException, InterruptedException {
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder sb = new StringBuilder();
    for (Case c : cases) {
      String env = c.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("\0"));
      sb.append(c.id()).append('\t').append(b64.encodeToString(env.getBytes(StandardCharsets.UTF_8))).append('\t')
          .append(b64.encodeToString(String.join("\0", c.args()).getBytes(StandardCharsets.UTF_8))).append('\n');
    }
    Path file = work.resolve("cases-" + System.nanoTime() + ".txt");
    Files.writeString(file, sb);
    Map<String, Outcome> results = new LinkedHashMap<>();
    int next = 0;
    while (next < cases.size()) {
      List<String> cmd = new ArrayList<>(prefix);
      cmd.addAll(List.of(KysoProcess.java(), "-Xmx256m", "-XX:-UsePerfData", "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp, "-Dorg.sqlite.tmpdir=" + nativeLibs(tmp), "-cp", classPath,
          CampaignWorker.class.getName(), file.toString(), Integer.toString(next)));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().putAll(KysoProcess.bareEnvironment());
      pb.environment().put("LC_ALL", "C.UTF-8");
      pb.environment().putAll(processEnv);
      Process p = pb.start();
      var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the worker was killed
        }
        lines.add("\0EOF");
      });
      reader.setDaemon(true);
      reader.start();
      String current = null;
      long started = System.nanoTime();
      StringBuilder noise = new StringBuilder();
      boolean restart = false;
      while (!restart) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(caseSeconds)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            String id = current != null ? current : cases.get(next).id();
            results.put(id, new Outcome(-2, "", "HANG: no answer within " + caseSeconds + " s: " + noise, ""));
            next++;
            restart = true;
          }
          continue;
        }
        if (line.startsWith("START ")) {
          current = line.substring(6);
          started = System.nanoTime();
        } else if (line.startsWith("DONE ")) {
          String[] f = line.split(" ", -1);
          Base64.Decoder d = Base64.getDecoder();
          results.put(f[1], new Outcome(Integer.parseInt(f[2]), new String(d.decode(f[3]), StandardCharsets.UTF_8),
              new String(d.decode(f[4]), StandardCharsets.UTF_8), new String(d.decode(f[5]), StandardCharsets.UTF_8)));
          current = null;
          next++;
        } else if (line.equals("END")) {
          p.waitFor();
          return results;
        } else if (line.equals("\0EOF")) {
          p.waitFor();
          String id = current != null ? current : cases.get(next).id();
          results.put(id, new Outcome(-1, "", "CRASH: the JVM ended (exit " + p.exitValue() + "): " + noise, ""));
          next++;
          restart = true;
        } else {
          noise.append(line).append('\n');
        }
      }
    }
    return results;
  }
}
