package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.PreparedSignature;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.SampleLetter;

/**
 * {@code PdfCmsSigner.Builder.password} (issue 14), as {@link PasswordProtectedSigningTest} has it for
 * {@code PdfSigner}: qpdf encrypts the input (AES-256, user and owner passwords), a provider's CMS is embedded, and
 * qpdf, pdfsig and kyso's verifier judge the output; a missing or wrong password is one sentence from
 * {@code prepare}, so the provider is never asked.
 */
class PdfCmsSignerPasswordTest {
  private static final String USER = PasswordProtectedSigningTest.UNICODE_USER;
  private static final String OWNER = PasswordProtectedSigningTest.OWNER;
  private static TestPki pki;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  private Path encrypted() throws Exception {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    Path in = Files.write(dir.resolve("letter.pdf"), SampleLetter.create());
    Path out = dir.resolve("enc-256.pdf");
    ExternalTools.Result r = ExternalTools.run(List.of(qpdf.toString(), "--encrypt", USER, OWNER, "256", "--",
        in.toString(), out.toString()));
    assertThat(r.exitCode()).as(r.all()).isIn(0, 3); // 3: the sample's trailer /Size, rewritten
    return out;
  }

  private static String encryption(Path pdf) {
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    ExternalTools.Result r = ExternalTools.run(List.of(qpdf.toString(), "--show-encryption", "--password=" + USER,
        pdf.toString()));
    assertClean(r);
    return r.stdout().lines().filter(l -> !l.startsWith("Supplied password")).reduce("", (a, b) -> a + b + "\n");
  }

  /** qpdf's exit 0 and no warning: the incremental save is PdfSigner's (no /Size or padding left wrong). */
  private static void assertClean(ExternalTools.Result r) {
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.all()).as(r.all()).doesNotContainIgnoringCase("warning");
  }

  @Test
  void aProvidersCmsIsEmbeddedInAProtectedDocumentThatStaysEncrypted() throws Exception {
    Path in = encrypted();
    byte[] pdf = Files.readAllBytes(in);
    DevPki.Identity an = pki.pki().person(SampleLetter.SIGNER);
    PdfCmsSigner signer = PdfCmsSigner.builder().reason("Phê duyệt").password(USER.toCharArray()).build();
    PreparedSignature p = signer.prepare(pdf);
    Path out = Files.write(dir.resolve("signed.pdf"), signer.complete(pdf, p, PdfCmsSignerTest.providerCms(an,
        p.digest())));
    assertThat(encryption(out)).as("the same encryption").isEqualTo(encryption(in)).contains("R = 6");
    Path qpdf = ExternalTools.require("qpdf", "qpdf");
    ExternalTools.Result check = ExternalTools.run(List.of(qpdf.toString(), "--check", "--password=" + USER,
        out.toString()));
    assertClean(check);
    assertThat(check.all().replace("No syntax or stream encoding errors found; the file may still contain", "")
        .replace("errors that qpdf cannot detect", "")).doesNotContainIgnoringCase("error");
    Judges.assertPdfsigPasses(out, pki.pki().root().certificate(), 1, List.of("-upw", USER));
    VerificationReport r = Verifier.builder().formats(PdfVerification.format())
        .trust(TrustAnchors.of(pki.pki().root().certificate())).password(USER.toCharArray()).build().verify(out);
    assertThat(r.signatures()).hasSize(1);
    assertThat(r.verdict()).as("%s", r.signatures().get(0).findings()).isEqualTo(Verdict.TOTAL_PASSED);
  }

  @Test
  void aMissingOrWrongPasswordIsOneSentenceAndTheProviderIsNotAsked() throws Exception {
    byte[] pdf = Files.readAllBytes(encrypted());
    AtomicInteger asked = new AtomicInteger();
    DevPki.Identity an = pki.pki().person(SampleLetter.SIGNER);
    for (PdfCmsSigner signer : List.of(PdfCmsSigner.builder().build(),
        PdfCmsSigner.builder().password("sai-mật-khẩu".toCharArray()).build())) {
      assertThatThrownBy(() -> {
        PreparedSignature p = signer.prepare(pdf);
        asked.incrementAndGet();
        signer.complete(pdf, p, PdfCmsSignerTest.providerCms(an, p.digest()));
      }).isInstanceOf(DocumentException.class)
          .hasMessageContaining("is protected by a password")
          .hasMessageContaining("--password-env")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sai-mật-khẩu").doesNotContain("org.apache")
              .doesNotContain("Exception").doesNotContain("\n"));
    }
    assertThat(asked).as("digests sent to the provider").hasValue(0);
  }
}
