package org.kyso.bench;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestTsa;

/**
 * kyso-testing's loopback TSA ({@link TestTsa}) in a JVM of its own, for the B-T batch figures: a real TSA runs on
 * another machine, has answered requests before, and its processor time is not the signer's. This one still shares
 * the signer's cores (there is no other machine here), but its JIT warm-up happens before the measured batch and its
 * processor time is read apart. It answers every request with a real RFC 3161 token over the request's imprint and
 * nonce, signed with the TSA key of the PKCS#12 file it is given, after {@code DELAY_MS}.
 *
 * <pre>
 * java -cp benchmarks.jar org.kyso.bench.TsaProcess TSA.p12 DELAY_MS [WARM_REQUESTS]
 * </pre>
 *
 * <p>Prints {@code READY <url>} once warm (the warm-up requests answered at once, then the JIT's queue drained); then reads commands on standard input: {@code cpu} prints {@code CPU
 * <handler nanos> <requests> <most concurrent>}; end of input stops it. {@link #start} does all that from the
 * parent.
 */
public final class TsaProcess implements Closeable {
  static final char[] PASSWORD = "bench-only".toCharArray();

  private final Process process;
  private final BufferedReader out;
  private final PrintStream in;
  private final URI url;

  private TsaProcess(Process process) throws IOException {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
      // skip anything else the child prints
    }
    if (line == null) {
      throw new IOException("the TSA process ended before it was ready");
    }
    this.url = URI.create(line.substring("READY ".length()).strip());
  }

  /**
   * Writes {@code identity} to {@code dir}/tsa.p12, starts the TSA in a JVM of its own with the same class path, and
   * returns once it has answered {@code warm} requests (unmeasured) and is ready.
   */
  public static TsaProcess start(DevPki.Identity identity, Path dir, long delayMs, int warm) throws IOException {
    Path p12 = dir.resolve("tsa.p12");
    Files.deleteIfExists(p12);
    DevPki.writePkcs12(identity, "tsa", PASSWORD, p12);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // TCP_NODELAY on the server's sockets: the JDK's HttpServer writes headers and body apart, and without it each
    // answer waits ~40 ms for the client's delayed acknowledgement (the TSA would answer in ~240 ms, not DELAY_MS)
    List<String> cmd = new ArrayList<>(List.of(java, "-Dsun.net.httpserver.nodelay=true"));
    String extra = System.getProperty("kyso.bench.tsa.jvm", "").strip(); // e.g. -Xlog:gc, to look inside the TSA
    if (!extra.isEmpty()) {
      cmd.addAll(List.of(extra.split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TsaProcess.class.getName(), p12.toString(),
        Long.toString(delayMs), Integer.toString(warm)));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new TsaProcess(p);
  }

  public URI url() {
    return url;
  }

  /** The TSA's handler time, requests and most concurrent requests so far: {@code {cpuNanos, requests, most}}. */
  public long[] stats() throws IOException {
    in.println("cpu");
    String line = out.readLine();
    if (line == null || !line.startsWith("CPU ")) {
      throw new IOException("the TSA process did not answer");
    }
    String[] f = line.split(" ");
    return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])};
  }

  /** Has the TSA print its threads' processor time by kind on standard error (ours). */
  void threads() {
    in.println("threads");
  }

  /** The whole TSA process's processor time so far (every thread: handlers, HTTP server, JIT, GC), in ns. */
  public long processCpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }

  @Override
  public void close() {
    in.close();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
      }
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
    }
  }

  public static void main(String[] args) throws Exception {
    Path p12 = Path.of(args[0]);
    long delay = Long.parseLong(args[1]);
    int warm = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream s = Files.newInputStream(p12)) {
      ks.load(s, PASSWORD);
    }
    PrivateKey key = (PrivateKey) ks.getKey("tsa", PASSWORD);
    List<X509Certificate> chain = new ArrayList<>();
    for (Certificate c : ks.getCertificateChain("tsa")) {
      chain.add((X509Certificate) c);
    }
    try (TestTsa tsa = TestTsa.start(new DevPki.Identity(key, chain.get(0), chain))) {
      // the measured requests' path (SLOW: a wait, then the token), on as many connections and threads as a batch
      // opens: compiled before, not deoptimised by the first measured request
      tsa.mode(TestTsa.Mode.SLOW).slowDelay(Duration.ZERO);
      warm(tsa.url(), warm);
      quiet();
      tsa.slowDelay(Duration.ofMillis(delay));
      System.out.println("READY " + tsa.url());
      System.out.flush();
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String c; (c = commands.readLine()) != null; ) {
        if (c.strip().equals("cpu")) {
          System.out.println("CPU " + tsa.cpuNanos() + " " + tsa.requests() + " " + tsa.mostConcurrentRequests());
          System.out.flush();
        } else if (c.strip().equals("threads")) {
          var mx = java.lang.management.ManagementFactory.getThreadMXBean();
          java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
          for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null) {
              byKind.merge(info.getThreadName().replaceAll("-?\\d+$", ""), mx.getThreadCpuTime(info.getThreadId()),
                  Long::sum);
            }
          }
          System.err.println("TSA threads cpu ms: " + byKind.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue() / 1_000_000).toList());
        }
      }
    }
  }

  /**
   * Waits until the JIT has compiled what the warm-up queued: the process uses under 5 ms of processor time in 200 ms
   * (at most 10 s), as a server that has been running would.
   */
  private static void quiet() throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      long c = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
      Thread.sleep(200);
      if (ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) - c < 5_000_000L) {
        return;
      }
    }
  }

  /** Asks for {@code n} tokens over 64 keep-alive connections, so that the JIT has compiled the TSA's path. */
  private static void warm(URI url, int n) throws Exception {
    int connections = 64;
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < connections; t++) {
        all.add(pool.submit(() -> {
          SecureRandom random = new SecureRandom();
          TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
          gen.setCertReq(true);
          for (int i = 0; i < n / connections; i++) {
            byte[] imprint = new byte[32];
            random.nextBytes(imprint);
            byte[] body = gen.generate(TSPAlgorithms.SHA256, imprint, BigInteger.valueOf(random.nextLong())).getEncoded();
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/timestamp-query");
            try (OutputStream o = c.getOutputStream()) {
              o.write(body);
            }
            try (InputStream r = c.getInputStream()) {
              TimeStampResponse resp = new TimeStampResponse(r.readAllBytes());
              if (resp.getTimeStampToken() == null) {
                throw new IllegalStateException("the TSA refused a warm-up request");
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
