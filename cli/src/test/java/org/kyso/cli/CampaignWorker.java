package org.kyso.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The program side of {@link HostileCampaignTest}: one JVM (started by the test at {@code -Xmx256m}, as the
 * campaign's attacker runs kyso) that runs many cases in turn through {@link Kyso#run}, the same entry point as
 * {@code main} after its locale handling. Cases come from a file, one a line:
 * {@code ID TAB base64(env "K=V" NUL-joined) TAB base64(args NUL-joined)}; from line {@code first} on.
 *
 * <p>Before each case it prints {@code START ID}, after it {@code DONE ID CODE base64(out) base64(err) TMPFILES},
 * where out and err include anything written to {@code System.out}/{@code System.err} behind kyso's writers (a
 * library printing a stack trace), and TMPFILES the base64 of the names in the JVM's temporary folder, joined by '/' (it must be
 * none: kyso deletes its copies). The test supervises: a case without DONE in time is a hang.
 */
public final class CampaignWorker {
  private CampaignWorker() {}

  public static void main(String[] a) throws Exception {
    Path cases = Path.of(a[0]);
    int first = Integer.parseInt(a[1]);
    Kyso.configureLogging(false);
    PrintStream realOut = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Base64.Encoder b64 = Base64.getEncoder();
    try (BufferedReader r = Files.newBufferedReader(cases, StandardCharsets.UTF_8)) {
      String line;
      int index = 0;
      while ((line = r.readLine()) != null) {
        if (index++ < first) {
          continue;
        }
        String[] f = line.split("\t", -1);
        Map<String, String> env = new HashMap<>();
        for (String kv : split(f[1])) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
        String[] args = split(f[2]);
        realOut.println("START " + f[0]);
        ByteArrayOutputStream strayOut = new ByteArrayOutputStream();
        ByteArrayOutputStream strayErr = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(strayOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(strayErr, true, StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try {
          code = Kyso.run(args, new PrintWriter(out), new PrintWriter(err), env);
        } catch (Throwable t) {
          // Kyso.run must not throw: a crash of the command, reported as such
          code = -1;
          err.write("UNCAUGHT " + t);
        } finally {
          System.setOut(oldOut);
          System.setErr(oldErr);
        }
        String tmpFiles;
        try (Stream<Path> s = Files.list(tmp)) {
          tmpFiles = s.map(p -> p.getFileName().toString()).sorted().reduce((x, y) -> x + "/" + y).orElse("");
        }
        String o = out + strayOut.toString(StandardCharsets.UTF_8);
        String e = err + strayErr.toString(StandardCharsets.UTF_8);
        realOut.println("DONE " + f[0] + " " + code + " " + b64.encodeToString(o.getBytes(StandardCharsets.UTF_8))
            + " " + b64.encodeToString(e.getBytes(StandardCharsets.UTF_8)) + " " + b64.encodeToString(tmpFiles.getBytes(StandardCharsets.UTF_8)));
      }
    }
    realOut.println("END");
    System.exit(0);
  }

  private static String[] split(String b64) {
    String all = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    return all.isEmpty() ? new String[0] : all.split("\0", -1);
  }
}
