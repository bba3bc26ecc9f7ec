package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.testing.CountingKey;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.TestKeys;
import org.kyso.pdf.testing.SampleLetter;

/**
 * Issue 18, signing order: the output is known to be writable and the input is read and checked before the key is
 * used, and nothing signs a document twice: with a remote key a second call is a second approval on a phone.
 */
class SigningOrderTest {
  static TestPki pki;
  static DevPki.Identity an;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.start();
    an = pki.pki().person("Nguyễn Văn An");
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  private Path letter() throws Exception {
    return Files.write(dir.resolve("letter.pdf"), SampleLetter.create());
  }

  @Test
  void aMissingOutputFolderIsRefusedBeforeTheKeyIsUsedOnTheFastPath() throws Exception {
    Path in = letter();
    Path out = dir.resolve("no-such-folder").resolve("letter.signed.pdf");
    try (CountingKey key = new CountingKey(TestKeys.p12(an, dir, "an"))) {
      PdfSigner signer = PdfSigner.builder(key).build();
      assertThat(signer.fastSigner()).as("B-B invisible uses the fast engine").isNotNull();
      assertThatThrownBy(() -> signer.sign(in, out)).isInstanceOf(FileAccessException.class)
          .hasMessage("The output folder " + out.toAbsolutePath().getParent() + " does not exist.");
      assertThat(key.calls()).isZero();
    }
    assertThat(out.getParent()).doesNotExist();
  }

  @Test
  void aMissingOutputFolderIsRefusedBeforeTheKeyIsUsedOnTheGeneralPath() throws Exception {
    Path in = letter();
    Path out = dir.resolve("no-such-folder").resolve("letter.signed.pdf");
    try (CountingKey key = new CountingKey(TestKeys.p12(an, dir, "an"))) {
      PdfSigner signer = PdfSigner.builder(key).appearance(Appearance.signerInfo()).build();
      assertThat(signer.fastSigner()).as("a visible signature uses the general engine").isNull();
      assertThatThrownBy(() -> signer.sign(in, out)).isInstanceOf(FileAccessException.class)
          .hasMessageNotContaining("\n").hasMessageContaining("does not exist");
      assertThat(key.calls()).isZero();
    }
  }

  @Test
  void anOutputPathThatIsAFolderIsRefusedBeforeTheKeyIsUsed() throws Exception {
    Path in = letter();
    Path out = Files.createDirectories(dir.resolve("a-folder.pdf"));
    try (CountingKey key = new CountingKey(TestKeys.p12(an, dir, "an"))) {
      assertThatThrownBy(() -> PdfSigner.builder(key).build().sign(in, out)).isInstanceOf(FileAccessException.class)
          .hasMessageContaining("is a folder");
      assertThat(key.calls()).isZero();
    }
  }

  @Test
  void anInputThatIsNotAPdfIsRefusedBeforeTheKeyIsUsed() throws Exception {
    Path in = Files.writeString(dir.resolve("letter.pdf"), "not a PDF at all, just text pretending");
    Path out = dir.resolve("letter.signed.pdf");
    try (CountingKey key = new CountingKey(TestKeys.p12(an, dir, "an"))) {
      assertThatThrownBy(() -> PdfSigner.builder(key).build().sign(in, out)).isInstanceOf(DocumentException.class);
      assertThat(key.calls()).isZero();
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void aWriteThatFailsAfterTheFastPathSignedNeverMakesTheGeneralPathSignAgain() throws Exception {
    Path in = letter();
    Path folder = Files.createDirectories(dir.resolve("usb-drive"));
    Path out = folder.resolve("letter.signed.pdf");
    // the drive goes away while the key signs: the write after the signature fails
    try (CountingKey key = new CountingKey(TestKeys.p12(an, dir, "an"), () -> Files.delete(folder))) {
      PdfSigner signer = PdfSigner.builder(key).build();
      assertThat(signer.fastSigner()).isNotNull();
      assertThatThrownBy(() -> signer.sign(in, out)).isInstanceOf(FileAccessException.class)
          .hasMessageNotContaining("\n");
      assertThat(key.calls()).as("one document, one signature by the key").isEqualTo(1);
    }
    assertThat(folder).doesNotExist();
  }

  @Test
  void theFastEngineNeverHandsBackADocumentItsKeyAlreadySigned() throws Exception {
    // "handing back" (false) would let the general engine sign the same document a second time
    Path in = letter();
    Path folder = Files.createDirectories(dir.resolve("usb-drive"));
    Path out = folder.resolve("letter.signed.pdf");
    try (CountingKey key = new CountingKey(TestKeys.p12(an, dir, "an"), () -> Files.delete(folder))) {
      PdfSigner signer = PdfSigner.builder(key).build();
      java.time.Instant time = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      assertThatThrownBy(() -> org.kyso.pdf.internal.fast.FastPath.sign(signer.fastSigner(), in, out, time))
          .isInstanceOf(FileAccessException.class);
      assertThat(key.calls()).isEqualTo(1);
    }
  }

  @Test
  void aWriteThatFailsAfterTheGeneralPathSignedIsReportedOnce() throws Exception {
    Path in = letter();
    Path folder = Files.createDirectories(dir.resolve("usb-drive"));
    Path out = folder.resolve("letter.signed.pdf");
    try (CountingKey key = new CountingKey(TestKeys.p12(an, dir, "an"), () -> Files.delete(folder))) {
      PdfSigner signer = PdfSigner.builder(key).appearance(Appearance.signerInfo()).build();
      assertThatThrownBy(() -> signer.sign(in, out)).isInstanceOf(FileAccessException.class);
      assertThat(key.calls()).isEqualTo(1);
    }
  }

  @Test
  void aDocumentTheFastPathDoesNotHandleIsSignedOnceByTheGeneralPath() throws Exception {
    // an encrypted-looking or otherwise unusual file is handed over before the key is used; here: a PDF whose
    // cross-reference offsets are wrong, which the strict fast reader refuses and PDFBox repairs
    byte[] pdf = SampleLetter.create();
    String text = new String(pdf, java.nio.charset.StandardCharsets.ISO_8859_1);
    int sx = text.lastIndexOf("startxref");
    String broken = text.substring(0, sx) + "startxref\n1\n%%EOF\n";
    Path in = Files.write(dir.resolve("broken-xref.pdf"), broken.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Path out = dir.resolve("broken-xref.signed.pdf");
    try (CountingKey key = new CountingKey(TestKeys.p12(an, dir, "an"))) {
      PdfSigner signer = PdfSigner.builder(key).build();
      assertThatThrownBy(() -> signer.fastSigner().prepare(Files.readAllBytes(in), java.time.Instant.now()))
          .as("the fast engine hands this document back before any key is used")
          .isInstanceOf(org.kyso.pdf.internal.fast.FastPathUnsupportedException.class);
      signer.sign(in, out);
      assertThat(key.calls()).isEqualTo(1);
    }
    Judges.assertDssPasses(Files.readAllBytes(out), pki.pki().root().certificate(), 1);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }
}
