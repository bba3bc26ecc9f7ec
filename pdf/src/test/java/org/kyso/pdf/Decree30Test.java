package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlObjectModification;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.testing.Images;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.PdfInspect;
import org.kyso.pdf.testing.SampleLetter;

/** Issue 3: the Decree 30 appearances, checked from the PDF structure, by DSS and pdfsig, and rendered. */
class Decree30Test {
  static final float MM = 72f / 25.4f;
  /** Renders are kept here for people to look at (and the README picture is taken from them). */
  static final Path RENDERS = Path.of("target", "decree30-renders");
  static final Instant NOW = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  /** The signing time as Decree 30 wants it printed: ISO 8601, Vietnam's offset, to the second. */
  static final String NOW_VN = java.time.OffsetDateTime.ofInstant(NOW, ZoneOffset.ofHours(7))
      .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")) + "+07:00";
  static TestPki pki;
  static DevPki.Identity an;
  static DevPki.Identity organisation;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.start();
    an = pki.pki().person(SampleLetter.SIGNER);
    organisation = pki.pki().organisation("UBND thành phố Đà Nẵng");
    Files.createDirectories(RENDERS);
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  private static SignatureImage signature() throws DocumentException {
    return SignatureImage.png(Images.signaturePng());
  }

  private static SignatureImage seal() throws DocumentException {
    return SignatureImage.png(Images.sealPng());
  }

  @Test
  void approvalThenIssuanceGivesTwoValidSignaturesWithNumberAndDateStamped() throws Exception {
    Path in = dir.resolve("letter.pdf");
    Files.write(in, SampleLetter.create());
    Path approved = dir.resolve("approved.pdf");
    Path issued = dir.resolve("issued.pdf");
    try (SigningKey person = TestKeys.p12(an, dir, "an"); SigningKey clerk = TestKeys.p12(organisation, dir, "org")) {
      PdfSigner.builder(person).appearance(Decree30.approval(signature())).reason("Phê duyệt").build()
          .sign(in, approved);
      PdfSigner.builder(clerk)
          .appearance(Decree30.issuance("15/QĐ-UBND", LocalDate.of(2025, 7, 1), seal())).reason("Ban hành")
          .build().sign(approved, issued);
    }
    byte[] pdf = Files.readAllBytes(issued);
    Reports reports = Judges.assertDssPasses(pdf, pki.pki().root().certificate(), 2);
    Judges.assertPdfsigPasses(issued, pki.pki().root().certificate(), 2);
    Judges.assertQpdfClean(issued);

    // the approval image: page 2, centred on the name, between "CHỦ TỊCH" (baseline 644) and the name (560)
    List<PdfInspect.Widget> widgets = PdfInspect.widgets(pdf);
    List<PdfInspect.Widget> sigs = widgets.stream().filter(w -> "Sig".equals(w.fieldType())).toList();
    assertThat(sigs).hasSize(2);
    PdfInspect.Widget approval = sigs.get(0);
    PdfInspect.Widget sealWidget = sigs.get(1);
    assertThat(approval.page()).isEqualTo(2);
    float cx = approval.rect().getLowerLeftX() + approval.rect().getWidth() / 2;
    assertThat(cx).isCloseTo(430f, offset(1f));
    assertThat(approval.rect().getLowerLeftY()).isGreaterThan(560 + 9);
    assertThat(approval.rect().getUpperRightY()).isLessThan(644 - 2);
    // the seal: real size (36 mm), its right edge on the first third of the approval image, same centre line
    assertThat(sealWidget.page()).isEqualTo(2);
    assertThat(sealWidget.rect().getWidth()).isCloseTo(36 * MM, offset(0.5f));
    float third = approval.rect().getLowerLeftX() + approval.rect().getWidth() / 3;
    assertThat(sealWidget.rect().getUpperRightX()).isCloseTo(third, offset(0.5f));
    float approvalMid = approval.rect().getLowerLeftY() + approval.rect().getHeight() / 2;
    assertThat(sealWidget.rect().getLowerLeftY() + sealWidget.rect().getHeight() / 2)
        .isCloseTo(approvalMid, offset(0.5f));

    // number and date: real text in read-only fields after "Số:" and "Đà Nẵng," on page 1, same baseline
    PdfInspect.Widget number = widgets.stream().filter(w -> "kyso_so_ky_hieu".equals(w.fieldName())).findFirst()
        .orElseThrow();
    PdfInspect.Widget date = widgets.stream().filter(w -> "kyso_ngay_ban_hanh".equals(w.fieldName())).findFirst()
        .orElseThrow();
    assertThat(number.page()).isEqualTo(1);
    assertThat(number.rect().getLowerLeftX()).isBetween(95f + 15f, 95f + 30f);
    assertThat(number.rect().getLowerLeftY()).isBetween(730f - 8, 730f - 2);
    assertThat(date.rect().getLowerLeftX()).isBetween(300f + 40f, 300f + 60f);
    assertThat(number.embeddedFonts()).isTrue();
    assertThat(number.fontSizes()).containsExactly(13f);
    String text = PdfInspect.textWithAppearances(pdf);
    assertThat(text).contains("Số: 15/QĐ-UBND", "Đà Nẵng, ngày 01 tháng 7 năm 2025");
    Path pdftotext = ExternalTools.require("pdftotext", "poppler-utils");
    String poppler = ExternalTools.run(List.of(pdftotext.toString(), "-layout", issued.toString(), "-")).stdout();
    assertThat(poppler).contains("15/QĐ-UBND", "ngày 01 tháng 7 năm 2025");
    // ...and absent from the approved revision: they belong to the issued one
    assertThat(PdfInspect.textWithAppearances(Files.readAllBytes(approved))).doesNotContain("15/QĐ-UBND");

    // DSS: after the approval only the expected changes: the two stamped fields, the new signature; the seal
    // overlapping the approval image is what Decree 30 asks for
    SignatureWrapper first = reports.getDiagnosticData().getSignatures().stream()
        .filter(s -> SampleLetter.SIGNER.equals(s.getSigningCertificate().getCommonName())).findFirst().orElseThrow();
    PDFRevisionWrapper rev = first.getPDFRevision();
    // the approval made the number and date fields empty; the issuance fills them: their values and redrawn
    // appearances are the only changes besides the new signature (DSS files the appearances as undefined)
    assertThat(rev.getPdfUndefinedChanges()).extracting(XmlObjectModification::getValue)
        .allMatch(v -> v.matches(".*/Annots \\d+ 0 R /AP \\d+ 0 R /N .*"));
    assertThat(rev.getPdfVisualDifferenceConcernedPages()).isEmpty();
    assertThat(rev.getPdfPageDifferenceConcernedPages()).isEmpty();
    assertThat(rev.getPdfSignatureOrFormFillChanges()).extracting(XmlObjectModification::getValue)
        .anyMatch(v -> v.endsWith("/V"));
    assertThat(rev.getPdfAnnotationChanges()).extracting(XmlObjectModification::getFieldName)
        .doesNotContain("kyso_so_ky_hieu", "kyso_ngay_ban_hanh");
    assertThat(rev.getPdfAnnotationsOverlapConcernedPages()).extracting(java.math.BigInteger::intValue)
        .containsExactly(2);
    // kyso's verifier: the stamps are changes the issuance signature covers (attested), both signatures pass
    org.kyso.core.verify.VerificationReport kyso = org.kyso.core.verify.Verifier.builder()
            .formats(PdfVerification.format())
        .trust(org.kyso.core.TrustAnchors.of(pki.pki().root().certificate())).build().verify(issued);
    assertThat(kyso.verdict()).isEqualTo(org.kyso.core.verify.Verdict.TOTAL_PASSED);

    render(issued, "issued");
    // the two parts of the issued document that the README shows
    crop(issued, 1, 40, 60, 760, 150, "issued-header");
    crop(issued, 2, 360, 210, 430, 230, "issued-signatures");
  }

  @Test
  void appendixShowsNumberAndIsoTimeTopRightInSerifTenPoint() throws Exception {
    byte[] pdf = signWith(organisation, Decree30.appendix("15/QĐ-UBND"), "appendix");
    PdfInspect.Widget w = visibleSignature(pdf);
    assertTopRightOfFirstPage(w);
    assertThat(w.fontSizes()).containsOnly(10f);
    assertThat(PdfInspect.widgetText(pdf)).contains("15/QĐ-UBND\n" + NOW_VN);
  }

  @Test
  void copyShowsFormOrganisationAndTimeTopRight() throws Exception {
    byte[] pdf = signWith(organisation, Decree30.copy(CopyForm.SAO_Y, "Văn phòng UBND thành phố Đà Nẵng"), "copy");
    PdfInspect.Widget w = visibleSignature(pdf);
    assertTopRightOfFirstPage(w);
    assertThat(w.fontSizes()).containsOnly(10f);
    assertThat(PdfInspect.widgetText(pdf))
        .contains("SAO Y\nVăn phòng UBND thành phố Đà Nẵng\n" + NOW_VN);
    byte[] extract = signWith(organisation, Decree30.copy(CopyForm.parse("trích sao"), "Sở Nội vụ"), "extract");
    assertThat(PdfInspect.widgetText(extract)).contains("TRÍCH SAO\nSở Nội vụ");
  }

  @Test
  void incomingStampGoesBelowTheNumberOnPageOne() throws Exception {
    byte[] pdf = signWith(organisation,
        Decree30.incoming("7", LocalDate.of(2025, 7, 2), "UBND phường Hải Châu"), "incoming");
    PdfInspect.Widget w = visibleSignature(pdf);
    assertThat(w.page()).isEqualTo(1);
    assertThat(w.rect().getUpperRightY()).isLessThan(730 - 2);
    assertThat(w.rect().getLowerLeftX()).isLessThan(110);
    assertThat(PdfInspect.widgetText(pdf)).contains("UBND phường Hải Châu", "ĐẾN", "Số: 7",
        "Ngày: 02/07/2025");
  }

  @Test
  void everyProfileCanBePlacedByRectangleInMillimetres() throws Exception {
    byte[] pdf = signWith(an, Decree30.approval(signature().widthMm(30)).at(Placement.rectMm(2, 120, 60, 50, 30)),
        "approval-rect");
    PdfInspect.Widget w = visibleSignature(pdf);
    assertThat(w.page()).isEqualTo(2);
    assertThat(w.rect().getLowerLeftX()).isCloseTo(120 * MM, offset(0.1f));
    assertThat(w.rect().getUpperRightY()).isCloseTo(841.89f - 60 * MM, offset(0.1f));
    assertThat(w.rect().getWidth()).isCloseTo(50 * MM, offset(0.1f));
  }

  @Test
  void anchorNotFoundIsAnErrorAndNoFileIsWritten() throws Exception {
    Path in = dir.resolve("letter.pdf");
    Files.write(in, SampleLetter.create());
    Path out = dir.resolve("out.pdf");
    DevPki.Identity stranger = pki.pki().person("Trần Văn Vắng Mặt");
    try (SigningKey key = TestKeys.p12(stranger, dir, "stranger")) {
      assertThatThrownBy(() -> PdfSigner.builder(key).appearance(Decree30.approval(signature())).build()
          .sign(in, out)).isInstanceOf(DocumentException.class)
          .hasMessageContaining("'Trần Văn Vắng Mặt' was not found");
      assertThatThrownBy(() -> PdfSigner.builder(key)
          .appearance(Decree30.approval(signature()).at(Placement.above("CHÁNH VĂN PHÒNG"))).build().sign(in, out))
          .isInstanceOf(DocumentException.class).hasMessageContaining("'CHÁNH VĂN PHÒNG' was not found");
      assertThatThrownBy(() -> PdfSigner.builder(key)
          .appearance(Appearance.text("x").at(Placement.rect(3, 10, 10, 100, 40))).build().sign(in, out))
          .isInstanceOf(DocumentException.class).hasMessage("The document has 2 pages; page 3 does not exist.");
      assertThatThrownBy(() -> PdfSigner.builder(key)
          .appearance(Appearance.text("x").at(Placement.rect(1, 500, 10, 200, 40))).build().sign(in, out))
          .isInstanceOf(DocumentException.class).hasMessageContaining("goes beyond page 1");
      assertThatThrownBy(() -> PdfSigner.builder(key)
          .appearance(Decree30.issuance("1/TB-UBND", LocalDate.of(2025, 1, 5), seal())).build().sign(in, out))
          .isInstanceOf(DocumentException.class).hasMessageContaining("no visible approval signature");
    }
    assertThat(out).doesNotExist();
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.filter(p -> p.toString().endsWith(".part")).toList()).isEmpty();
    }
  }

  @Test
  void imagesMustBeTransparentPngs() throws Exception {
    assertThatThrownBy(() -> SignatureImage.png(Images.jpeg())).isInstanceOf(DocumentException.class)
        .hasMessageContaining("is not a PNG image");
    Path jpg = dir.resolve("chu-ky.png");
    Files.write(jpg, Images.jpeg());
    assertThatThrownBy(() -> SignatureImage.png(jpg)).isInstanceOf(DocumentException.class)
        .hasMessage("The image file chu-ky.png is not a PNG image; give the signature or seal as a PNG file.");
    SignatureImage opaque = SignatureImage.png(Images.opaquePng());
    assertThat(opaque.transparent()).isFalse();
    assertThatThrownBy(() -> Decree30.approval(opaque)).isInstanceOf(DocumentException.class)
        .hasMessageContaining("transparent");
    assertThatThrownBy(() -> Decree30.issuance("1/QĐ", LocalDate.now(), opaque))
        .isInstanceOf(DocumentException.class).hasMessageContaining("seal image");
  }

  @Test
  void issueDateFollowsDecree30LeadingZeros() {
    assertThat(Decree30.dateText(LocalDate.of(2025, 2, 5))).isEqualTo("ngày 05 tháng 02 năm 2025");
    assertThat(Decree30.dateText(LocalDate.of(2025, 7, 1))).isEqualTo("ngày 01 tháng 7 năm 2025");
    assertThat(Decree30.dateText(LocalDate.of(2025, 12, 25))).isEqualTo("ngày 25 tháng 12 năm 2025");
  }

  private byte[] signWith(DevPki.Identity id, Appearance appearance, String name) throws Exception {
    byte[] pdf;
    try (SigningKey key = TestKeys.p12(id, dir, name)) {
      pdf = PdfSigner.builder(key).clock(Clock.fixed(NOW, ZoneOffset.UTC)).appearance(appearance).build()
          .sign(SampleLetter.create());
    }
    Judges.assertDssPasses(pdf, pki.pki().root().certificate(), 1);
    Path file = dir.resolve(name + ".pdf");
    Files.write(file, pdf);
    Judges.assertPdfsigPasses(file, pki.pki().root().certificate(), 1);
    render(file, name);
    return pdf;
  }

  private static PdfInspect.Widget visibleSignature(byte[] pdf) throws Exception {
    return PdfInspect.widgets(pdf).stream().filter(w -> "Sig".equals(w.fieldType()) && w.rect().getWidth() > 0)
        .findFirst().orElseThrow();
  }

  private static void assertTopRightOfFirstPage(PdfInspect.Widget w) {
    assertThat(w.page()).isEqualTo(1);
    assertThat(w.rect().getUpperRightX()).isCloseTo(595.28f - 20 * MM, offset(0.5f));
    assertThat(w.rect().getUpperRightY()).isCloseTo(841.89f - 5 * MM, offset(0.5f));
  }

  /** Renders a region of one page at 100 dpi (pixels) into target/. */
  private static void crop(Path pdf, int page, int x, int y, int w, int h, String name) {
    Path pdftoppm = ExternalTools.require("pdftoppm", "poppler-utils");
    ExternalTools.Result r = ExternalTools.run(List.of(pdftoppm.toString(), "-r", "100", "-f", "" + page, "-l",
        "" + page, "-x", "" + x, "-y", "" + y, "-W", "" + w, "-H", "" + h, "-singlefile", "-png", pdf.toString(),
        RENDERS.resolve(name).toString()));
    assertThat(r.exitCode()).as(r.all()).isZero();
  }

  /** Renders every page with pdftoppm (checks that poppler can draw it) and keeps the PNGs in target/. */
  private static void render(Path pdf, String name) throws java.io.IOException {
    Files.copy(pdf, RENDERS.resolve(name + ".pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path pdftoppm = ExternalTools.require("pdftoppm", "poppler-utils");
    ExternalTools.Result r = ExternalTools.run(List.of(pdftoppm.toString(), "-r", "110", "-png", pdf.toString(),
        RENDERS.resolve(name).toString()));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.stderr()).as(r.all()).doesNotContainIgnoringCase("error");
  }
}
