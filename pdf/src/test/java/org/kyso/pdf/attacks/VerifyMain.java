package org.kyso.pdf.attacks;

import java.nio.file.Path;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfVerification;

/**
 * Verifies one file in a JVM of its own (the robustness tests start it with {@code -Xmx512m}) and prints one line:
 * {@code VERDICT <verdict> <max heap MiB>} or {@code REFUSED <exception class>: <message>}. Anything else — a crash,
 * an OutOfMemoryError escaping, a stack trace — makes the calling test fail.
 *
 * <p>Arguments: the file, then optionally a trusted root certificate (PEM).
 */
public final class VerifyMain {
  private VerifyMain() {}

  public static void main(String[] args) throws Exception {
    Verifier.Builder b = Verifier.builder().formats(PdfVerification.format()).offline(true);
    if (args.length > 1) {
      b.trust(TrustAnchors.fromPem(Path.of(args[1])));
    }
    try {
      var r = b.build().verify(Path.of(args[0]));
      System.out.println("VERDICT " + r.verdict() + " " + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    } catch (KysoException e) {
      System.out.println("REFUSED " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    System.exit(0);
  }
}
