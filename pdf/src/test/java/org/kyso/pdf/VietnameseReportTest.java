package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.KeySelector;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.token.pkcs12.Pkcs12Token;

/**
 * A document signed and verified for real, read in Vietnamese: DSS's messages come out in Vietnamese too, not as
 * English sentences in the middle of the report.
 */
class VietnameseReportTest {
  @TempDir Path dir;

  @Test
  void dssMessagesOfARealReportAreVietnamese() throws Exception {
    // DevPki certificates name no CRL or OCSP address: DSS warns that revocation access is not present
    DevPki pki = DevPki.create();
    Path p12 = dir.resolve("an.p12");
    DevPki.writePkcs12(pki.person("Nguyễn Văn An"), "an", "pw".toCharArray(), p12);
    Path signed = dir.resolve("signed.pdf");
    try (Pkcs12Token token = Pkcs12Token.open(p12, PinSource.of("pw".toCharArray()));
        SigningKey key = token.key(KeySelector.any())) {
      Files.write(signed, PdfSigner.builder(key).build().sign(org.kyso.core.testing.MinimalPdf.bytes()));
    }

    VerificationReport report = Verifier.builder().formats(PdfVerification.format())
        .trust(TrustAnchors.of(pki.root().certificate())).offline(true)
        .build().verify(signed);
    assertThat(report.signatures().get(0).indication()).isEqualTo(Indication.INDETERMINATE);

    String vi = ReportFormats.text(List.of(report), Locale.forLanguageTag("vi"));
    String en = ReportFormats.text(List.of(report), Locale.ENGLISH);
    assertThat(en).contains("The revocation info access is not present!");
    assertThat(vi).contains("Chứng thư số không ghi địa chỉ tra cứu thông tin thu hồi")
        .doesNotContain("is not present").doesNotContain("revocation");
  }
}
