package org.kyso.cli.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import org.kyso.core.KysoException;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfVerification;

/**
 * The PDF verifier on arbitrary bytes, seeded with kyso's own signed and unsigned PDFs and the issue 20 findings
 * ({@code PdfVerifierFuzzTestInputs/verify}): it answers with a report or a kyso exception, never anything else.
 */
class PdfVerifierFuzzTest {
  private static final Verifier VERIFIER = Verifier.builder().formats(PdfVerification.format())
      .offline(true).timeout(Duration.ofSeconds(60)).build();

  @FuzzTest(maxDuration = "30s")
  void verify(byte[] pdf) {
    try {
      VERIFIER.verify(pdf, "fuzz.pdf");
    } catch (KysoException e) {
      Outcomes.accept(e);
    }
  }
}
