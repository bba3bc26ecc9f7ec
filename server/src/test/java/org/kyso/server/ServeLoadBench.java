package org.kyso.server;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.PdfSigner;
import org.kyso.token.Keys;

/**
 * A bounded load run of {@code POST /v1/verify} on 127.0.0.1 (not a test: no assertion on time). Run it with
 * {@code mvn -o -q -pl server -am verify -Dtest=ServeLoadBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dkyso.bench=true -Dkyso.bench.verify=true [-Dkyso.bench.requests=200] [-Dkyso.bench.out=DIR]
 * [-Dkyso.bench.jar=cli/target/kyso.jar]}; it prints requests per second and p50/p99
 * latency for 1, 4 and 16 concurrent clients, and leaves the signed 50 KB PDF and the root certificate in DIR so
 * that {@code kyso verify} can be timed on the same file.
 */
@EnabledIfSystemProperty(named = "kyso.bench", matches = "true")
class ServeLoadBench {
  /** Only the large uploads, e.g. under {@code -DargLine=-Xmx320m} to show they fit a small heap. */
  @Test
  @EnabledIfSystemProperty(named = "kyso.bench.uploads", matches = "true")
  void largeUploadsInASmallHeap() throws Exception {
    Path out = Path.of(System.getProperty("kyso.bench.out", "target/bench"));
    Files.createDirectories(out);
    uploads(out);
  }

  @Test
  @EnabledIfSystemProperty(named = "kyso.bench.verify", matches = "true")
  void verifyThroughputAndLatency() throws Exception {
    int requests = Integer.getInteger("kyso.bench.requests", 200);
    Path out = Path.of(System.getProperty("kyso.bench.out", "target/bench"));
    Files.createDirectories(out);
    try (TestPki pki = TestPki.start()) {
      Path p12 = TestPki.writeP12(pki.pki().organisation("UBND phường Điện Biên"), out.resolve("ward.p12"), "x");
      byte[] signed;
      try (SigningKey k = Keys.open("p12:" + p12, PinSource.of("x".toCharArray()))) {
        signed = PdfSigner.builder(k).build().sign(pdfOfAbout(41 * 1024));
      }
      Path root = pki.writeRootPem(out);
      Files.write(out.resolve("signed-50k.pdf"), signed);
      System.out.printf("document: %d bytes, %d requests per run, %d processors%n", signed.length, requests,
          Runtime.getRuntime().availableProcessors());
      try (KysoServer server = KysoServer.start(ServerConfig.builder().port(0).trust(root).build())) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(server.uri().resolve("/v1/verify?name=signed-50k.pdf"))
            .header("Content-Type", "application/pdf").timeout(Duration.ofMinutes(2))
            .POST(HttpRequest.BodyPublishers.ofByteArray(signed)).build();
        run(http, req, 4, 40); // warm-up: JIT, DSS caches, the CRL fetched once
        for (int clients : new int[] {1, 4, 16}) {
          run(http, req, clients, requests);
        }
      }
      String jar = System.getProperty("kyso.bench.jar");
      if (jar != null) {
        cli(Path.of(jar), out.resolve("signed-50k.pdf"), root, Integer.getInteger("kyso.bench.processes", 20));
      }
    }
  }

  private static void run(HttpClient http, HttpRequest req, int clients, int total) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger left = new AtomicInteger(total);
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      fs.add(pool.submit(() -> {
        while (left.getAndDecrement() > 0) {
          long t = System.nanoTime();
          HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
          latencies.add(System.nanoTime() - t);
          if (r.statusCode() != 200 || !r.body().contains("TOTAL_PASSED")) {
            failures.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf("clients %2d: %4d requests in %6.1f s = %6.1f req/s, p50 %6.1f ms, p99 %6.1f ms, failures %d%n",
        clients, sorted.size(), seconds, sorted.size() / seconds, pct(sorted, 0.50), pct(sorted, 0.99),
        failures.get());
  }

  /**
   * Memory under concurrent large uploads: 16 clients each send 3 files of 30 MiB (a PDF header, then random bytes:
   * refused as unreadable after being read whole) to a server with a 32 MiB limit and 2 verification slots; the
   * heap in use is sampled every 20 ms (same JVM: the clients stream their files from disk).
   */
  private static void uploads(Path out) throws Exception {
    Path big = out.resolve("big-30m.pdf");
    byte[] chunk = new byte[1 << 20];
    new Random(30).nextBytes(chunk);
    try (var o = Files.newOutputStream(big)) {
      o.write("%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      for (int i = 0; i < 30; i++) {
        o.write(chunk);
      }
    }
    var mem = java.lang.management.ManagementFactory.getMemoryMXBean();
    System.gc();
    long base = mem.getHeapMemoryUsage().getUsed();
    long[] peak = {base};
    java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (running.get()) {
        peak[0] = Math.max(peak[0], mem.getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger busy = new AtomicInteger();
    long start = System.nanoTime();
    try (KysoServer server = KysoServer.start(ServerConfig.builder().port(0).maxUploadBytes(32L << 20)
        .verifyConcurrency(2).verifyQueueWait(Duration.ofSeconds(60)).build())) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<?>> fs = new ArrayList<>();
      for (int c = 0; c < 16; c++) {
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve("/v1/verify?name=big.pdf"))
                .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofFile(big)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
              ok.incrementAndGet();
            } else if (r.statusCode() == 503) {
              busy.incrementAndGet();
            } else {
              System.out.println("upload answered " + r.statusCode() + ": " + r.body());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
    } finally {
      running.set(false);
      sampler.join();
    }
    System.out.printf("uploads: 48 x 30 MiB from 16 clients in %.1f s: %d answered, %d busy; heap in use at most "
        + "%d MiB above the %d MiB before (max heap %d MiB)%n", (System.nanoTime() - start) / 1e9, ok.get(),
        busy.get(), (peak[0] - base) >> 20, base >> 20, Runtime.getRuntime().maxMemory() >> 20);
  }

  /** {@code kyso verify FILE} one process per file, one after another, as a script would run it. */
  private static void cli(Path jar, Path file, Path root, int runs) throws Exception {
    List<Long> latencies = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
          jar.toString(), "verify", file.toString(), "--trust", root.toString(), "--format", "json")
          .redirectErrorStream(true).start();
      String o = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      int code = p.waitFor();
      latencies.add(System.nanoTime() - t);
      if (code != 0) {
        System.out.println("kyso verify exited " + code + ": " + o.lines().findFirst().orElse(""));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Collections.sort(latencies);
    System.out.printf("kyso verify, one process per file: %d files in %6.1f s = %5.2f files/s, p50 %6.1f ms, "
        + "p99 %6.1f ms%n", runs, seconds, runs / seconds, pct(latencies, 0.5), pct(latencies, 0.99));
  }

  private static double pct(List<Long> sorted, double p) {
    int i = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
    return sorted.get(Math.max(0, i)) / 1e6;
  }

  /** A PDF of text pages filled until it is about {@code size} bytes (random words: it does not compress away). */
  static byte[] pdfOfAbout(int size) throws Exception {
    Random rnd = new Random(17);
    try (PDDocument doc = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
      int written = 0;
      while (written < size) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND,
            false)) {
          cs.setFont(font, 9);
          for (int line = 0; line < 70 && written < size; line++) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < 110) {
              sb.append((char) ('a' + rnd.nextInt(26)));
              if (rnd.nextInt(6) == 0) {
                sb.append(' ');
              }
            }
            cs.beginText();
            cs.newLineAtOffset(40, 800 - line * 11);
            cs.showText(sb.toString());
            cs.endText();
            written += sb.length() + 30;
          }
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }
}
