package org.kyso.pdf.internal.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.SigningKey;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.testing.Keys;
import org.kyso.pdf.testing.SampleLetter;

/** kyso's one-pass reading of incremental updates (issue 20): which updates only add signatures. */
class UpdateChainTest {
  private static TestPki pki;
  private static SigningKey key;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    pki = TestPki.start();
    key = Keys.p12(pki.pki().person("Nguyễn Văn An"), dir, "an");
  }

  @AfterAll
  static void stop() {
    key.close();
    pki.close();
  }

  private static byte[] sign(byte[] pdf) throws Exception {
    return PdfSigner.builder(key).build().sign(pdf);
  }

  private static UpdateChain chain(byte[] pdf) {
    UpdateChain c = UpdateChain.read(RawPdf.Source.of(pdf));
    assertThat(c).isNotNull();
    return c;
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

  @Test
  void laterSignaturesOnlyAreRecognised() throws Exception {
    byte[] one = sign(SampleLetter.create());
    byte[] three = sign(sign(one));
    UpdateChain c = chain(three);
    assertThat(c.onlySignaturesAfter(one.length)).isTrue();
    assertThat(c.signatureAfter(one.length)).isTrue();
    assertThat(c.validationDataAfter(one.length)).isFalse();
    assertThat(c.onlySignaturesAfter(three.length)).isTrue();
    assertThat(c.signatureAfter(three.length)).isFalse();
    assertThat(c.catalogHasDss(one.length)).isFalse();
  }

  @Test
  void aContentChangeAPageOrAnAnnotationIsNotOnlySignatures() throws Exception {
    byte[] one = sign(SampleLetter.create());
    byte[] content = incremental(one, doc -> {
      PDPage page = doc.getPage(0);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND,
          false)) {
        cs.addRect(10, 10, 100, 100);
        cs.fill();
      }
      page.getCOSObject().setNeedToBeUpdated(true);
    });
    byte[] page = incremental(one, doc -> {
      doc.addPage(new PDPage(PDRectangle.A4));
      doc.getPages().getCOSObject().setNeedToBeUpdated(true);
    });
    byte[] note = incremental(one, doc -> {
      PDPage p = doc.getPage(0);
      PDAnnotationText t = new PDAnnotationText();
      t.setRectangle(new PDRectangle(100, 100, 20, 20));
      p.getAnnotations().add(t);
      p.getCOSObject().setNeedToBeUpdated(true);
    });
    for (byte[] changed : new byte[][] {content, page, note}) {
      byte[] signedAfter = sign(changed);
      UpdateChain c = chain(signedAfter);
      assertThat(c.onlySignaturesAfter(one.length)).isFalse();
      assertThat(c.firstOtherUpdateAfter(one.length)).isGreaterThanOrEqualTo(one.length);
      // the signature made after the change is followed by nothing
      assertThat(c.onlySignaturesAfter(signedAfter.length)).isTrue();
    }
  }

  @Test
  void aStreamRewrittenInPlaceOfTheSameObjectIsAChange() {
    RawValue.Dict a = new RawValue.Dict(new byte[0], 0, 0, java.util.Map.of("Length",
        new RawValue.Num(new byte[0], 0, 0, "5")));
    assertThat(UpdateChain.same(a, a)).isFalse();
    RawValue n1 = new RawValue.Num(new byte[0], 0, 0, "595");
    RawValue n2 = new RawValue.Num(new byte[0], 0, 0, "595.0");
    assertThat(UpdateChain.same(n1, n2)).isTrue();
  }
}
