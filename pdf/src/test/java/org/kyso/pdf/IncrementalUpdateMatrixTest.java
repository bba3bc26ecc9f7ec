package org.kyso.pdf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kyso.core.Level;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;
import org.kyso.pdf.testing.Images;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.XrefKinds;

/**
 * Every incremental update kyso writes, on every kind of cross-reference input (classic table, PDFBox's and qpdf's
 * xref streams with object streams, a hybrid file, free-list entries after earlier updates), through the fast path
 * and the general one, at each level, extended, and in chains: qpdf --check with no warning, no object number of an
 * earlier xref or object stream reused, and DSS's validator passing every signature.
 */
class IncrementalUpdateMatrixTest {
  static TestPki pki;
  static TestTsa tsa;
  static TrustAnchors trust;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
    tsa = TestTsa.start(pki.pki());
    trust = TrustAnchors.of(pki.pki().root().certificate());
  }

  @AfterAll
  static void stop() {
    tsa.close();
    pki.close();
  }

  private void judge(Path pdf, int signatures, boolean wholeFile) throws Exception {
    XrefKinds.assertQpdfNoWarning(pdf);
    byte[] bytes = Files.readAllBytes(pdf);
    XrefKinds.assertNoReusedNumbers(bytes);
    Judges.assertDssPasses(bytes, pki.pki().root().certificate(), signatures, wholeFile);
  }

  @ParameterizedTest
  @EnumSource(XrefKinds.Kind.class)
  void everyLevelAndPathWritesCleanUpdates(XrefKinds.Kind kind) throws Exception {
    Path in = dir.resolve("in.pdf");
    Files.write(in, XrefKinds.make(kind, dir));
    TimestampService tsas = TimestampService.of(tsa.url());
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an")) {
      PdfSigner base = PdfSigner.builder(key).trust(trust).timestamps(tsas).build();

      Path fast = dir.resolve("fast.pdf");
      base.sign(in, fast);
      judge(fast, 1, true);

      Path general = dir.resolve("general.pdf");
      base.newBuilder().appearance(Appearance.text("Đã ký: Nguyễn Văn An").at(Placement.rect(1, 40, 40, 200, 40)))
          .build().sign(in, general);
      judge(general, 1, true);

      for (Level level : new Level[] {Level.B_T, Level.B_LT, Level.B_LTA}) {
        Path out = dir.resolve(level.label() + ".pdf");
        base.newBuilder().level(level).build().sign(in, out);
        judge(out, 1, level == Level.B_T);
      }

      Path extended = dir.resolve("extended.pdf");
      PdfExtender.builder(Level.B_LTA).timestamps(tsas).trust(trust).build().extend(fast, extended);
      judge(extended, 1, false);
    }
  }

  @ParameterizedTest
  @EnumSource(XrefKinds.Kind.class)
  void chainsOfTwoAndThreeSignaturesAndDecree30WriteCleanUpdates(XrefKinds.Kind kind) throws Exception {
    Path in = dir.resolve("in.pdf");
    Files.write(in, XrefKinds.make(kind, dir));
    TimestampService tsas = TimestampService.of(tsa.url());
    try (SigningKey person = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an");
        SigningKey org = TestKeys.p12(pki.pki().organisation("UBND phường Điện Biên"), dir, "org")) {
      Path approved = dir.resolve("approved.pdf");
      PdfSigner.builder(person).appearance(Decree30.approval(SignatureImage.png(Images.signaturePng())))
          .build().sign(in, approved);
      judge(approved, 1, true);
      Path issued = dir.resolve("issued.pdf");
      PdfSigner.builder(org)
          .appearance(Decree30.issuance("15/QĐ-UBND", LocalDate.of(2026, 7, 1), SignatureImage.png(Images.sealPng())))
          .build().sign(approved, issued);
      judge(issued, 2, true);
      Path third = dir.resolve("third.pdf");
      PdfSigner.builder(org).level(Level.B_T).timestamps(tsas).build().sign(issued, third);
      judge(third, 3, true);
      Path lt = dir.resolve("lt.pdf");
      PdfExtender.builder(Level.B_LT).timestamps(tsas).trust(trust).build().extend(third, lt);
      judge(lt, 3, false);
      Path fastTwice = dir.resolve("fast2.pdf");
      PdfSigner.builder(person).build().sign(in, fastTwice);
      PdfSigner.builder(org).build().sign(fastTwice, fastTwice);
      judge(fastTwice, 2, true);
    }
  }

  /**
   * The appendix, copy and incoming profiles (issue 14), on every kind of input, alone and after an approval: qpdf
   * with no warning, DSS, and poppler's pdfsig ("Signature is Valid.", the root trusted).
   */
  @ParameterizedTest
  @EnumSource(XrefKinds.Kind.class)
  void appendixCopyAndIncomingProfilesWriteUpdatesEveryValidatorAccepts(XrefKinds.Kind kind) throws Exception {
    Path in = dir.resolve("in.pdf");
    Files.write(in, XrefKinds.make(kind, dir));
    try (SigningKey person = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an");
        SigningKey org = TestKeys.p12(pki.pki().organisation("UBND phường Điện Biên"), dir, "org")) {
      Path approved = dir.resolve("approved.pdf");
      PdfSigner.builder(person).appearance(Decree30.approval(SignatureImage.png(Images.signaturePng())))
          .build().sign(in, approved);
      java.util.Map<String, Appearance> profiles = new java.util.LinkedHashMap<>();
      profiles.put("appendix", Decree30.appendix("15/QĐ-UBND"));
      profiles.put("copy", Decree30.copy(CopyForm.SAO_Y, "UBND phường Điện Biên"));
      profiles.put("incoming", Decree30.incoming("7", LocalDate.of(2026, 7, 2), "UBND phường Điện Biên"));
      for (var p : profiles.entrySet()) {
        Path alone = dir.resolve(p.getKey() + ".pdf");
        PdfSigner.builder(org).appearance(p.getValue()).build().sign(in, alone);
        judge(alone, 1, true);
        Judges.assertPdfsigPasses(alone, pki.pki().root().certificate(), 1);
        Path after = dir.resolve(p.getKey() + "-after-approval.pdf");
        PdfSigner.builder(org).appearance(p.getValue()).build().sign(approved, after);
        judge(after, 2, true);
        Judges.assertPdfsigPasses(after, pki.pki().root().certificate(), 2);
      }
    }
  }
}
