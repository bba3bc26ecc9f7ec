package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.MinimalPdf;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;

/**
 * {@code kyso sign batch} as a clerk runs it, on a terminal: a separate kyso process on a pseudo-terminal made by
 * util-linux {@code script}. The PIN is typed after the prompt appears and must not be echoed; the progress bar
 * is drawn on the terminal and ends full.
 */
class TerminalTest {
  /** ASCII: the JDK's PKCS#12 refuses other passwords. */
  private static final String PIN = "terminal-pin-4711";
  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();

  @TempDir static Path dir;

  @Test
  void asksForThePinWithoutEchoAndDrawsAProgressBar() throws Exception {
    Path script = ExternalTools.require("script", "bsdutils");
    Path in = Files.createDirectories(dir.resolve("in"));
    for (int i = 1; i <= 7; i++) {
      Files.write(in.resolve(String.format("%02d.pdf", i)), MinimalPdf.bytes());
    }
    String pin = PIN;
    Path p12 = TestPki.writeP12(pki.get().pki().person("Trần Thị Bình"), dir.resolve("binh.p12"), pin);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = String.join(" ", quote(java), "-cp", quote(System.getProperty("java.class.path")),
        "org.kyso.cli.Kyso", "sign", "batch", quote(in.toString()), "-o", quote(dir.resolve("out").toString()),
        "--key", quote("p12:" + p12));
    Process p = new ProcessBuilder(script.toString(), "-qec", command, "/dev/null").redirectErrorStream(true)
        .start();
    Transcript t = new Transcript(p.getInputStream());
    t.start();

    assertThat(t.awaitText("Password for", 120)).as("the PIN prompt appears: %s", t.text()).isTrue();
    try (OutputStream typing = p.getOutputStream()) {
      typing.write((pin + "\n").getBytes(StandardCharsets.UTF_8));
      typing.flush();
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("kyso ends: %s", t.text()).isTrue();
    }
    t.join(10_000);
    String screen = t.text();

    assertThat(p.exitValue()).as(screen).isZero();
    assertThat(screen).doesNotContain(pin);
    assertThat(screen).contains("[" + "#".repeat(30) + "] 7/7");
    assertThat(screen).contains("\r[");
    assertThat(screen).contains("signed 7 of 7 files");
    try (var files = Files.list(dir.resolve("out"))) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
          .isEqualTo(List.of("01.pdf", "02.pdf", "03.pdf", "04.pdf", "05.pdf", "06.pdf", "07.pdf"));
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Everything the terminal showed, collected as it comes. */
  private static final class Transcript extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    Transcript(InputStream in) {
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] buf = new byte[4096];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (seen) {
            seen.write(buf, 0, n);
            seen.notifyAll();
          }
        }
      } catch (java.io.IOException e) {
        // the process ended
      }
    }

    String text() {
      synchronized (seen) {
        return seen.toString(StandardCharsets.UTF_8);
      }
    }

    boolean awaitText(String s, int seconds) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      synchronized (seen) {
        while (!seen.toString(StandardCharsets.UTF_8).contains(s)) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          seen.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return true;
      }
    }
  }
}
