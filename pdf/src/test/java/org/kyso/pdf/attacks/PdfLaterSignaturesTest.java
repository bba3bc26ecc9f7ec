package org.kyso.pdf.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.ReportFormats;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.PdfVerification;

/**
 * What legitimately follows a signature must not be taken for an attack: a second signature (the organisation's
 * seal after the person's signature, overlapping it as Decree 30 asks), validation data (B-LT) and document
 * timestamps (B-LTA).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PdfLaterSignaturesTest {
  private TestPki pki;
  private PdfFixtures.Signer signer;
  private DevPki.Identity person;
  private DevPki.Identity organisation;
  private Verifier verifier;
  private Path dir;

  @BeforeAll
  void setUp() throws Exception {
    pki = TestPki.start();
    signer = new PdfFixtures.Signer(pki.pki());
    person = pki.pki().person("Nguyễn Văn An");
    organisation = pki.pki().organisation("UBND phường Điện Biên");
    verifier = Verifier.builder().formats(PdfVerification.format())
        .trust(TrustAnchors.of(pki.pki().root().certificate())).build();
    dir = Files.createDirectories(Path.of("target", "attack-corpus", "pdf"));
  }

  @AfterAll
  void tearDown() {
    pki.close();
  }

  private VerificationReport verify(String name, byte[] pdf) throws Exception {
    Path p = dir.resolve(name + ".pdf");
    Files.write(p, pdf);
    VerificationReport r = verifier.verify(p);
    // the reports are kept next to the corpus for a person to read
    Files.writeString(dir.resolve(name + ".vi.txt"), ReportFormats.text(List.of(r), ReportFormats.VIETNAMESE));
    Files.writeString(dir.resolve(name + ".en.txt"), ReportFormats.text(List.of(r), java.util.Locale.ENGLISH));
    Files.writeString(dir.resolve(name + ".json"), ReportFormats.json(List.of(r)));
    return r;
  }

  @Test
  void personThenOrganisationWithOverlappingSealBothPass() throws Exception {
    byte[] doc = PdfFixtures.document(PdfFixtures.Options.plain(1));
    byte[] first = signer.sign(doc, person, SignatureLevel.PAdES_BASELINE_B, new float[] {300, 600, 150, 60});
    byte[] second = signer.sign(first, organisation, SignatureLevel.PAdES_BASELINE_B, new float[] {250, 590, 80, 80});
    VerificationReport r = verify("person-then-organisation", second);
    assertThat(r.signatures()).hasSize(2);
    assertThat(r.verdict()).as(ReportFormats.text(List.of(r), java.util.Locale.ENGLISH))
        .isEqualTo(Verdict.TOTAL_PASSED);
    SignatureResult a = r.signatures().get(0);
    SignatureResult b = r.signatures().get(1);
    assertThat(List.of(a.signedBy(), b.signedBy())).containsExactlyInAnyOrder("Nguyễn Văn An",
        "UBND phường Điện Biên");
    SignatureResult earlier = a.coversWholeDocument() ? b : a;
    SignatureResult later = a.coversWholeDocument() ? a : b;
    assertThat(earlier.coversWholeDocument()).isFalse();
    assertThat(earlier.modificationsAfterSigning()).isEmpty();
    assertThat(earlier.warnings()).anySatisfy(w -> assertThat(w).contains("overlap on page 1"));
    assertThat(later.coversWholeDocument()).isTrue();
  }

  @Test
  void validationDataAndArchiveTimestampsKeepSignaturesPassing() throws Exception {
    byte[] doc = PdfFixtures.document(PdfFixtures.Options.plain(1));
    byte[] lt = signer.sign(doc, person, SignatureLevel.PAdES_BASELINE_LT);
    VerificationReport rLt = verify("b-lt", lt);
    assertThat(rLt.verdict()).as(rLt.toString()).isEqualTo(Verdict.TOTAL_PASSED);
    SignatureResult s = rLt.signatures().get(0);
    assertThat(s.level()).isEqualTo("PAdES-BASELINE-LT");
    assertThat(s.coversWholeDocument()).isFalse(); // the DSS revision follows it
    assertThat(s.modificationsAfterSigning()).isEmpty();
    assertThat(s.timestamps()).anySatisfy(t -> {
      assertThat(t.type()).isEqualTo("SIGNATURE_TIMESTAMP");
      assertThat(t.indication()).isEqualTo(Indication.TOTAL_PASSED);
    });
    assertThat(s.provenSigningTime()).isPresent();

    byte[] lta = signer.sign(lt, organisation, SignatureLevel.PAdES_BASELINE_LTA);
    VerificationReport rLta = verify("b-lt-then-b-lta", lta);
    assertThat(rLta.verdict()).as(ReportFormats.text(List.of(rLta), java.util.Locale.ENGLISH))
        .isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(rLta.signatures()).hasSize(2).allSatisfy(x -> assertThat(x.modificationsAfterSigning()).isEmpty());
    assertThat(rLta.signatures()).anySatisfy(x -> assertThat(x.level()).isEqualTo("PAdES-BASELINE-LTA"));
    String json = ReportFormats.json(List.of(rLta));
    assertThat(json).contains("\"DOCUMENT_TIMESTAMP\"").doesNotContain("\"INDETERMINATE\"");
  }

  @Test
  void aDocumentTimestampAloneIsReported() throws Exception {
    byte[] doc = PdfFixtures.document(PdfFixtures.Options.plain(1));
    VerificationReport r = verify("doc-timestamp-only", signer.timestamp(doc));
    assertThat(r.signatures()).isEmpty();
    assertThat(r.documentTimestamps()).hasSize(1);
    assertThat(r.verdict()).isEqualTo(Verdict.TOTAL_PASSED);

    VerificationReport changed = verify("doc-timestamp-then-page", PdfAttacks.addPage(signer.timestamp(doc)));
    assertThat(changed.verdict()).isIn(Verdict.INDETERMINATE, Verdict.TOTAL_FAILED);
  }

  @Test
  void aLaterSignatureDoesNotHideAnOverlayAddedBetweenTheTwo() throws Exception {
    // a later valid signature vouches only for form fields filled or added before it (the number and date of
    // Decree 30 issuance); an overlay annotation slipped in between keeps the earlier signature INDETERMINATE
    byte[] doc = PdfFixtures.document(PdfFixtures.Options.plain(1));
    byte[] first = signer.sign(doc, person, SignatureLevel.PAdES_BASELINE_B);
    byte[] overlay = PdfAttacks.addOverlayAnnotation(first);
    byte[] second = signer.sign(overlay, organisation, SignatureLevel.PAdES_BASELINE_B);
    VerificationReport r = verify("attack-between-signatures", second);
    assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
    SignatureResult personSig = r.signatures().stream().filter(x -> x.signedBy().equals("Nguyễn Văn An"))
        .findFirst().orElseThrow();
    SignatureResult orgSig = r.signatures().stream().filter(x -> !x.signedBy().equals("Nguyễn Văn An"))
        .findFirst().orElseThrow();
    assertThat(personSig.indication()).isEqualTo(Indication.INDETERMINATE);
    assertThat(personSig.modificationsAfterSigning()).anySatisfy(m -> assertThat(m).contains("annotation"));
    assertThat(orgSig.indication()).isEqualTo(Indication.TOTAL_PASSED);

    // and nothing launders a change made after the last signature
    VerificationReport after = verify("change-after-both-signatures", PdfAttacks.addOverlayAnnotation(second));
    assertThat(after.verdict()).isEqualTo(Verdict.INDETERMINATE);
    assertThat(after.signatures()).allSatisfy(x -> assertThat(x.indication()).isEqualTo(Indication.INDETERMINATE));
  }
}
