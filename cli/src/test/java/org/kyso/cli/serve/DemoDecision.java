package org.kyso.cli.serve;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.kyso.cli.demo.DemoImages;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.Decree30;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.SignatureImage;
import org.kyso.token.Keys;

/**
 * The decision {@code kyso demo} issues (approval by the chairman, issuance by the ward with number and date), made
 * the same way, with the demo's CRL server kept running so that it verifies TOTAL_PASSED while the test runs; and a
 * tampered copy: an incremental update that paints over a line of page 1 after both signatures.
 */
final class DemoDecision implements AutoCloseable {
  final Path root;
  final Path issued;
  final Path tampered;
  private final TestPki server;

  private DemoDecision(Path root, Path issued, Path tampered, TestPki server) {
    this.root = root;
    this.issued = issued;
    this.tampered = tampered;
    this.server = server;
  }

  static DemoDecision create(Path dir) throws Exception {
    // TestPki serves one CRL per issuer while nothing is revoked, as a real CA publishes it: the server and the
    // command line then see the same revocation data (its production time is part of the report)
    TestPki server = TestPki.start("kyso Demo");
    DevPki pki = server.pki();
    Path root = dir.resolve("root.pem");
    Files.writeString(root, DevPki.pem(pki.root().certificate()));
    Path chairman = dir.resolve("chu-tich.p12");
    Path ward = dir.resolve("ubnd-phuong.p12");
    DevPki.writePkcs12(pki.person("Nguyễn Văn An"), "an", "demo".toCharArray(), chairman);
    DevPki.writePkcs12(pki.organisation("UBND phường Điện Biên"), "ubnd", "demo".toCharArray(), ward);
    Path sig = dir.resolve("chu-ky.png");
    Path seal = dir.resolve("con-dau.png");
    Files.write(sig, DemoImages.signature());
    Files.write(seal, DemoImages.seal());
    Path letter = dir.resolve("quyet-dinh.pdf");
    Files.write(letter, SampleLetter.create());
    Path approved = dir.resolve("quyet-dinh.1-phe-duyet.pdf");
    try (SigningKey k = Keys.open("p12:" + chairman, PinSource.of("demo".toCharArray()))) {
      PdfSigner.builder(k).appearance(Decree30.approval(SignatureImage.png(sig))).reason("Phê duyệt")
          .location("Điện Biên").build().sign(letter, approved);
    }
    Path issued = dir.resolve("quyet-dinh.2-ban-hanh.pdf");
    try (SigningKey k = Keys.open("p12:" + ward, PinSource.of("demo".toCharArray()))) {
      PdfSigner.builder(k).appearance(Decree30.issuance("15/QĐ-UBND", LocalDate.now(ZoneOffset.ofHours(7)),
          SignatureImage.png(seal))).reason("Ban hành").location("Điện Biên").build().sign(approved, issued);
    }
    Path tampered = dir.resolve("quyet-dinh.2-ban-hanh.sua.pdf");
    Files.write(tampered, paintOver(Files.readAllBytes(issued)));
    return new DemoDecision(root, issued, tampered, server);
  }

  /** An incremental update after the signatures: a white box over part of page 1 with other words in it. */
  static byte[] paintOver(byte[] pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDPage page = doc.getPage(0);
      float h = page.getMediaBox().getHeight();
      try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true,
          true)) {
        cs.setNonStrokingColor(1f, 1f, 1f);
        cs.addRect(70, h * 0.55f, 300, 40);
        cs.fill();
        cs.setNonStrokingColor(0f, 0f, 0f);
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 14);
        cs.newLineAtOffset(80, h * 0.55f + 14);
        cs.showText("Muc phat: 500.000.000 dong");
        cs.endText();
      }
      page.getCOSObject().setNeedToBeUpdated(true);
      page.getResources().getCOSObject().setNeedToBeUpdated(true);
      doc.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.saveIncremental(out);
      return out.toByteArray();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
