package org.kyso.pdf.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.Decree30;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.PdfVerification;
import org.kyso.pdf.SignatureImage;
import org.kyso.pdf.testing.Images;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.SampleLetter;

/**
 * Changes made after a signature are acceptable when a later valid signature covers them (the clerk's issuance
 * signature covers the number and date stamped after the approval signature), and only then.
 */
class AttestedChangesTest {
  private static TestPki pki;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  private Verifier verifier() {
    return Verifier.builder().formats(PdfVerification.format())
        .trust(TrustAnchors.of(pki.pki().root().certificate())).build();
  }

  private byte[] approved() throws Exception {
    try (SigningKey an = TestKeys.p12(pki.pki().person(SampleLetter.SIGNER), dir, "an")) {
      return PdfSigner.builder(an).appearance(Decree30.approval(SignatureImage.png(Images.signaturePng())))
          .build().sign(SampleLetter.create());
    }
  }

  @Test
  void approvalThenIssuanceAreBothValidAndTheStampsAreNamedAsAttested() throws Exception {
    byte[] issued;
    try (SigningKey ward = TestKeys.p12(pki.pki().organisation("UBND phường Điện Biên"), dir, "ubnd")) {
      issued = PdfSigner.builder(ward).appearance(Decree30.issuance("15/QĐ-UBND", LocalDate.of(2026, 3, 5),
          SignatureImage.png(Images.sealPng()))).build().sign(approved());
    }
    VerificationReport r = verifier().verify(write("issued.pdf", issued));
    assertThat(r.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    SignatureResult approval = r.signatures().get(0);
    assertThat(approval.coversWholeDocument()).isFalse();
    assertThat(approval.modificationsAfterSigning()).isNotEmpty();
    assertThat(approval.warnings()).anyMatch(w -> w.contains("UBND phường Điện Biên"));
  }

  @Test
  void aPageAddedAfterTheLastSignatureIsStillCaughtEvenWithAnEarlierValidOne() throws Exception {
    byte[] tampered = PdfAttacks.addPage(approved());
    VerificationReport r = verifier().verify(write("tampered.pdf", tampered));
    assertThat(r.signatures()).singleElement().satisfies(s -> {
      assertThat(s.indication()).isNotEqualTo(Indication.TOTAL_PASSED);
      assertThat(s.modificationsAfterSigning()).anyMatch(m -> m.contains("page"));
    });
  }

  @Test
  void aLaterSignatureDoesNotLaunderChangesMadeAfterIt() throws Exception {
    byte[] signedTwice;
    try (SigningKey ward = TestKeys.p12(pki.pki().organisation("UBND phường Điện Biên"), dir, "ubnd")) {
      signedTwice = PdfSigner.builder(ward).build().sign(approved());
    }
    byte[] tampered = PdfAttacks.addPage(signedTwice);
    VerificationReport r = verifier().verify(write("tampered2.pdf", tampered));
    assertThat(r.verdict()).isNotEqualTo(Verdict.TOTAL_PASSED);
    assertThat(r.signatures()).allSatisfy(s -> assertThat(s.indication()).isNotEqualTo(Indication.TOTAL_PASSED));
  }

  private Path write(String name, byte[] content) throws Exception {
    Path p = dir.resolve(name);
    java.nio.file.Files.write(p, content);
    return p;
  }
}
