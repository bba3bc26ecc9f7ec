package org.kyso.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningBatch;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.TestTsa;
import org.kyso.pdf.PdfSigner;

/**
 * One library batch in a fresh JVM, against the floor measured in the same run (issue 19): N copies of a 50 KB PDF
 * signed folder to folder by {@link SigningBatch} with a PKCS#12 RSA-2048 key, then the floor over the same files
 * (read the file, SHA-256 of it, one RSA-2048 signature with the same key, one after the other on one thread).
 * Key loading and input generation are set-up, not measured; the JIT's work during the batch is measured.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.kyso.bench.BatchFloor DIR N JOBS B-B|B-T [TSA_DELAY_MS]
 * </pre>
 *
 * Prints one line: documents per second, wall time per document, the key threads' time inside the key per
 * document (wall and CPU), the floor per document, and their ratios, and the whole process's CPU time during the
 * batch per document, without the loopback TSA's own handlers (batch-cpu/doc; the TSA's is tsa-cpu/doc). With B-T,
 * a loopback TSA answering after TSA_DELAY_MS (default 200) stamps every signature.
 */
public final class BatchFloor {
  private BatchFloor() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: BatchFloor DIR N JOBS B-B|B-T [TSA_DELAY_MS]");
      System.exit(64);
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    int n = Integer.parseInt(args[1]);
    int jobs = Integer.parseInt(args[2]);
    Level level = Level.valueOf(args[3].replace('-', '_'));
    long delay = args.length > 4 ? Long.parseLong(args[4]) : 200;
    Fixtures fx = Fixtures.create(dir.resolve("keys"));
    List<Path> inputs = Files.isDirectory(dir.resolve("in-" + n)) ? list(dir.resolve("in-" + n))
        : Inputs.copies(Inputs.pdf50k(dir), dir.resolve("in-" + n), n);
    Path out = Files.createDirectories(dir.resolve("out-" + ProcessHandle.current().pid()));
    X509Certificate root = fx.pki.root().certificate();
    // a distant or busy TSA: kyso-testing's loopback TSA answering every request after a fixed delay
    TestTsa tsa = level == Level.B_B ? null
        : TestTsa.start(fx.pki).mode(TestTsa.Mode.SLOW).slowDelay(java.time.Duration.ofMillis(delay));
    try {
      PdfSigner.Builder b = PdfSigner.builder(fx.kysoKey).level(level).trust(TrustAnchors.of(root));
      if (tsa != null) {
        b.timestamps(TimestampService.of(tsa.url()));
      }
      PdfSigner signer = b.build();
      Timed timed = new Timed(fx.kysoKey);
      List<SigningBatch.Task> tasks = new ArrayList<>(n);
      for (Path in : inputs) {
        tasks.add(new SigningBatch.Task(in, out.resolve(in.getFileName()), signer));
      }
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long tsaCpu0 = tsa == null ? 0 : tsa.cpuNanos();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      boolean perThread = Boolean.getBoolean("batchfloor.threads");
      java.util.Map<String, Long> before = perThread ? threadCpu() : java.util.Map.of();
      java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicReference<java.util.Map<String, Long>> after =
          new java.util.concurrent.atomic.AtomicReference<>();
      List<SigningBatch.Outcome> outcomes = SigningBatch.builder(timed).jobs(jobs).listener(o -> {
        if (perThread && finished.incrementAndGet() == n) {
          after.set(threadCpu()); // the batch's threads are still alive here
        }
      }).build().sign(tasks);
      long wall = System.nanoTime() - t0;
      long tsaCpu = tsa == null ? 0 : tsa.cpuNanos() - tsaCpu0;
      long batchCpu = os.getProcessCpuTime() - cpu0 - tsaCpu;
      long failed = outcomes.stream().filter(o -> !o.signed()).count();
      if (failed > 0) {
        System.err.println("failed: " + outcomes.stream().filter(o -> !o.signed()).findFirst().orElseThrow());
      }
      if (perThread && after.get() != null) {
        StringBuilder sb = new StringBuilder("cpu/doc by thread:");
        after.get().forEach((name, c) -> {
          double d = (c - before.getOrDefault(name, 0L)) / 1e6 / n;
          if (d >= 0.01) {
            sb.append(String.format(Locale.ROOT, " %s=%.3f", name, d));
          }
        });
        System.out.println(sb + " ms");
      }
      double floor = floor(fx.kysoKey, inputs);
      double perDoc = wall / 1e6 / n;
      double keyWall = timed.wall.get() / 1e6 / n;
      double keyCpu = timed.cpu.get() / 1e6 / n;
      System.out.printf(Locale.ROOT, "level=%s jobs=%d n=%d failed=%d docs/s=%.1f wall/doc=%.3f ms"
          + " key-thread-in-key/doc=%.3f ms (cpu %.3f) floor/doc=%.3f ms wall/floor=%.2f key/floor=%.2f"
          + " batch-cpu/doc=%.3f ms%s%n",
          level.label(), jobs, n, failed, n / (wall / 1e9), perDoc, keyWall, keyCpu, floor, perDoc / floor,
          keyWall / floor, batchCpu / 1e6 / n, tsa == null ? "" : String.format(Locale.ROOT,
              " tsa-cpu/doc=%.3f ms tsa-delay=%dms tsa-most-concurrent=%d", tsaCpu / 1e6 / n, delay,
              tsa.mostConcurrentRequests()));
    } finally {
      if (tsa != null) {
        tsa.close();
      }
      BatchSignBench.deleteTree(out);
      fx.close();
    }
  }

  /** Per document: read the file, SHA-256 of it, one signature of that digest; one thread, one after the other. */
  static double floor(SigningKey key, List<Path> inputs) throws Exception {
    SignatureAlgorithm alg = key.algorithmFor(DigestAlgorithm.SHA256);
    long t0 = System.nanoTime();
    for (Path in : inputs) {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(in));
      key.signDigest(alg, d);
    }
    return (System.nanoTime() - t0) / 1e6 / inputs.size();
  }

  /** CPU time of the live threads, summed by name without the trailing number (-Dbatchfloor.threads=true). */
  private static java.util.Map<String, Long> threadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    java.util.Map<String, Long> m = new java.util.TreeMap<>();
    for (var info : threads.dumpAllThreads(false, false)) {
      long c = threads.getThreadCpuTime(info.getThreadId());
      if (c > 0) {
        m.merge(info.getThreadName().replaceAll("-\\d+$", ""), c, Long::sum);
      }
    }
    return m;
  }

  private static List<Path> list(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  /** The key, timing each signature on the calling thread (wall and that thread's CPU). */
  private static final class Timed implements SigningKey {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    final SigningKey key;
    final AtomicLong wall = new AtomicLong();
    final AtomicLong cpu = new AtomicLong();

    Timed(SigningKey key) {
      this.key = key;
    }

    @Override
    public X509Certificate certificate() {
      return key.certificate();
    }

    @Override
    public List<X509Certificate> certificateChain() {
      return key.certificateChain();
    }

    @Override
    public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) throws KysoException {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      try {
        return key.signDigest(algorithm, digest);
      } finally {
        wall.addAndGet(System.nanoTime() - t0);
        cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - c0);
      }
    }

    @Override
    public int parallelism() {
      return key.parallelism();
    }

    @Override
    public void close() {}
  }
}
