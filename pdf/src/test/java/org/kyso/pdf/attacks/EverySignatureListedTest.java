package org.kyso.pdf.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kyso.core.Level;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.Decree30;
import org.kyso.pdf.PdfExtender;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.PdfVerification;
import org.kyso.pdf.SignatureImage;
import org.kyso.pdf.testing.Images;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.SampleLetter;
import org.kyso.pdf.testing.SharedData;

/**
 * Every signature in a PDF is in the report: the report is compared with the signature fields PDFBox finds by
 * walking the form, on pyHanko's test files, real Vietnamese signed PDFs and what kyso signs. Signatures DSS cannot
 * parse (non-standard /ByteRange, empty /Contents, a signature in the file's only revision) are verdicts with a
 * reason, never "cannot be read".
 */
class EverySignatureListedTest {
  static TestPki pki;
  static TestTsa tsa;
  static final Verifier OFFLINE = Verifier.builder().formats(PdfVerification.format()).offline(true).build();

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
    tsa = TestTsa.start(pki.pki());
  }

  @AfterAll
  static void stop() {
    tsa.close();
    pki.close();
  }

  static Stream<Path> samples() throws Exception {
    List<Path> all = new ArrayList<>(SharedData.pdfs("pdf-peer"));
    all.addAll(SharedData.pdfs("pdf-real"));
    return all.stream();
  }

  /** The signed signature fields of the form (a /V present), as PDFBox walks it: [signatures, doc timestamps]. */
  static int[] signedFormFields(byte[] pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      int[] n = new int[2];
      for (PDSignatureField f : doc.getSignatureFields()) {
        var v = f.getCOSObject().getDictionaryObject(org.apache.pdfbox.cos.COSName.V);
        if (v instanceof org.apache.pdfbox.cos.COSDictionary d) {
          n["DocTimeStamp".equals(d.getNameAsString(org.apache.pdfbox.cos.COSName.TYPE)) ? 1 : 0]++;
        }
      }
      return n;
    }
  }

  static void assertEveryFieldListed(byte[] pdf, VerificationReport r) throws Exception {
    int[] fields = signedFormFields(pdf);
    java.util.Set<String> timestamps = new java.util.HashSet<>();
    r.documentTimestamps().forEach(t -> timestamps.add(t.id()));
    r.signatures().forEach(s -> s.timestamps().forEach(t -> timestamps.add(t.id())));
    if (fields[0] + fields[1] > 0) {
      assertThat(r.signatures().size()).as("%s: signature fields, report %s", r.file(), r.signatures())
          .isEqualTo(fields[0]);
      assertThat(timestamps.size()).as("%s: document timestamp fields", r.file()).isGreaterThanOrEqualTo(fields[1]);
    }
    assertThat(r.signatures().size() + r.documentTimestamps().size()).as("%s lists a signature", r.file())
        .isPositive();
  }

  static List<String> codes(SignatureResult s) {
    return s.findings().stream().map(Finding::code).toList();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySignatureOfTheSamplesIsListedWithAVerdict(Path file) throws Exception {
    byte[] pdf = Files.readAllBytes(file);
    VerificationReport r = OFFLINE.verify(file);
    assertEveryFieldListed(pdf, r);
    String name = file.getFileName().toString();
    if (name.contains("form-update") || name.contains("two-fields-signed-twice") || name.contains("extensions")) {
      assertThat(r.signatures()).hasSize(2);
    }
    if (name.contains("ed448")) {
      assertThat(r.signatures()).allSatisfy(s -> assertThat(s.indication()).isNotEqualTo(Indication.TOTAL_FAILED));
    }
    if (name.contains("ed448-shake256")) {
      // verified for real: BouncyCastle checks the Ed448 value DSS cannot
      // (DSS gets as far as the signature value when a SHAKE-256 provider is present, else kyso's fallback checks it)
      SignatureResult s = r.signatures().get(0);
      assertThat(codes(s)).as("%s", s.findings()).doesNotContain("dss.BBB_CV_ISI_ANS", "error.algorithmNotSupported")
          .containsAnyOf("warning.intactCheckedByKyso", "error.intactChainNotChecked");
      if (codes(s).contains("warning.intactCheckedByKyso")) {
        assertThat(s.details().intact()).contains(true);
      }
      assertThat(s.signedBy()).isEqualTo("Alice");
    }
    if (name.contains("form-update")) {
      // pyHanko's appearance updates: filling a prepared field is no page change
      assertThat(r.signatures().get(0).modificationsAfterSigning()).as("%s", r.signatures().get(0).findings())
          .isEmpty();
    }
    if (name.contains("one-byterange")) {
      SignatureResult s = r.signatures().get(0);
      assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE);
      assertThat(codes(s)).contains("error.byteRangeNonStandard");
    }
    if (name.contains("tail-uncovered")) {
      SignatureResult s = r.signatures().get(0);
      assertThat(s.indication()).isNotEqualTo(Indication.TOTAL_PASSED);
      assertThat(s.coversWholeDocument()).isFalse();
      assertThat(codes(s)).contains("error.byteRangeMidRevision");
    }
    if (name.contains("beyond-eof")) {
      SignatureResult s = r.signatures().get(0);
      assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
      assertThat(codes(s)).contains("error.byteRangeBeyondEof");
    }
  }

  private byte[] signedChain() throws Exception {
    Path in = dir.resolve("in.pdf");
    Files.write(in, SampleLetter.create());
    Path approved = dir.resolve("approved.pdf");
    Path issued = dir.resolve("issued.pdf");
    Path lta = dir.resolve("lta.pdf");
    try (SigningKey person = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an");
        SigningKey org = TestKeys.p12(pki.pki().organisation("UBND phường Điện Biên"), dir, "org")) {
      PdfSigner.builder(person).appearance(Decree30.approval(SignatureImage.png(Images.signaturePng()))).build()
          .sign(in, approved);
      PdfSigner.builder(org).appearance(Decree30.issuance("15/QĐ-UBND", java.time.LocalDate.of(2026, 7, 1),
          SignatureImage.png(Images.sealPng()))).build().sign(approved, issued);
      PdfExtender.builder(Level.B_LTA).timestamps(TimestampService.of(tsa.url()))
          .trust(TrustAnchors.of(pki.pki().root().certificate())).build().extend(issued, lta);
    }
    return Files.readAllBytes(lta);
  }

  @Test
  void whatKysoSignsHasEverySignatureAndTimestampListed() throws Exception {
    byte[] pdf = signedChain();
    VerificationReport r = OFFLINE.verify(pdf, "lta.pdf");
    assertThat(r.signatures()).hasSize(2);
    assertEveryFieldListed(pdf, r);
  }

  private byte[] signedOnce() throws Exception {
    try (SigningKey key = TestKeys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an1")) {
      return PdfSigner.builder(key).build().sign(SampleLetter.create());
    }
  }

  @Test
  void anAllZeroContentsIsAListedFailedSignatureWithItsReason() throws Exception {
    byte[] pdf = signedOnce();
    String s = new String(pdf, StandardCharsets.ISO_8859_1);
    Matcher m = Pattern.compile("/Contents\\s*<([0-9A-Fa-f]+)>").matcher(s);
    assertThat(m.find()).isTrue();
    for (int i = m.start(1); i < m.end(1); i++) {
      pdf[i] = '0';
    }
    VerificationReport r = OFFLINE.verify(pdf, "zero.pdf");
    assertThat(r.signatures()).hasSize(1);
    SignatureResult sig = r.signatures().get(0);
    assertThat(sig.indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(sig.errors()).isNotEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.TOTAL_FAILED);

    // a /Contents that is not a string at all (an array), which PDFBox cannot even read as a signature
    byte[] array = signedOnce();
    String t = new String(array, StandardCharsets.ISO_8859_1);
    Matcher a = Pattern.compile("/Contents\\s*<[0-9A-Fa-f]+>").matcher(t);
    assertThat(a.find()).isTrue();
    array[a.start() + t.substring(a.start()).indexOf('<')] = '[';
    array[a.end() - 1] = ']';
    VerificationReport ra = OFFLINE.verify(array, "array.pdf");
    assertThat(ra.signatures()).hasSize(1);
    assertThat(ra.signatures().get(0).indication()).isEqualTo(Indication.TOTAL_FAILED);
    assertThat(codes(ra.signatures().get(0))).contains("error.contentsUnreadable");
  }

  /** Rewrites the /ByteRange numbers in place, padded to the same length. */
  private static byte[] byteRange(byte[] pdf, java.util.function.Function<long[], String> rewrite) {
    byte[] out = pdf.clone();
    String s = new String(pdf, StandardCharsets.ISO_8859_1);
    Matcher m = Pattern.compile("/ByteRange\\s*\\[([^\\]]*)\\]").matcher(s);
    assertThat(m.find()).isTrue();
    long[] br = Stream.of(m.group(1).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
    String inner = rewrite.apply(br);
    int width = m.end(1) - m.start(1);
    assertThat(inner.length()).isLessThanOrEqualTo(width);
    byte[] repl = String.format("%-" + width + "s", inner).getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(repl, 0, out, m.start(1), width);
    return out;
  }

  @Test
  void nonStandardByteRangesAreVerdictsThatSayWhatIsNotCovered() throws Exception {
    byte[] pdf = signedOnce();
    List<byte[]> variants = List.of(
        byteRange(pdf, b -> b[0] + " " + b[1]),                                     // one range
        byteRange(pdf, b -> b[0] + " " + (b[1] - 10) + " " + b[2] + " " + b[3]),     // gap larger than /Contents
        byteRange(pdf, b -> b[0] + " " + b[1] + " " + b[2] + " " + (b[3] - 100)),   // tail left uncovered
        byteRange(pdf, b -> "0 10 20 30"));
    int i = 0;
    for (byte[] v : variants) {
      VerificationReport r = OFFLINE.verify(v, "range-" + (i++) + ".pdf");
      assertThat(r.signatures()).as(r.file()).hasSize(1);
      SignatureResult s = r.signatures().get(0);
      assertThat(s.indication()).as("%s: %s", r.file(), s.errors()).isNotEqualTo(Indication.TOTAL_PASSED);
      assertThat(s.errors()).as(r.file()).isNotEmpty();
    }
  }

  @Test
  void aSignatureInTheFilesOnlyRevisionIsValidatedLikeAnyOther() throws Exception {
    // pyHanko's form-update files sign in their first revision ("The previous revision cannot be null!")
    Path f = SharedData.pdfs("pdf-peer").stream()
        .filter(p -> p.getFileName().toString().contains("form-update-original-ap-type-wrong")).findFirst()
        .orElseThrow();
    VerificationReport r = OFFLINE.verify(f);
    assertThat(r.signatures()).hasSize(2);
    assertThat(r.signatures()).allSatisfy(s -> assertThat(s.signedBy()).isEqualTo("Alice"));
  }

  @Test
  void bareEofMarkersAppendedAfterTheLastSignatureAreNamedAsAChange() throws Exception {
    byte[] pdf = signedOnce();
    assertThat(OFFLINE.verify(pdf, "clean.pdf").signatures().get(0).modificationsAfterSigning()).isEmpty();
    byte[] junk = "%%EOF\n".repeat(100_000).getBytes(StandardCharsets.ISO_8859_1);
    byte[] appended = new byte[pdf.length + junk.length];
    System.arraycopy(pdf, 0, appended, 0, pdf.length);
    System.arraycopy(junk, 0, appended, pdf.length, junk.length);
    SignatureResult s = OFFLINE.verify(appended, "eofs.pdf").signatures().get(0);
    assertThat(s.modificationsAfterSigning()).as("%s", s.findings()).isNotEmpty();
    assertThat(s.coversWholeDocument()).isFalse();
  }

  @Test
  void xmpMetadataReplacedByNonXmlIsNamedAsAChange() throws Exception {
    byte[] pdf = signedOnce();
    byte[] changed;
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      var md = new org.apache.pdfbox.pdmodel.common.PDMetadata(doc,
          new java.io.ByteArrayInputStream("this is not XML <<".getBytes(StandardCharsets.US_ASCII)));
      doc.getDocumentCatalog().setMetadata(md);
      doc.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      doc.saveIncremental(out);
      changed = out.toByteArray();
    }
    SignatureResult s = OFFLINE.verify(changed, "xmp.pdf").signatures().get(0);
    assertThat(codes(s)).contains("modification.metadataNotXml");
    assertThat(s.indication()).isNotEqualTo(Indication.TOTAL_PASSED);
  }
}
