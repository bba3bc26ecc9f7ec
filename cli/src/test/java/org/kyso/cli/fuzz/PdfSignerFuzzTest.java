package org.kyso.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.PdfSigner;
import org.kyso.token.Keys;

/**
 * The PDF incremental writer (the fast path, and the general signer it falls back to) on arbitrary bytes, seeded
 * with PDFs ({@code PdfSignerFuzzTestInputs/sign}): a signed PDF that starts with the original bytes, or a kyso
 * exception.
 */
class PdfSignerFuzzTest {
  private static PdfSigner signer;

  private static synchronized PdfSigner signer() throws Exception {
    if (signer == null) {
      Path dir = Files.createTempDirectory("kyso-fuzz");
      Path p12 = TestPki.writeP12(DevPki.create().person("Nguyễn Văn Fuzz"), dir.resolve("k.p12"), "fuzz");
      SigningKey key = Keys.open("p12:" + p12, PinSource.of("fuzz".toCharArray()));
      signer = PdfSigner.builder(key).build();
      Files.delete(p12);
      Files.delete(dir);
    }
    return signer;
  }

  @FuzzTest(maxDuration = "30s")
  void sign(byte[] pdf) throws Exception {
    byte[] signed;
    try {
      signed = signer().sign(pdf);
    } catch (KysoException e) {
      Outcomes.accept(e);
      return;
    }
    // an incremental update: what was there stays byte for byte
    assertThat(signed.length).isGreaterThan(pdf.length);
    assertThat(Arrays.equals(signed, 0, pdf.length, pdf, 0, pdf.length)).isTrue();
  }
}
