package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kyso.cli.demo.SampleLetter;

/**
 * Issue 20, as separate processes at {@code -Xmx256m}: a signal leaves no hidden temporary file behind, and a
 * file too large for memory is refused with one sentence instead of an OutOfMemoryError stack trace.
 */
class ProcessSignalsTest {
  @RegisterExtension
  static final SmallHeapKyso fixture = new SmallHeapKyso();

  @TempDir
  Path dir;

  /**
   * A B-T signature waits for a timestamp authority that accepts connections and never answers. The signal stops the
   * process while it waits, and it leaves neither the output nor a hidden {@code .part} file (the writer creates its
   * temporary file only once the signed bytes are ready, and the shutdown hook removes one caught mid-write).
   */
  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalLeavesNoPartFileBehind(String signal) throws Exception {
    Path in = Files.write(dir.resolve("in.pdf"), SampleLetter.create());
    Path key = fixture.signerP12(dir);
    Path outDir = Files.createDirectories(dir.resolve("out"));
    Path out = outDir.resolve("signed.pdf");
    List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ServerSocket tsa = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!tsa.isClosed()) {
          try {
            held.add(tsa.accept()); // never answers
          } catch (java.io.IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      ProcessBuilder pb = fixture.javaJar(dir, SmallHeapKyso.SMALL_HEAP, "sign", "pdf", in.toString(), "-o",
          out.toString(), "--key", "p12:" + key, "--pin-env", "KYSO_PIN", "--level", "B-T", "--tsa",
          "http://127.0.0.1:" + tsa.getLocalPort() + "/tsa");
      // ready: kyso is waiting for the TSA
      int exit = SmallHeapKyso.stopWithSignal(pb, dir.resolve("log.txt"), () -> !held.isEmpty(), 120, signal);
      assertThat(exit).isEqualTo(signal.equals("TERM") ? 143 : 130);
      assertThat(partFiles(outDir)).isEmpty();
      assertThat(out).doesNotExist();
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /**
   * The case: SIGTERM while {@code sign pdf} writes the signed copy of a large file (a 300 MiB comment after
   * %%EOF) at -Xmx256m. The signal comes once the hidden {@code .part} file is there and growing: the process ends
   * (143) and neither the output nor the {@code .part} file is left (it was up to 306 MB).
   */
  @Test
  @org.junit.jupiter.api.Timeout(900)
  void sigtermWhileALargeSignedFileIsWrittenLeavesNoPartFile() throws Exception {
    Path key = fixture.signerP12(dir);
    Path in = Files.write(dir.resolve("large.pdf"), SampleLetter.create());
    SmallHeapKyso.appendComment(in, 300);
    Path outDir = Files.createDirectories(dir.resolve("out"));
    Path out = outDir.resolve("signed.pdf");
    ProcessBuilder pb = fixture.javaJar(dir, SmallHeapKyso.SMALL_HEAP, "sign", "pdf", in.toString(), "-o",
        out.toString(), "--key", "p12:" + key, "--pin-env", "KYSO_PIN", "--max-size", "400");
    // ready: the .part file is there and has bytes in it
    int exit = SmallHeapKyso.stopWithSignal(pb, dir.resolve("log.txt"), () -> partBytes(outDir) > 0, 600, "TERM");
    assertThat(exit).as(Files.readString(dir.resolve("log.txt"))).isEqualTo(143);
    assertThat(partFiles(outDir)).isEmpty();
    assertThat(out).doesNotExist();
    Files.delete(in);
  }

  private static long partBytes(Path folder) throws java.io.IOException {
    long size = 0;
    for (Path part : partFiles(folder)) {
      try {
        size = Math.max(size, Files.size(part));
      } catch (java.nio.file.NoSuchFileException gone) {
        // moved into place or removed between the listing and the look
      }
    }
    return size;
  }

  /**
   * The other case: SIGTERM while {@code register export} writes a register book (3,000 entries) at
   * -Xmx256m, once its hidden temporary file is there: the process ends (143) and leaves neither the book nor the
   * temporary file.
   */
  @Test
  @org.junit.jupiter.api.Timeout(900)
  void sigtermWhileARegisterBookIsWrittenLeavesNoTemporaryFile() throws Exception {
    Path db = dir.resolve("so.db");
    var init = CliRunner.run("register", "init", "--db", db.toString(), "--org", "UBND phường Điện Biên",
        "--org-abbr", "UBND");
    assertThat(init.exitCode()).as(init.err()).isZero();
    try (org.kyso.registers.Registers r = org.kyso.registers.Registers.open(db.toString())) {
      for (int i = 1; i <= 3_000; i++) {
        r.registerOutgoing(org.kyso.registers.OutgoingDraft.builder(org.kyso.registers.DocumentType.CONG_VAN,
            "V/v báo cáo tình hình thực hiện Đề án 06 số " + i + ", thu thập và làm sạch dữ liệu dân cư trên địa bàn"
                + " phường Điện Biên").signer("Nguyễn Văn An").recipients("UBND quận Ba Đình; Công an phường")
            .build());
      }
    }
    Path outDir = Files.createDirectories(dir.resolve("out"));
    Path book = outDir.resolve("so.pdf");
    ProcessBuilder pb = fixture.javaJar(dir, SmallHeapKyso.SMALL_HEAP, "register", "export", "--db", db.toString(),
        "--register", "out", "-o", book.toString());
    int exit = SmallHeapKyso.stopWithSignal(pb, dir.resolve("log.txt"), () -> !hiddenFiles(outDir).isEmpty(), 600,
        "TERM");
    assertThat(exit).as(Files.readString(dir.resolve("log.txt"))).isEqualTo(143);
    assertThat(hiddenFiles(outDir)).isEmpty();
    assertThat(book).doesNotExist();
  }

  private static List<Path> hiddenFiles(Path folder) throws java.io.IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }

  /** The campaign's 101 MiB comment after %%EOF at -Xmx256m: refused by size with one sentence, no stack trace. */
  @Test
  void aHugeFileIsRefusedWithOneSentenceNotAnOutOfMemoryError() throws Exception {
    Path key = fixture.signerP12(dir);
    Path in = Files.write(dir.resolve("huge.pdf"), SampleLetter.create());
    SmallHeapKyso.appendComment(in, 101);
    Path out = dir.resolve("signed.pdf");
    KysoProcess.Result r = fixture.run(dir, 120, "sign", "pdf", in.toString(), "-o", out.toString(), "--key",
        "p12:" + key, "--pin-env", "KYSO_PIN");
    assertThat(r.exitCode()).as(r.errText()).isEqualTo(65);
    assertThat(r.errText().strip()).startsWith("kyso: ").contains("--max-size").doesNotContain("\n")
        .doesNotContain("OutOfMemoryError");
    assertThat(out).doesNotExist();
    Files.delete(in);
  }

  private static List<Path> partFiles(Path folder) throws java.io.IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
    }
  }
}
