package org.kyso.examples;

import java.nio.file.Path;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.Appearance;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.PdfVerification;
import org.kyso.token.Keys;

/**
 * The README's first example: sign a PDF with a PKCS#12 key (visible box with the signer and the time), then
 * verify it. Run: {@code QuickStart IN.pdf OUT.pdf KEY.p12 ROOT.pem} with the key's password in {@code KYSO_PIN}.
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws KysoException {
    VerificationReport report = signThenVerify(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]),
        PinSource.environment("KYSO_PIN"), Path.of(args[3]));
    System.out.println(report.file() + ": " + report.verdict());
  }

  public static VerificationReport signThenVerify(Path in, Path out, Path p12, PinSource pin, Path rootPem)
      throws KysoException {
    // README:begin
    try (SigningKey key = Keys.open("p12:" + p12, pin)) {
      PdfSigner signer = PdfSigner.builder(key)
          .appearance(Appearance.signerInfo())
          .reason("Phê duyệt").location("Đà Nẵng")
          .build();                                   // immutable, thread-safe: reuse it for many files
      signer.sign(in, out);                           // writes out atomically; nothing left on failure
    }
    Verifier verifier = Verifier.builder().formats(PdfVerification.format()) // the formats it judges
        .trust(TrustAnchors.fromPem(rootPem)).build();
    VerificationReport report = verifier.verify(out); // report.verdict() == TOTAL_PASSED
    // README:end
    return report;
  }
}
