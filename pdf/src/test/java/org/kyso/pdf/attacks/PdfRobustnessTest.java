package org.kyso.pdf.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;

/**
 * Large and hostile PDFs are each verified in a JVM of its own with {@code -Xmx512m}: a 20 MB scan-like PDF, a
 * 1,000-page PDF, a deeply nested object added after signing, a truncated signed PDF, and garbage behind a PDF
 * header. Each must end with a verdict or a clear refusal, never a crash. The files are generated under target/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PdfRobustnessTest {
  private TestPki pki;
  private PdfFixtures.Signer signer;
  private DevPki.Identity an;
  private Path dir;
  private Path rootPem;

  @BeforeAll
  void setUp() throws Exception {
    pki = TestPki.start();
    signer = new PdfFixtures.Signer(pki.pki());
    an = pki.pki().person("Nguyễn Văn An");
    dir = Files.createDirectories(Path.of("target", "robustness"));
    rootPem = pki.writeRootPem(dir);
  }

  @AfterAll
  void tearDown() {
    pki.close();
  }

  /** Runs {@link VerifyMain} with -Xmx512m and returns its single output line. */
  private String verifyIn512m(Path file) throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path out = dir.resolve(file.getFileName() + ".out");
    Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
        "-cp", cp, VerifyMain.class.getName(), file.toString(), rootPem.toString()))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(output).isZero();
    List<String> lines = output.lines().filter(l -> l.startsWith("VERDICT ") || l.startsWith("REFUSED ")).toList();
    assertThat(lines).as(output).hasSize(1);
    assertThat(output).as("no stack trace").doesNotContain("\tat ").doesNotContain("OutOfMemoryError");
    return lines.get(0);
  }

  @Test
  void verifiesA20MegabytePdfIn512Megabytes() throws Exception {
    byte[] pdf;
    try (PDDocument doc = new PDDocument()) {
      Random random = new Random(42);
      for (int i = 0; i < 4; i++) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        BufferedImage img = new BufferedImage(1400, 1300, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
          for (int x = 0; x < img.getWidth(); x++) {
            img.setRGB(x, y, random.nextInt(0x1000000));
          }
        }
        PDImageXObject image = LosslessFactory.createFromImage(doc, img);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(image, 20, 20, 555, 800);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      pdf = out.toByteArray();
    }
    byte[] signed = signer.sign(pdf, an, SignatureLevel.PAdES_BASELINE_LT);
    assertThat(signed.length).isGreaterThan(20_000_000);
    Path file = dir.resolve("scan-20mb.pdf");
    Files.write(file, signed);
    assertThat(verifyIn512m(file)).startsWith("VERDICT TOTAL_PASSED");
  }

  @Test
  void verifiesA1000PagePdfIn512Megabytes() throws Exception {
    byte[] pdf;
    try (PDDocument doc = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int i = 1; i <= 1000; i++) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(font, 12);
          cs.newLineAtOffset(72, 760);
          cs.showText("Page " + i + " of the register");
          cs.endText();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      pdf = out.toByteArray();
    }
    byte[] signed = signer.sign(pdf, an, SignatureLevel.PAdES_BASELINE_LT);
    Path file = dir.resolve("register-1000-pages.pdf");
    Files.write(file, signed);
    assertThat(verifyIn512m(file)).startsWith("VERDICT TOTAL_PASSED");

    Path attacked = dir.resolve("register-1000-pages-plus-one.pdf");
    Files.write(attacked, PdfAttacks.addPage(signed));
    assertThat(verifyIn512m(attacked)).matches("VERDICT (TOTAL_FAILED|INDETERMINATE).*");
  }

  @Test
  void handlesADeeplyNestedObjectAddedAfterSigning() throws Exception {
    byte[] signed = signer.sign(PdfFixtures.document(PdfFixtures.Options.plain(1)), an,
        SignatureLevel.PAdES_BASELINE_B);
    Path file = dir.resolve("deeply-nested.pdf");
    Files.write(file, appendNested(signed, 200_000));
    // a verdict that does not pass, or a clear refusal
    assertThat(verifyIn512m(file)).matches("VERDICT (TOTAL_FAILED|INDETERMINATE).*|REFUSED DocumentException: .*");
  }

  @Test
  void handlesADeeplyNestedUnsignedPdf() throws Exception {
    Path file = dir.resolve("deeply-nested-unsigned.pdf");
    Files.write(file, nestedPdf(200_000));
    assertThat(verifyIn512m(file)).matches("VERDICT NO_SIGNATURE.*|REFUSED DocumentException: .*");
  }

  @Test
  void handlesATruncatedSignedPdf() throws Exception {
    byte[] signed = signer.sign(PdfFixtures.document(PdfFixtures.Options.plain(3)), an,
        SignatureLevel.PAdES_BASELINE_B);
    for (double keep : new double[] {0.3, 0.6, 0.95}) {
      byte[] cut = java.util.Arrays.copyOf(signed, (int) (signed.length * keep));
      Path file = dir.resolve("truncated-" + (int) (keep * 100) + ".pdf");
      Files.write(file, cut);
      String result = verifyIn512m(file);
      assertThat(result).matches("VERDICT (TOTAL_FAILED|INDETERMINATE|NO_SIGNATURE).*|REFUSED DocumentException: .*");
      if (keep > 0.9) {
        // the signature dictionary is still there: a signature that cannot be read, not "no signature"
        assertThat(result).isEqualTo("REFUSED DocumentException: The file " + file.getFileName()
            + " holds a signature that cannot be read; the file may be truncated or damaged.");
      }
    }
  }

  @Test
  void handlesGarbageBehindAPdfHeader() throws Exception {
    byte[] junk = new byte[200_000];
    new Random(7).nextBytes(junk);
    byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
    byte[] file = new byte[header.length + junk.length];
    System.arraycopy(header, 0, file, 0, header.length);
    System.arraycopy(junk, 0, file, header.length, junk.length);
    Path p = dir.resolve("garbage.pdf");
    Files.write(p, file);
    assertThat(verifyIn512m(p)).matches("VERDICT NO_SIGNATURE.*|REFUSED DocumentException: .*");
  }

  /**
   * Appends, by hand, an incremental update whose catalog points to an array nested {@code depth} deep: PDFBox
   * cannot write such an object itself.
   */
  static byte[] appendNested(byte[] pdf, int depth) throws IOException {
    int catalogNumber;
    int size;
    try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
      catalogNumber = (int) doc.getDocument().getTrailer().getCOSObject(COSName.ROOT).getKey().getNumber();
      size = doc.getDocument().getTrailer().getInt(COSName.SIZE);
    }
    String text = new String(pdf, StandardCharsets.ISO_8859_1);
    int objAt = text.lastIndexOf("\n" + catalogNumber + " 0 obj") + 1;
    int dictAt = text.indexOf("<<", objAt);
    int endObj = text.indexOf("endobj", objAt);
    String catalog = text.substring(dictAt + 2, text.lastIndexOf(">>", endObj));
    int prev = Integer.parseInt(text.substring(text.lastIndexOf("startxref") + 9).trim().split("\\s+")[0]);
    int nested = size;
    StringBuilder update = new StringBuilder("\n");
    List<long[]> offsets = new ArrayList<>();
    offsets.add(new long[] {nested, pdf.length + update.length()});
    update.append(nested).append(" 0 obj\n").append("[".repeat(depth)).append("]".repeat(depth)).append("\nendobj\n");
    offsets.add(new long[] {catalogNumber, pdf.length + update.length()});
    update.append(catalogNumber).append(" 0 obj\n<<").append(catalog).append(" /Nested ").append(nested)
        .append(" 0 R >>\nendobj\n");
    long xref = pdf.length + update.length();
    update.append("xref\n0 1\n0000000000 65535 f \n");
    offsets.sort((a, b) -> Long.compare(a[0], b[0]));
    for (long[] o : offsets) {
      update.append(o[0]).append(" 1\n").append(String.format("%010d 00000 n \n", o[1]));
    }
    update.append("trailer\n<< /Size ").append(nested + 1).append(" /Root ").append(catalogNumber)
        .append(" 0 R /Prev ").append(prev).append(" >>\nstartxref\n").append(xref).append("\n%%EOF\n");
    byte[] tail = update.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[pdf.length + tail.length];
    System.arraycopy(pdf, 0, out, 0, pdf.length);
    System.arraycopy(tail, 0, out, pdf.length, tail.length);
    return out;
  }

  /** A minimal unsigned PDF whose catalog points to an array nested {@code depth} deep. */
  static byte[] nestedPdf(int depth) {
    StringBuilder b = new StringBuilder("%PDF-1.7\n");
    long[] off = new long[5];
    off[1] = b.length();
    b.append("1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Nested 4 0 R >>\nendobj\n");
    off[2] = b.length();
    b.append("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
    off[3] = b.length();
    b.append("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n");
    off[4] = b.length();
    b.append("4 0 obj\n").append("<< /A ".repeat(depth)).append(">>".repeat(depth)).append("\nendobj\n");
    long xref = b.length();
    b.append("xref\n0 5\n0000000000 65535 f \n");
    for (int i = 1; i <= 4; i++) {
      b.append(String.format("%010d 00000 n \n", off[i]));
    }
    b.append("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
