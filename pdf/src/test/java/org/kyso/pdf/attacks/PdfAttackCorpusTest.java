package org.kyso.pdf.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
 * The PDF attack corpus: each tampered document is built here from a document signed with plain DSS, and must come
 * out TOTAL_FAILED or INDETERMINATE with a reason that names the change; the intact originals must be TOTAL_PASSED
 * (the test PKI's root trusted, CRLs fetched from the loopback server).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PdfAttackCorpusTest {
  private TestPki pki;
  private PdfFixtures.Signer signer;
  private DevPki.Identity an;
  private Verifier verifier;
  private Path dir;

  @BeforeAll
  void setUp() throws Exception {
    pki = TestPki.start();
    signer = new PdfFixtures.Signer(pki.pki());
    an = pki.pki().person("Nguyễn Văn An");
    verifier = Verifier.builder().formats(PdfVerification.format())
        .trust(TrustAnchors.of(pki.pki().root().certificate())).build();
    dir = Files.createDirectories(Path.of("target", "attack-corpus", "pdf"));
  }

  @AfterAll
  void tearDown() {
    pki.close();
  }

  private byte[] signed(PdfFixtures.Options o) throws Exception {
    return signer.sign(PdfFixtures.document(o), an, SignatureLevel.PAdES_BASELINE_B);
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

  private static SignatureResult only(VerificationReport r) {
    assertThat(r.signatures()).hasSize(1);
    return r.signatures().get(0);
  }

  private static void assertRejected(VerificationReport r) {
    assertThat(r.verdict()).isIn(Verdict.TOTAL_FAILED, Verdict.INDETERMINATE);
    assertThat(r.signatures()).allSatisfy(s -> assertThat(s.indication()).isNotEqualTo(Indication.TOTAL_PASSED));
  }

  @Test
  void intactOriginalsPass() throws Exception {
    for (PdfFixtures.Options o : List.of(PdfFixtures.Options.plain(2), new PdfFixtures.Options(1, true, false, false),
        new PdfFixtures.Options(1, false, true, false), new PdfFixtures.Options(1, false, false, true))) {
      VerificationReport r = verify("intact-" + o.cover() + o.alternativeContent() + o.formField(), signed(o));
      SignatureResult s = only(r);
      assertThat(r.verdict()).as(s.toString()).isEqualTo(Verdict.TOTAL_PASSED);
      assertThat(s.coversWholeDocument()).isTrue();
      assertThat(s.modificationsAfterSigning()).isEmpty();
      assertThat(s.signedBy()).isEqualTo("Nguyễn Văn An");
      assertThat(r.format()).isEqualTo("PAdES");
    }
  }

  @Test
  void rejectsBytesChangedInsideTheSignedRange() throws Exception {
    VerificationReport r = verify("bytes-changed", PdfAttacks.changeByteInSignedRange(signed(PdfFixtures.Options.plain(1))));
    assertRejected(r);
    SignatureResult s = only(r);
    assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(s.subIndication()).contains("HASH_FAILURE");
    assertThat(ReportFormats.text(List.of(r), Locale.ENGLISH)).contains("altered");
  }

  @Test
  void rejectsPageAddedAfterSigning() throws Exception {
    VerificationReport r = verify("page-added", PdfAttacks.addPage(signed(PdfFixtures.Options.plain(2))));
    assertRejected(r);
    assertThat(only(r).modificationsAfterSigning()).contains("page 3 added after signing");
    assertThat(only(r).coversWholeDocument()).isFalse();
    // no later signer may add a page, certified or not (pyHanko: modification level OTHER)
    assertThat(only(r).indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(only(r).findings()).anySatisfy(f -> assertThat(f.code()).isEqualTo("error.disallowedChange"));
  }

  @Test
  void rejectsAnnotationOverlayAddedAfterSigning() throws Exception {
    VerificationReport r = verify("annotation-overlay", PdfAttacks.addOverlayAnnotation(signed(PdfFixtures.Options.plain(1))));
    assertRejected(r);
    SignatureResult s = only(r);
    assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE);
    assertThat(s.modificationsAfterSigning())
        .anySatisfy(m -> assertThat(m).contains("annotation").contains("added after signing"));
    assertThat(s.errors()).anySatisfy(e -> assertThat(e).contains("changed after this signature"));
  }

  @Test
  void rejectsShadowHide() throws Exception {
    VerificationReport r = verify("shadow-hide",
        PdfAttacks.shadowHide(signed(new PdfFixtures.Options(1, true, false, false))));
    assertRejected(r);
    assertThat(only(r).modificationsAfterSigning())
        .anySatisfy(m -> assertThat(m).contains("content replaced").contains("\"Cover\""))
        .anySatisfy(m -> assertThat(m).isEqualTo("the content of page 1 looks different from what was signed"));
  }

  @Test
  void rejectsShadowReplace() throws Exception {
    VerificationReport r = verify("shadow-replace", PdfAttacks.shadowReplace(signed(PdfFixtures.Options.plain(1))));
    assertRejected(r);
    assertThat(only(r).indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(only(r).modificationsAfterSigning())
        .anySatisfy(m -> assertThat(m).startsWith("content replaced: a page's content"));
  }

  @Test
  void rejectsShadowHideAndReplace() throws Exception {
    VerificationReport r = verify("shadow-hide-and-replace",
        PdfAttacks.shadowHideAndReplace(signed(new PdfFixtures.Options(1, false, true, false))));
    assertRejected(r);
    assertThat(only(r).modificationsAfterSigning())
        .anySatisfy(m -> assertThat(m).startsWith("content replaced"));
  }

  @Test
  void rejectsShadowReplaceOfAPageWithManyPages() throws Exception {
    // more than 10 pages: DSS skips its visual comparison, the object comparison must still name the change
    VerificationReport r = verify("shadow-replace-12-pages",
        PdfAttacks.shadowReplace(signed(PdfFixtures.Options.plain(12))));
    assertRejected(r);
    assertThat(only(r).modificationsAfterSigning())
        .anySatisfy(m -> assertThat(m).startsWith("content replaced: a page's content"));
  }

  @Test
  void rejectsFormFieldChangedAfterSigning() throws Exception {
    VerificationReport r = verify("form-field-changed",
        PdfAttacks.changeFormField(signed(new PdfFixtures.Options(1, false, false, true))));
    assertRejected(r);
    assertThat(only(r).modificationsAfterSigning()).anySatisfy(m -> assertThat(m).contains("form field"));
  }

  @Test
  void rejectsBytesAppendedAfterTheSignedRange() throws Exception {
    VerificationReport r = verify("bytes-appended", PdfAttacks.appendBytes(signed(PdfFixtures.Options.plain(1))));
    assertRejected(r);
    SignatureResult s = only(r);
    assertThat(s.coversWholeDocument()).isFalse();
    assertThat(s.modificationsAfterSigning())
        .anySatisfy(m -> assertThat(m).contains("bytes appended after the end of the document"));
  }

  @Test
  void rejectsAnUpdateThatOnlyHidesAnAnnotation() throws Exception {
    // an incremental update that only flips an annotation's /F flag: DSS's object comparison skips such changes;
    // with few pages its visual comparison sees it, with more than 10 pages kyso must still refuse the update
    for (int pages : new int[] {1, 12}) {
      byte[] signed = signed(new PdfFixtures.Options(pages, false, false, true));
      byte[] attacked = PdfFixtures.incremental(signed, doc -> {
        var w = doc.getDocumentCatalog().getAcroForm().getField("amount").getWidgets().get(0);
        w.setHidden(true);
        w.getCOSObject().setNeedToBeUpdated(true);
      });
      VerificationReport r = verify("hidden-flag-" + pages, attacked);
      assertRejected(r);
      assertThat(only(r).modificationsAfterSigning()).isNotEmpty();
    }
  }

  @Test
  void jsonAndExitCodeFollowTheVerdict() throws Exception {
    VerificationReport passed = verify("json-passed", signed(PdfFixtures.Options.plain(1)));
    VerificationReport failed = verify("json-failed", PdfAttacks.changeByteInSignedRange(signed(PdfFixtures.Options.plain(1))));
    VerificationReport indeterminate = verify("json-indeterminate",
        PdfAttacks.addOverlayAnnotation(signed(PdfFixtures.Options.plain(1))));
    VerificationReport none = verify("json-none", PdfFixtures.document(PdfFixtures.Options.plain(1)));
    assertThat(passed.verdict().exitCode()).isZero();
    assertThat(failed.verdict().exitCode()).isEqualTo(1);
    assertThat(indeterminate.verdict().exitCode()).isEqualTo(2);
    assertThat(none.verdict()).isEqualTo(Verdict.NO_SIGNATURE);
    assertThat(none.verdict().exitCode()).isEqualTo(3);
    String json = ReportFormats.json(List.of(passed, failed, indeterminate, none));
    assertThat(json).contains("\"verdict\": \"TOTAL_PASSED\"", "\"verdict\": \"TOTAL_FAILED\"",
        "\"verdict\": \"INDETERMINATE\"", "\"verdict\": \"NO_SIGNATURE\"", "\"subIndication\": \"HASH_FAILURE\"",
        "\"subIndication\": null", "\"signedBy\": \"Nguyễn Văn An\"", "\"format\": \"PAdES\"",
        "\"coversWholeDocument\": true", "\"level\": \"PAdES-BASELINE-B\"");
    assertThat(json).containsPattern("\"claimedSigningTime\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+07:00\"");
  }

  @Test
  void vietnameseReportNamesTheChange() throws Exception {
    VerificationReport r = verify("vi-page-added", PdfAttacks.addPage(signed(PdfFixtures.Options.plain(1))));
    String vi = ReportFormats.text(List.of(r), ReportFormats.VIETNAMESE);
    assertThat(vi).contains("Tệp: vi-page-added.pdf", "Người ký", "Nguyễn Văn An", "Thay đổi sau khi ký",
        "trang 2 được thêm vào sau khi ký");
  }
}
