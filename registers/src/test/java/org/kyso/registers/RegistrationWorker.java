package org.kyso.registers;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A separate process for the multi-process tests: registers COUNT outgoing documents in the database at LOCATION and
 * prints "registered N" after each commit.
 *
 * <p>Usage: {@code java -cp TEST_CLASSPATH org.kyso.registers.RegistrationWorker LOCATION COUNT TAG}
 */
public final class RegistrationWorker {
  private RegistrationWorker() {}

  public static void main(String[] args) throws Exception {
    String location = args[0];
    int count = Integer.parseInt(args[1]);
    String tag = args[2];
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Clock clock = Clock.fixed(Instant.parse("2026-03-10T03:00:00Z"), ZoneOffset.UTC);
    try (Registers r = Registers.builder(location).clock(clock).maxConnections(1).build()) {
      for (int i = 0; i < count; i++) {
        OutgoingEntry e = r.registerOutgoing(OutgoingDraft.builder(DocumentType.CONG_VAN,
            "Công văn của tiến trình " + tag + " số " + i).unitAbbreviation("VP").build());
        out.println("registered " + e.number());
      }
    }
    out.println("done");
  }

  /** The command that runs this class in a new JVM with the test class path. */
  static List<String> command(String location, int count, String tag) {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(javaBin, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", cp,
        RegistrationWorker.class.getName(), location, String.valueOf(count), tag);
  }
}
