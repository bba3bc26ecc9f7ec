package org.kyso.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningBatch;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.ForwardingKey;
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
 * java -cp bench/target/benchmarks.jar org.kyso.bench.BatchFloor DIR N 1,2 B-B     # each in a fresh JVM, and the ratio
 * java -XX:+UseSerialGC -cp … BatchFloor DIR N 1,2 B-B   # the fresh JVMs get this JVM's -XX/-D/-Xm/-Xs options
 * java -Dkyso.bench.warmup=2000 -cp … BatchFloor DIR N 1 B-B   # an unmeasured batch first: the steady cost, JIT aside
 * java -Dkyso.bench.tsa.requests=128 -cp … BatchFloor DIR 100 2 B-T 200   # timestamp requests in flight (default 64)
 * </pre>
 *
 * <p>Prints, per run: documents per second and wall time per document; the processor time of each kind of batch
 * thread per document (read per thread through {@link ThreadMXBean}, sampled every 5 ms while the threads live, so
 * readable on a loaded machine), of which inside the key; the floor per document (processor and wall time); and
 * the figure of the issue: the working ("key") threads' processor time per document, file to file, divided by the
 * floor's. With several JOBS values, each run is a fresh JVM and the last line gives docs/s of each ÷ the first.
 * With B-T, a loopback TSA answering after TSA_DELAY_MS (default 200) stamps every signature: kyso-testing's
 * {@code TestTsa} in a warm JVM of its own ({@link TsaProcess}), whose processor time is printed apart (its handlers',
 * and its whole JVM's during the batch); {@code -Dkyso.bench.tsa=in-process} runs it in this JVM, cold, as before
 * (its handlers' CPU then given apart as tsa-cpu/doc and left out of the process's). Per-thread figures are always printed (they replace the
 * earlier {@code -Dbatchfloor.threads=true}).
 */
public final class BatchFloor {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private BatchFloor() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: BatchFloor DIR N JOBS[,JOBS...] B-B|B-T|floor [TSA_DELAY_MS]");
      System.exit(64);
    }
    if (args[2].contains(",")) {
      compare(args);
      return;
    }
    Path dir = Path.of(args[0]).toAbsolutePath();
    int n = Integer.parseInt(args[1]);
    int jobs = Integer.parseInt(args[2]);
    if (args[3].equals("floor")) {
      coldFloor(dir, n, jobs);
      return;
    }
    Level level = Level.valueOf(args[3].replace('-', '_'));
    long delay = args.length > 4 ? Long.parseLong(args[4]) : 200;
    Fixtures fx = Fixtures.create(dir.resolve("keys"));
    List<Path> inputs = Files.isDirectory(dir.resolve("in-" + n)) ? list(dir.resolve("in-" + n))
        : Inputs.copies(Inputs.pdf50k(dir), dir.resolve("in-" + n), n);
    Path out = Files.createDirectories(dir.resolve("out-" + ProcessHandle.current().pid()));
    X509Certificate root = fx.pki.root().certificate();
    // a distant or busy TSA: kyso-testing's loopback TSA answering every request after a fixed delay, in a warm JVM
    // of its own (-Dkyso.bench.tsa=in-process: in this JVM, cold, as before)
    boolean inProcess = "in-process".equals(System.getProperty("kyso.bench.tsa"));
    TestTsa tsa = level == Level.B_B || !inProcess ? null
        : TestTsa.start(fx.pki).mode(TestTsa.Mode.SLOW).slowDelay(java.time.Duration.ofMillis(delay));
    TsaProcess tsaProcess = level == Level.B_B || inProcess ? null
        : TsaProcess.start(fx.pki.timestampAuthority("kyso Test TSA"), dir.resolve("keys"), delay,
            Integer.getInteger("kyso.bench.tsa.warm", 8_000));
    java.net.URI tsaUrl = tsa != null ? tsa.url() : tsaProcess != null ? tsaProcess.url() : null;
    try {
      PdfSigner.Builder b = PdfSigner.builder(fx.kysoKey).level(level).trust(TrustAnchors.of(root));
      if (tsaUrl != null) {
        b.timestamps(TimestampService.of(tsaUrl));
      }
      PdfSigner signer = b.build();
      Timed timed = new Timed(fx.kysoKey);
      List<SigningBatch.Task> tasks = new ArrayList<>(n);
      // -Dkyso.bench.phases=true: the working threads' processor time in begin (checks, plan, digest) and in stage
      // (embed, check the value) apart, per document
      Phases phases = Boolean.getBoolean("kyso.bench.phases") ? new Phases(signer) : null;
      for (Path in : inputs) {
        tasks.add(new SigningBatch.Task(in, out.resolve(in.getFileName()), phases != null ? phases : signer));
      }
      int warmup = Integer.getInteger("kyso.bench.warmup", 0);
      if (warmup > 0) {
        // not the figure (a fresh JVM): separates the JIT's warm-up from the steady cost
        Path warm = Files.createDirectories(dir.resolve("warm-" + ProcessHandle.current().pid()));
        List<SigningBatch.Task> w = new ArrayList<>();
        for (int i = 0; i < warmup; i++) {
          Path in = inputs.get(i % inputs.size());
          w.add(new SigningBatch.Task(in, warm.resolve(i + "-" + in.getFileName()), signer));
        }
        SigningBatch.builder(fx.kysoKey).jobs(jobs).build().sign(w);
        BatchSignBench.deleteTree(warm);
        System.out.println("after an unmeasured warm-up batch of " + warmup + " documents (not a fresh JVM):");
      }
      String loadBefore = load();
      ThreadCpu cpu = ThreadCpu.start();
      long process0 = processCpu();
      long tsaCpu0 = tsa == null ? 0 : tsa.cpuNanos();
      long[] tsaStats0 = tsaProcess == null ? null : tsaProcess.stats();
      long tsaProcessCpu0 = tsaProcess == null ? 0 : tsaProcess.processCpuNanos();
      if (tsaProcess != null && Boolean.getBoolean("kyso.bench.tsa.threads")) {
        tsaProcess.threads();
      }
      long t0 = System.nanoTime();
      AtomicLong finished = new AtomicLong();
      long[] half = new long[1];
      List<SigningBatch.Outcome> outcomes = SigningBatch.builder(timed).jobs(jobs)
          .timestampRequests(Integer.getInteger("kyso.bench.tsa.requests", SigningBatch.DEFAULT_TIMESTAMP_REQUESTS))
          .listener(o -> {
        if (finished.incrementAndGet() == n / 2) {
          half[0] = cpu.jobThreadsNow(); // JIT warm-up shows as the first half costing more than the second
        }
      }).build().sign(tasks);
      long wall = System.nanoTime() - t0;
      long tsaCpu = tsa == null ? 0 : tsa.cpuNanos() - tsaCpu0;
      long tsaProcessCpu = tsaProcess == null ? 0 : tsaProcess.processCpuNanos() - tsaProcessCpu0;
      long[] tsaStats = tsaProcess == null ? null : tsaProcess.stats();
      if (tsaProcess != null && Boolean.getBoolean("kyso.bench.tsa.threads")) {
        tsaProcess.threads();
      }
      long process = processCpu() - process0 - tsaCpu;
      Map<String, Long> byKind = cpu.stop();
      String loadAfter = load();
      long failed = outcomes.stream().filter(o -> !o.signed()).count();
      if (failed > 0) {
        System.err.println("failed: " + outcomes.stream().filter(o -> !o.signed()).findFirst().orElseThrow());
      }
      Floor floor = floor(fx.kysoKey, inputs);
      double perDoc = wall / 1e6 / n;
      long jobCpu = byKind.getOrDefault("kyso-batch-job", 0L);
      long javaThreads = byKind.values().stream().mapToLong(Long::longValue).sum();
      long batchThreads = byKind.entrySet().stream().filter(e -> e.getKey().startsWith("kyso-batch-"))
          .mapToLong(Map.Entry::getValue).sum();
      StringBuilder kinds = new StringBuilder();
      byKind.forEach((k, v) -> kinds.append(String.format(Locale.ROOT, " %s=%.3f", k, v / 1e6 / n)));
      System.out.printf(Locale.ROOT, "level=%s jobs=%d n=%d failed=%d docs/s=%.1f wall/doc=%.3f ms%s%n",
          level.label(), jobs, n, failed, n / (wall / 1e9), perDoc, tsa != null
              ? String.format(Locale.ROOT, " tsa(in this JVM)-cpu/doc=%.3f ms tsa-delay=%dms tsa-most-concurrent=%d",
                  tsaCpu / 1e6 / n, delay, tsa.mostConcurrentRequests())
              : tsaProcess != null ? String.format(Locale.ROOT, " tsa(own JVM, warm) handler-cpu/doc=%.3f ms"
                  + " process-cpu/doc=%.3f ms requests=%d tsa-delay=%dms tsa-most-concurrent=%d",
                  (tsaStats[0] - tsaStats0[0]) / 1e6 / n, tsaProcessCpu / 1e6 / n, tsaStats[1] - tsaStats0[1], delay,
                  tsaStats[2]) : "");
      System.out.printf(Locale.ROOT, "  cpu/doc ms by thread:%s | all batch threads %.3f | in key %.3f | process %.3f"
          + " (jvm: jit, gc %.3f)%n", kinds, batchThreads / 1e6 / n, timed.cpu.get() / 1e6 / n, process / 1e6 / n,
          Math.max(0, process - javaThreads) / 1e6 / n);
      if (phases != null) {
        System.out.printf(Locale.ROOT, "  working threads cpu/doc ms: begin %.3f (checks, plan, digest), stage"
            + " %.3f (embed, check the value); the rest is the batch's own handling%n", phases.begin.get() / 1e6 / n,
            phases.stage.get() / 1e6 / n);
      }
      System.out.printf(Locale.ROOT, "  key threads cpu/doc ms: first half %.3f, second half %.3f%n",
          half[0] / 1e6 / (n / 2), (jobCpu - half[0]) / 1e6 / (n - n / 2));
      System.out.printf(Locale.ROOT, "  floor/doc ms: cpu %.3f wall %.3f (read + SHA-256 + one signature, one"
          + " thread)%n", floor.cpuMs, floor.wallMs);
      System.out.printf(Locale.ROOT, "  key threads (kyso-batch-job) cpu/doc / floor cpu/doc = %.2f  [target <= 1.15];"
          + " wall x jobs / floor wall = %.2f; load %s -> %s%n", jobCpu / 1e6 / n / floor.cpuMs,
          perDoc * jobs / floor.wallMs, loadBefore, loadAfter);
      System.out.printf(Locale.ROOT, "RESULT jobs=%d docs/s=%.1f keycpu/floor=%.3f%n", jobs, n / (wall / 1e9),
          jobCpu / 1e6 / n / floor.cpuMs);
    } finally {
      if (tsa != null) {
        tsa.close();
      }
      if (tsaProcess != null) {
        tsaProcess.close();
      }
      BatchSignBench.deleteTree(out);
      fx.close();
    }
  }

  /**
   * The floor alone in a fresh JVM: N documents read, hashed and signed by JOBS threads (no PDF work, nothing
   * written), then the warm floor in the same JVM. What no batch of this JVM can beat: the JIT's cost of the JDK's own
   * RSA and SHA-256 code, and how far a second thread gains on two cores while the JIT works.
   */
  private static void coldFloor(Path dir, int n, int jobs) throws Exception {
    Fixtures fx = Fixtures.create(dir.resolve("keys"));
    List<Path> inputs = Files.isDirectory(dir.resolve("in-" + n)) ? list(dir.resolve("in-" + n))
        : Inputs.copies(Inputs.pdf50k(dir), dir.resolve("in-" + n), n);
    try {
      SignatureAlgorithm alg = fx.kysoKey.algorithmFor(DigestAlgorithm.SHA256);
      java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
      ThreadCpu cpu = ThreadCpu.start();
      long process0 = processCpu();
      long t0 = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
      for (int j = 0; j < jobs; j++) {
        Thread t = new Thread(() -> {
          try {
            for (int i; (i = next.getAndIncrement()) < n; ) {
              byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(inputs.get(i)));
              fx.kysoKey.signDigest(alg, d);
            }
          } catch (Exception e) {
            failure.set(e);
          }
        }, "kyso-batch-job-" + j);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      long wall = System.nanoTime() - t0;
      long process = processCpu() - process0;
      Map<String, Long> byKind = cpu.stop();
      if (failure.get() != null) {
        throw failure.get();
      }
      Floor warm = floor(fx.kysoKey, inputs);
      long jobCpu = byKind.getOrDefault("kyso-batch-job", 0L);
      long javaThreads = byKind.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf(Locale.ROOT, "floor alone, fresh JVM: jobs=%d n=%d docs/s=%.1f wall/doc=%.3f ms%n", jobs, n,
          n / (wall / 1e9), wall / 1e6 / n);
      System.out.printf(Locale.ROOT, "  cpu/doc ms: floor threads %.3f | process %.3f (jvm: jit, gc %.3f) | warm floor"
          + " %.3f (wall %.3f); cold/warm = %.2f%n", jobCpu / 1e6 / n, process / 1e6 / n,
          Math.max(0, process - javaThreads) / 1e6 / n, warm.cpuMs, warm.wallMs, jobCpu / 1e6 / n / warm.cpuMs);
      System.out.printf(Locale.ROOT, "RESULT jobs=%d docs/s=%.1f keycpu/floor=%.3f%n", jobs, n / (wall / 1e9),
          jobCpu / 1e6 / n / warm.cpuMs);
    } finally {
      fx.close();
    }
  }

  /** Runs each JOBS value in a fresh JVM (in the order given) and prints docs/s of each ÷ that of the first. */
  private static void compare(String[] args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Pattern result = Pattern.compile("RESULT jobs=(\\d+) docs/s=([0-9.]+) keycpu/floor=([0-9.]+)");
    List<double[]> results = new ArrayList<>();
    for (String jobs : args[2].split(",")) {
      // the same JVM options as this run (e.g. the collector the launcher picks for `sign batch`)
      List<String> cmd = new ArrayList<>(List.of(java));
      cmd.addAll(jvmOptions());
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BatchFloor.class.getName(), args[0], args[1],
          jobs.strip()));
      cmd.addAll(List.of(args).subList(3, args.length));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          Matcher m = result.matcher(line);
          if (m.find()) {
            results.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3))});
          } else {
            System.out.println(line);
          }
        }
      }
      if (p.waitFor() != 0) {
        System.err.println("the run with jobs " + jobs + " failed");
        System.exit(1);
      }
    }
    StringBuilder s = new StringBuilder("docs/s ratio to jobs=" + (int) results.get(0)[0] + ":");
    for (double[] r : results) {
      s.append(String.format(Locale.ROOT, " jobs=%d %.2f (key cpu/floor %.2f)", (int) r[0], r[1] / results.get(0)[1],
          r[2]));
    }
    System.out.println(s.append(" [target: jobs=2 >= 1.8 on 2 idle cores]"));
  }

  /** This JVM's own options that shape the runs (-XX:, -X, -D), to give each fresh JVM the same; agents left out. */
  private static List<String> jvmOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-XX:") || a.startsWith("-D") || a.startsWith("-Xm") || a.startsWith("-Xs"))
        .filter(a -> !a.startsWith("-XX:StartFlightRecording") && !a.startsWith("-XX:FlightRecorder"))
        .toList();
  }

  /** The floor, per document. */
  record Floor(double cpuMs, double wallMs) {}

  /** Per document: read the file, SHA-256 of it, one signature of that digest; one thread, one after the other. */
  static Floor floor(SigningKey key, List<Path> inputs) throws Exception {
    SignatureAlgorithm alg = key.algorithmFor(DigestAlgorithm.SHA256);
    long c0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (Path in : inputs) {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(in));
      key.signDigest(alg, d);
    }
    long wall = System.nanoTime() - t0;
    long cpu = THREADS.getCurrentThreadCpuTime() - c0;
    return new Floor(cpu / 1e6 / inputs.size(), wall / 1e6 / inputs.size());
  }

  private static long processCpu() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + "/" + f[1];
    } catch (Exception e) {
      return "?";
    }
  }

  private static List<Path> list(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  /**
   * The processor time of every Java thread during the batch, by kind (its name without the trailing number). The
   * batch's threads end before {@code sign} returns, so they are sampled every 5 ms while they live; a thread's last
   * 5 ms at most are missed (0.005 ms per document for 1,000 documents). Threads alive at the start count from there.
   */
  private static final class ThreadCpu implements Runnable {
    private final Map<Long, Long> first = new ConcurrentHashMap<>();
    private final Map<Long, Long> last = new ConcurrentHashMap<>();
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final Thread sampler = new Thread(this, "bench-cpu-sampler");
    private volatile boolean running = true;

    static ThreadCpu start() {
      ThreadCpu c = new ThreadCpu();
      c.sample(true);
      c.sampler.setDaemon(true);
      c.sampler.start();
      return c;
    }

    @Override
    public void run() {
      while (running) {
        sample(false);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void sample(boolean initial) {
      for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
        // the sampler counts itself (bench-cpu-sampler), so that its cost is not taken for the JIT's or the GC's
        if (info == null) {
          continue;
        }
        long id = info.getThreadId();
        long t = THREADS.getThreadCpuTime(id);
        if (t < 0) {
          continue;
        }
        names.putIfAbsent(id, info.getThreadName());
        first.putIfAbsent(id, initial ? t : 0);
        last.put(id, t);
      }
    }

    /** The processor time the working threads used since the start, now. */
    long jobThreadsNow() {
      long sum = 0;
      for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
        if (info != null && info.getThreadName().startsWith("kyso-batch-job")) {
          long t = THREADS.getThreadCpuTime(info.getThreadId());
          sum += Math.max(0, t - first.getOrDefault(info.getThreadId(), 0L));
        }
      }
      return sum;
    }

    Map<String, Long> stop() throws InterruptedException {
      running = false;
      sampler.join();
      sample(false);
      Map<String, Long> byKind = new TreeMap<>();
      last.forEach((id, t) -> {
        String kind = names.get(id).replaceAll("-\\d+$", "");
        byKind.merge(kind, t - first.getOrDefault(id, 0L), Long::sum);
      });
      byKind.values().removeIf(v -> v < 1_000_000); // below 1 ms in all: noise
      return byKind;
    }
  }

  /** A signer that adds up its callers' processor time in {@code begin} and in the pending document's {@code stage}. */
  private static final class Phases implements org.kyso.core.DocumentSigner {
    final AtomicLong begin = new AtomicLong();
    final AtomicLong stage = new AtomicLong();
    private final org.kyso.core.DocumentSigner signer;

    Phases(org.kyso.core.DocumentSigner signer) {
      this.signer = signer;
    }

    @Override
    public void sign(Path in, Path out) throws KysoException {
      signer.sign(in, out);
    }

    @Override
    public byte[] sign(byte[] document) throws KysoException {
      return signer.sign(document);
    }

    @Override
    public org.kyso.core.PreparedSignature prepare(byte[] document) throws KysoException {
      return signer.prepare(document);
    }

    @Override
    public byte[] complete(byte[] document, org.kyso.core.PreparedSignature prepared, byte[] signatureValue)
        throws KysoException {
      return signer.complete(document, prepared, signatureValue);
    }

    @Override
    public SignatureAlgorithm algorithm() {
      return signer.algorithm();
    }

    @Override
    public Level level() {
      return signer.level();
    }

    @Override
    public byte[] readInput(Path in) throws KysoException {
      return signer.readInput(in);
    }

    @Override
    public Pending begin(Path in, byte[] document, Path out) throws KysoException {
      long c0 = THREADS.getCurrentThreadCpuTime();
      Pending p = signer.begin(in, document, out);
      begin.addAndGet(THREADS.getCurrentThreadCpuTime() - c0);
      return new Pending() {
        @Override
        public org.kyso.core.PreparedSignature prepared() {
          return p.prepared();
        }

        @Override
        public void complete(byte[] signatureValue) throws KysoException {
          p.complete(signatureValue);
        }

        @Override
        public boolean waitsForTimestamp() {
          return p.waitsForTimestamp();
        }

        @Override
        public Staged stage(byte[] signatureValue) throws KysoException {
          long c1 = THREADS.getCurrentThreadCpuTime();
          try {
            return p.stage(signatureValue);
          } finally {
            stage.addAndGet(THREADS.getCurrentThreadCpuTime() - c1);
          }
        }
      };
    }
  }

  /** The key, timing each signature on the calling thread (wall and that thread's CPU). */
  /** The key, with the wall and CPU time its callers spend inside {@code signDigest}; closing it leaves the key open. */
  private static final class Timed extends ForwardingKey {
    final AtomicLong wall = new AtomicLong();
    final AtomicLong cpu = new AtomicLong();

    Timed(SigningKey key) {
      super(key);
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
    public void close() {}
  }
}
