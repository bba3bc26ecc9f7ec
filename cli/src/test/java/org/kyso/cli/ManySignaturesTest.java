package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.pdf.PdfSigner;
import org.kyso.token.Keys;

/**
 * Issue 20: a PDF with hundreds of signatures, or a thousand signature fields, is verified (each signature listed)
 * by {@code kyso verify} at {@code -Xmx256m}, in a separate process; and a change hidden among many signatures is
 * still named for every signature made before it. No timing is asserted: the timeouts only guard against a hang.
 */
class ManySignaturesTest {
  @RegisterExtension
  static final SmallHeapKyso fixture = new SmallHeapKyso();

  @TempDir
  Path dir;

  private byte[] signTimes(byte[] pdf, int n) throws Exception {
    Path p12 = fixture.signerP12(dir);
    try (SigningKey key = Keys.open("p12:" + p12, PinSource.of(SmallHeapKyso.PIN.toCharArray()))) {
      PdfSigner signer = PdfSigner.builder(key).build();
      for (int i = 0; i < n; i++) {
        pdf = signer.sign(pdf);
      }
    }
    return pdf;
  }

  /** {@code kyso verify FILE --format json} at -Xmx256m in its own JVM; the file's JSON entry. */
  private Map<String, Object> verify(Path file, int expectedExit) throws Exception {
    Path root = fixture.pki().writeRootPem(dir);
    KysoProcess.Result r = fixture.run(dir, 1800, "verify", file.toString(), "--trust", root.toString(), "--format",
        "json", "--timeout", "1800");
    assertThat(r.errText()).doesNotContain("Exception").doesNotContain("OutOfMemoryError");
    if (expectedExit >= 0) {
      assertThat(r.exitCode()).as(r.errText()).isEqualTo(expectedExit);
    } else {
      // a change after signing: INDETERMINATE (2) or, where DSS's policy fails it, TOTAL_FAILED (1)
      assertThat(r.exitCode()).as(r.errText()).isIn(1, 2);
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) ((Map<String, Object>) org.kyso.core.internal.json.Json.parse(
        r.outText())).get("files");
    return files.get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> signatures(Map<String, Object> file) {
    return (List<Map<String, Object>>) file.get("signatures");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> modifications(Map<String, Object> sig) {
    return (List<Object>) sig.get("modificationsAfterSigning");
  }

  @Test
  @Timeout(1800)
  void threeHundredSignaturesAreEachVerifiedWithinASmallHeap() throws Exception {
    Path file = Files.write(dir.resolve("300.pdf"), signTimes(SampleLetter.create(), 300));
    Map<String, Object> report = verify(file, 0);
    assertThat(report.get("verdict")).isEqualTo("TOTAL_PASSED");
    List<Map<String, Object>> sigs = signatures(report);
    assertThat(sigs).hasSize(300);
    assertThat(sigs).allSatisfy(s -> {
      assertThat(s.get("indication")).isEqualTo("TOTAL_PASSED");
      assertThat(modifications(s)).isEmpty();
    });
    assertThat(sigs.stream().filter(s -> Boolean.TRUE.equals(s.get("coversWholeDocument")))).hasSize(1);
  }

  @Test
  @Timeout(1800)
  void aThousandSignatureFieldsAreEachListedWithinASmallHeap() throws Exception {
    byte[] one = signTimes(SampleLetter.create(), 1);
    Path file = Files.write(dir.resolve("fields.pdf"), HostileInputCliTest.copiesOfTheSignature(one, 1_000));
    Map<String, Object> report = verify(file, 1);
    List<Map<String, Object>> sigs = signatures(report);
    assertThat(sigs).hasSize(1_000);
    // the copies claim a revision in which their fields did not exist: DSS finds their dictionaries inconsistent
    assertThat(sigs.stream().filter(s -> "TOTAL_FAILED".equals(s.get("indication")))).hasSize(999);
    // the one real signature: the fields added after it are named
    assertThat(sigs).allSatisfy(s -> assertThat(modifications(s)).isNotEmpty());
  }

  /**
   * 12 signatures, then a shadow change of page 1's content in an update of its own, then 12 more: every signature
   * made before the change names it and none of them passes; the signatures made after it are untouched.
   */
  @Test
  @Timeout(1800)
  void aContentChangeHiddenAmongManySignaturesIsNamedForEveryEarlierSignature() throws Exception {
    byte[] before = signTimes(SampleLetter.create(), 12);
    byte[] changed = incremental(before, doc -> {
      PDPage page = doc.getPage(0);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND,
          false)) {
        cs.addRect(50, 50, 300, 100);
        cs.fill();
      }
      page.getCOSObject().setNeedToBeUpdated(true);
    });
    Path file = Files.write(dir.resolve("shadow.pdf"), signTimes(changed, 12));
    List<Map<String, Object>> sigs = signatures(verify(file, -1));
    assertThat(sigs).hasSize(24);
    long end = before.length;
    int earlier = 0;
    for (Map<String, Object> s : sigs) {
      boolean isEarlier = !Boolean.TRUE.equals(s.get("coversWholeDocument")) && modifications(s).stream()
          .anyMatch(m -> String.valueOf(m).toLowerCase().contains("content"));
      if (isEarlier) {
        earlier++;
        assertThat(s.get("indication")).isNotEqualTo("TOTAL_PASSED");
      } else {
        assertThat(s.get("indication")).as(String.valueOf(s)).isEqualTo("TOTAL_PASSED");
      }
    }
    assertThat(earlier).as("signatures before the change (file end %d)", end).isEqualTo(12);
  }

  /**
   * 30 signatures in their own revisions, then one byte of the 10th signature's /Contents padding changed (outside
   * that signature's byte range, inside every later one's): each later signature's digest no longer matches and
   * each earlier one's does (issue 20: the signed ranges are hashed in one pass over the file, each range on its
   * own digest).
   */
  @Test
  @Timeout(1800)
  void eachSignatureIsCheckedAgainstItsOwnBytesAmongManyRevisions() throws Exception {
    byte[] pdf = signTimes(SampleLetter.create(), 30);
    String text = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = -1;
    for (int k = 0; k < 10; k++) {
      at = text.indexOf("/Contents <", at + 1);
      assertThat(at).isPositive();
    }
    int close = text.indexOf('>', at);
    assertThat(text.charAt(close - 1)).as("zero padding at the end of the 10th /Contents").isEqualTo('0');
    pdf[close - 1] = '1';
    Path file = Files.write(dir.resolve("padding.pdf"), pdf);
    List<Map<String, Object>> sigs = signatures(verify(file, 1));
    assertThat(sigs).hasSize(30);
    assertThat(sigs.stream().filter(s -> "TOTAL_FAILED".equals(s.get("indication"))
        && "HASH_FAILURE".equals(s.get("subIndication")))).as(String.valueOf(sigs)).hasSize(20);
    assertThat(sigs.stream().filter(s -> "TOTAL_PASSED".equals(s.get("indication")))).hasSizeGreaterThanOrEqualTo(9);
  }

  /** 15 signatures, then a page added, then 15 more: the first 15 name the added page. */
  @Test
  @Timeout(1800)
  void aPageAddedAmongManySignaturesIsNamed() throws Exception {
    byte[] before = signTimes(SampleLetter.create(), 15);
    byte[] added = incremental(before, doc -> {
      doc.addPage(new PDPage(PDRectangle.A4));
      doc.getPages().getCOSObject().setNeedToBeUpdated(true);
    });
    Path file = Files.write(dir.resolve("page.pdf"), signTimes(added, 15));
    List<Map<String, Object>> sigs = signatures(verify(file, -1));
    assertThat(sigs).hasSize(30);
    assertThat(sigs.stream().filter(s -> !"TOTAL_PASSED".equals(s.get("indication"))).toList()).hasSize(15)
        .allSatisfy(s -> assertThat(String.valueOf(modifications(s)).toLowerCase()).contains("page"));
  }

  private interface Change {
    void apply(PDDocument doc) throws Exception;
  }

  private static byte[] incremental(byte[] pdf, Change change) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      change.apply(doc);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.saveIncremental(out);
      return out.toByteArray();
    }
  }
}
