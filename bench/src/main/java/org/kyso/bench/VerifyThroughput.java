package org.kyso.bench;

import com.sun.management.OperatingSystemMXBean;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfVerification;
import org.kyso.xml.XmlVerification;

/**
 * In-process companion of {@link VerifyThroughputBench} for a shared machine: one {@link Verifier} (PDF and XML
 * formats, offline, test root trusted), a fixed pool of 1 and then 2 threads verifying the same signed PDF, rounds
 * interleaved; per round, documents per second of wall time and the process's CPU time per document (all threads,
 * JIT and GC included), which other processes' load moves far less than wall time. Capacity of two idle cores is
 * about 2 ÷ CPU per document.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.kyso.bench.VerifyThroughput 50k 400 6   # input, docs per round, rounds
 * </pre>
 */
public final class VerifyThroughput {
  private VerifyThroughput() {}

  public static void main(String[] args) throws Exception {
    String input = args.length > 0 ? args[0] : "50k";
    int docs = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    Path dir = Fixtures.dir();
    try (Fixtures fixtures = Fixtures.create(dir.resolve("keys"))) {
      Path in = switch (input) {
        case "50k" -> Inputs.pdf50k(dir);
        case "5m" -> Inputs.pdf5m(dir);
        case "2000p" -> Inputs.pdf2000p(dir);
        default -> throw new IllegalArgumentException(input);
      };
      Path signed = dir.resolve("signed-tp-" + input + ".pdf");
      DSSDocument doc = new DssPlain(fixtures.dssToken, fixtures.dssKey)
          .signPades(new InMemoryDocument(Files.readAllBytes(in)));
      doc.save(signed.toString());
      Verifier verifier = Verifier.builder().formats(PdfVerification.format(), XmlVerification.format())
          .trust(TrustAnchors.of(fixtures.pki.root().certificate())).offline(true).build();
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      System.out.printf(Locale.ROOT, "%s (%d bytes), %d documents per round, load %s%n", input, Files.size(signed),
          docs, Files.readString(Path.of("/proc/loadavg")).trim());
      for (int round = 1; round <= rounds; round++) {
        for (int threads = 1; threads <= 2; threads++) {
          ExecutorService pool = Executors.newFixedThreadPool(threads);
          AtomicInteger left = new AtomicInteger(docs);
          AtomicInteger indeterminate = new AtomicInteger();
          long cpu0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          List<Future<?>> all = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            all.add(pool.submit(() -> {
              while (left.getAndDecrement() > 0) {
                if (verifier.verify(signed).verdict() == Verdict.INDETERMINATE) {
                  indeterminate.incrementAndGet();
                }
              }
              return null;
            }));
          }
          for (Future<?> f : all) {
            f.get();
          }
          long wall = System.nanoTime() - t0;
          long cpu = os.getProcessCpuTime() - cpu0;
          pool.shutdown();
          System.out.printf(Locale.ROOT, "round %d threads %d: %7.1f docs/s wall, %6.2f ms CPU per doc "
              + "(%d INDETERMINATE of %d), load %s%n", round, threads, docs / (wall / 1e9), cpu / 1e6 / docs,
              indeterminate.get(), docs, Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0]);
        }
      }
    }
  }
}
