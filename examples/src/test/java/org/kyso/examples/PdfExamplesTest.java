package org.kyso.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.PinSource;
import org.kyso.core.TrustAnchors;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.pdf.CopyForm;
import org.kyso.pdf.PdfVerification;

/** The PDF examples run: approval then issuance, then an electronic copy; every signature stays valid. */
class PdfExamplesTest {
  @TempDir Path dir;

  @Test
  void approvalThenIssuanceThenCopy() throws Exception {
    try (TestPki pki = TestPki.start()) {
      Path person = TestPki.writeP12(pki.pki().person("Nguyễn Văn An"), dir.resolve("an.p12"), "mk-an");
      Path org = TestPki.writeP12(pki.pki().organisation("UBND thành phố Đà Nẵng"), dir.resolve("org.p12"), "mk-org");
      Path letter = dir.resolve("quyet-dinh.pdf");
      Files.write(letter, decision());
      Path signature = dir.resolve("chu-ky.png");
      Files.write(signature, png(new Color(20, 40, 170), false));
      Path seal = dir.resolve("con-dau.png");
      Files.write(seal, png(new Color(210, 20, 20), true));

      Path issued = ApprovalThenIssuance.run(letter, person, PinSource.of("mk-an".toCharArray()), org,
          PinSource.of("mk-org".toCharArray()), signature, seal, "15/QĐ-UBND", LocalDate.of(2025, 7, 1), dir);
      Verifier verifier = Verifier.builder().formats(PdfVerification.format())
          .trust(TrustAnchors.of(pki.pki().root().certificate())).build();
      VerificationReport report = verifier.verify(issued);
      assertThat(report.signatures()).extracting(s -> s.signedBy())
          .containsExactly("Nguyễn Văn An", "UBND thành phố Đà Nẵng");
      assertIssuedDocument(report);

      Path copy = dir.resolve("ban-sao.pdf");
      ElectronicCopy.copy(issued, copy, org, PinSource.of("mk-org".toCharArray()), CopyForm.SAO_Y,
          "Văn phòng UBND thành phố Đà Nẵng");
      VerificationReport copied = verifier.verify(copy);
      assertThat(copied.signatures()).hasSize(3);
      assertIssuedDocument(copied);
      assertThat(copied.signatures().get(2).indication()).isEqualTo(Indication.TOTAL_PASSED);
    }
  }

  /**
   * Every signature passes: the number and date that the issuance adds after the approval are covered by the
   * issuance signature, which kyso's verifier reports as attested changes.
   */
  private static void assertIssuedDocument(VerificationReport report) {
    assertThat(report.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
    assertThat(report.signatures()).allSatisfy(s -> assertThat(s.indication()).isEqualTo(Indication.TOTAL_PASSED));
  }

  /** A decision with the blanks Decree 30 leaves for the clerk: after "Số:" and after the place name. */
  private static byte[] decision() throws IOException {
    try (PDDocument doc = new PDDocument();
        InputStream f = PdfExamplesTest.class.getResourceAsStream("/org/kyso/pdf/fonts/LiberationSerif-Regular.ttf")) {
      PDType0Font font = PDType0Font.load(doc, f, true);
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        String[][] lines = {{"95", "780", "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG"}, {"95", "740", "Số:"},
            {"330", "740", "Đà Nẵng,"}, {"250", "690", "QUYẾT ĐỊNH"}, {"85", "650", "Điều 1. Phê duyệt kế hoạch."},
            {"390", "400", "CHỦ TỊCH"}, {"375", "320", "Nguyễn Văn An"}};
        for (String[] l : lines) {
          cs.beginText();
          cs.setFont(font, 13);
          cs.newLineAtOffset(Float.parseFloat(l[0]), Float.parseFloat(l[1]));
          cs.showText(l[2]);
          cs.endText();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  /** A transparent PNG: a stroke for a signature, a ring for a seal. */
  private static byte[] png(Color colour, boolean round) throws IOException {
    BufferedImage img = new BufferedImage(300, round ? 300 : 120, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    g.setColor(colour);
    g.setStroke(new BasicStroke(8));
    if (round) {
      g.drawOval(10, 10, 280, 280);
    } else {
      g.drawLine(20, 100, 280, 20);
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
