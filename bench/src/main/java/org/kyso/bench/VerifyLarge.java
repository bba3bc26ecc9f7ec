package org.kyso.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfVerification;
import org.kyso.xml.XmlVerification;

/**
 * Verifies one large file through kyso's public {@link Verifier} with the size limit raised (the CLI keeps the
 * default 100 MiB): {@code java -Xmx256m -cp bench/target/benchmarks.jar org.kyso.bench.VerifyLarge FILE ROOT.pem}.
 * Offline; prints the English report, the time and the peak heap.
 */
public final class VerifyLarge {
  private VerifyLarge() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    VerificationReport r = Verifier.builder().formats(PdfVerification.format()
        , XmlVerification.format()).trust(TrustAnchors.fromPem(Path.of(args[1]))).offline(true)
        .maxFileSize(8L << 30).timeout(Duration.ofMinutes(30)).build().verify(Path.of(args[0]));
    long t1 = System.nanoTime();
    long peak = 0;
    for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.print(ReportFormats.text(List.of(r), Locale.ENGLISH));
    System.out.printf("verify=%.1fs peakHeap=%dMB maxHeap=%dMB%n", (t1 - t0) / 1e9, peak >> 20,
        Runtime.getRuntime().maxMemory() >> 20);
  }
}
