package org.kyso.pdf.internal.fast;

import java.nio.file.Path;
import org.kyso.core.KeySelector;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.PdfVerification;
import org.kyso.token.pkcs12.Pkcs12Token;

/**
 * Signs and verifies one file through kyso's public API, in a JVM of its own (the test starts it with a small
 * heap): {@code LargeFileMain KEY.p12 PASSWORD ROOT.pem IN.pdf OUT.pdf}. Prints the verdict and the peak heap.
 */
public final class LargeFileMain {
  public static void main(String[] args) throws Exception {
    Path p12 = Path.of(args[0]);
    char[] password = args[1].toCharArray();
    TrustAnchors trust = TrustAnchors.fromPem(Path.of(args[2]));
    Path in = Path.of(args[3]);
    Path out = Path.of(args[4]);
    long t0 = System.nanoTime();
    try (Pkcs12Token token = Pkcs12Token.open(p12, PinSource.of(password));
        SigningKey key = token.key(KeySelector.any())) {
      PdfSigner.builder(key).build().sign(in, out);
    }
    long t1 = System.nanoTime();
    // the default limit (100 MiB) guards servers against oversized uploads; this file is large on purpose
    VerificationReport r = Verifier.builder().formats(PdfVerification.format()).trust(trust).maxFileSize(4L << 30)
        .timeout(java.time.Duration.ofMinutes(10)).build().verify(out);
    long t2 = System.nanoTime();
    long peak = 0;
    for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("verdict=%s sign=%.1fs verify=%.1fs peakHeap=%dMB maxHeap=%dMB%n", r.verdict(),
        (t1 - t0) / 1e9, (t2 - t1) / 1e9, peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
  }
}
