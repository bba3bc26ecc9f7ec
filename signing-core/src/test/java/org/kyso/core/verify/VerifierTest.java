package org.kyso.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;

/**
 * The verifier's handling of its inputs and settings. The signature checks themselves run in the pdf and xml
 * modules' attack corpora, where DSS's PAdES and XAdES support is on the class path.
 */
class VerifierTest {
  @TempDir
  Path dir;

  private final Verifier verifier = Verifier.builder().offline(true).build();

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
    Verifier withPolicy = Verifier.builder().validationPolicy(policy).build();
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
}
