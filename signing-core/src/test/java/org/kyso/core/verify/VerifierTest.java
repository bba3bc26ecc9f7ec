package org.kyso.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.internal.dss.DssVerification;
import org.kyso.core.testing.MinimalPdf;

/**
 * The verifier's handling of its inputs and settings. The signature checks themselves run in the pdf and xml
 * modules' attack corpora, where DSS's PAdES and XAdES support is on the class path.
 */
class VerifierTest {
  @TempDir
  Path dir;

  /** Stand-ins for the pdf and xml modules' formats, which signing-core cannot see: DSS alone. */
  private static final VerificationFormat PDF = new DssOnlyFormat("PDF",
      h -> new String(h, StandardCharsets.ISO_8859_1).contains("%PDF-"));
  private static final VerificationFormat XML = DssOnlyFormat.xml();

  private final Verifier verifier = Verifier.builder().formats(PDF, XML).offline(true).build();

  @Test
  void refusesAMissingFile() {
    assertThatThrownBy(() -> verifier.verify(dir.resolve("nothing.pdf"))).isInstanceOf(FileAccessException.class)
        .hasMessageEndingWith("nothing.pdf does not exist.");
  }

  @Test
  void refusesAnEmptyFile() throws Exception {
    Path p = Files.write(dir.resolve("empty.pdf"), new byte[0]);
    assertThatThrownBy(() -> verifier.verify(p)).isInstanceOf(DocumentException.class)
        .hasMessage("The file empty.pdf is empty.");
  }

  @Test
  void refusesFilesOverTheSizeLimit() throws Exception {
    Path p = Files.write(dir.resolve("big.pdf"), new byte[2 * 1024 * 1024]);
    Verifier small = verifier.newBuilder().maxFileSize(1024 * 1024).build();
    assertThatThrownBy(() -> small.verify(p)).isInstanceOf(DocumentException.class)
        .hasMessage("The file big.pdf is 2.0 MiB, larger than the 1.0 MiB kyso verifies; raise the limit if the file "
            + "is expected to be this large.");
    assertThatThrownBy(() -> small.verify(new byte[2 * 1024 * 1024], "upload.pdf"))
        .isInstanceOf(DocumentException.class).hasMessageStartingWith("The file upload.pdf is 2.0 MiB");
  }

  @Test
  void refusesWhatIsNeitherPdfNorXml() throws Exception {
    Path p = Files.writeString(dir.resolve("notes.txt"), "just some text");
    assertThatThrownBy(() -> verifier.verify(p)).isInstanceOf(DocumentException.class)
        .hasMessage("The file notes.txt is neither a PDF nor an XML document that kyso can read.");
  }

  @Test
  void aVerifierBuiltWithoutThePdfFormatRefusesAPdfNamingTheFormat() throws Exception {
    Path pdf = Files.write(dir.resolve("cong-van.pdf"), MinimalPdf.bytes());
    Verifier xmlOnly = Verifier.builder().formats(XML).offline(true).build();
    String sentence = "The file cong-van.pdf is a PDF document, but this verifier was built without the PDF format"
        + " (it judges XML only); add it with Verifier.builder().formats(PdfVerification.format(), ...).";
    assertThatThrownBy(() -> xmlOnly.verify(pdf)).isInstanceOf(DocumentException.class).hasMessage(sentence);
    assertThatThrownBy(() -> xmlOnly.verify(MinimalPdf.bytes(), "cong-van.pdf")).isInstanceOf(DocumentException.class)
        .hasMessage(sentence);
    assertThatThrownBy(() -> xmlOnly.etsiValidationReport(pdf)).isInstanceOf(DocumentException.class)
        .hasMessage(sentence);
    // the same verifier still judges what it was given
    assertThat(xmlOnly.verify("<a/>".getBytes(StandardCharsets.UTF_8), "a.xml").verdict())
        .isEqualTo(Verdict.NO_SIGNATURE);
  }

  @Test
  void aVerifierGivenNoFormatJudgesNothing() throws Exception {
    Path txt = Files.writeString(dir.resolve("notes.txt"), "just some text");
    assertThatThrownBy(() -> Verifier.builder().build().verify(txt)).isInstanceOf(DocumentException.class)
        .hasMessage("The file notes.txt cannot be judged: this verifier was built without any format; give it the"
            + " formats to judge with Verifier.builder().formats(...).");
    Path xml = Files.writeString(dir.resolve("a.xml"), "<a/>");
    assertThatThrownBy(() -> Verifier.builder().formats(PDF).build().verify(xml))
        .isInstanceOf(DocumentException.class).hasMessageStartingWith("The file a.xml is an XML document, but this"
            + " verifier was built without the XML format (it judges PDF only)");
    assertThat(verifier.formats()).containsExactly(PDF, XML);
    assertThat(verifier.newBuilder().build().formats()).containsExactly(PDF, XML);
  }

  @Test
  void theReportNamesTheFormatsEngine() throws Exception {
    assertThat(verifier.verify("<a/>".getBytes(StandardCharsets.UTF_8), "a.xml").engine()).isEqualTo("dss");
  }

  @Test
  void unsignedXmlHasNoSignature() throws Exception {
    VerificationReport r = verifier.verify("<?xml version=\"1.0\"?><HDon>Đà Nẵng</HDon>"
        .getBytes(StandardCharsets.UTF_8), "hoadon.xml");
    assertThat(r.verdict()).isEqualTo(Verdict.NO_SIGNATURE);
    assertThat(r.file()).isEqualTo("hoadon.xml");
    assertThat(r.signatures()).isEmpty();
  }

  @Test
  void loadsACallerSuppliedValidationPolicy() throws Exception {
    Path policy = dir.resolve("policy.xml");
    try (var in = getClass().getResourceAsStream("/policy/constraint.xml")) {
      Files.write(policy, in.readAllBytes());
    }
    Verifier withPolicy = Verifier.builder().formats(XML).validationPolicy(policy).build();
    assertThat(withPolicy.verify("<x/>".getBytes(StandardCharsets.UTF_8), "x.xml").verdict())
        .isEqualTo(Verdict.NO_SIGNATURE);

    Path notAPolicy = Files.writeString(dir.resolve("bad-policy.xml"), "<Policy/>");
    assertThatThrownBy(() -> Verifier.builder().validationPolicy(notAPolicy)).isInstanceOf(DocumentException.class)
        .hasMessageStartingWith("The validation policy bad-policy.xml is not a DSS validation policy");
    assertThatThrownBy(() -> Verifier.builder().validationPolicy(dir.resolve("missing.xml")))
        .isInstanceOf(FileAccessException.class);
  }

  @Test
  void rejectsMeaninglessLimits() {
    assertThatThrownBy(() -> Verifier.builder().timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Verifier.builder().maxFileSize(0)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A format for signing-core's own tests, which cannot see the pdf and xml modules: DSS's judgement alone (no
   * format checks), for the documents {@code claims} accepts.
   */
  private static final class DssOnlyFormat implements VerificationFormat {
    private final String name;
    private final Predicate<byte[]> claims;

    DssOnlyFormat(String name, Predicate<byte[]> claims) {
      this.name = name;
      this.claims = claims;
    }

    /** Claims what starts with {@code <} (after white space). */
    static DssOnlyFormat xml() {
      return new DssOnlyFormat("XML", h -> new String(h, java.nio.charset.StandardCharsets.UTF_8).strip()
          .startsWith("<"));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean claims(byte[] head) {
      return claims.test(head);
    }

    @Override
    public VerificationReport verify(Path file, VerificationSettings s) throws KysoException {
      return dss(s).verify(file).withEngine("dss");
    }

    @Override
    public VerificationReport verify(byte[] document, String fileName, VerificationSettings s)
        throws KysoException {
      return dss(s).verify(document, fileName).withEngine("dss");
    }

    @Override
    public String etsiValidationReport(Path file, VerificationSettings s) throws KysoException {
      return dss(s).etsiReport(file);
    }

    private static DssVerification dss(VerificationSettings s) {
      return new DssVerification(new DssVerification.Settings(s.trust(), s.online(), s.documentUrls(),
          s.detailedReport(), s.clock(), s.policy(), s.timeout()));
    }
  }
}
