package org.kyso.registers;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.kyso.core.FileAccessException;

/**
 * A separate process for {@link IssuanceCrashTest}: issues one outgoing document into TARGET and, at the step
 * STOP ({@code issuing}: half of the file written; {@code reserved}, {@code issued}, {@code committed},
 * {@code moved}: after that step), prints "at STOP" and waits to be killed.
 *
 * <p>Usage: {@code java -cp TEST_CLASSPATH org.kyso.registers.IssuanceWorker LOCATION TARGET STOP}
 */
public final class IssuanceWorker {
  private IssuanceWorker() {}

  public static void main(String[] args) throws Exception {
    String location = args[0];
    Path target = Path.of(args[1]);
    String stop = args[2];
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Clock clock = Clock.fixed(Instant.parse("2026-03-10T03:00:00Z"), ZoneOffset.UTC);
    try (Registers r = Registers.builder(location).clock(clock).maxConnections(1).issuanceHook(step -> {
      if (step.equals(stop)) {
        waitForKill(out, step);
      }
    }).build()) {
      OutgoingEntry e = r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Ban hành trước sự cố")
          .build(), target, (reserved, file) -> {
            try {
              if (stop.equals("issuing")) {
                Files.writeString(file, "stamped " + reserved.notation().substring(0, 3));
                waitForKill(out, stop);
              }
              Files.writeString(file, "stamped " + reserved.notation() + " " + reserved.date());
            } catch (IOException x) {
              throw new FileAccessException("cannot write", x);
            }
            return IssuedFile.of(file);
          });
      out.println("issued " + e.notation());
    }
    out.println("done");
  }

  private static void waitForKill(PrintStream out, String step) {
    out.println("at " + step);
    try {
      Thread.sleep(600_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(3); // never reached when the test kills it
  }

  /** The command that runs this class in a new JVM with the test class path. */
  static List<String> command(String location, Path target, String stop) {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(javaBin, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", cp, IssuanceWorker.class.getName(),
        location, target.toString(), stop);
  }
}
