package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;

/** XmlVerifier and Verifier take the same size limit, with the same sentence; the defaults are the same. */
class XmlVerifierLimitsTest {
  @TempDir Path dir;

  @Test
  void bothVerifiersRefuseAFileOverTheLimitWithTheSameSentence() throws Exception {
    byte[] xml = ("<HDon>" + " ".repeat(3000) + "</HDon>").getBytes(StandardCharsets.UTF_8);
    Path f = dir.resolve("big.xml");
    Files.write(f, xml);
    Throwable byXml = org.assertj.core.api.Assertions.catchThrowable(() ->
        XmlVerifier.builder().offline(true).maxFileSize(1000).build().verify(f));
    Throwable byVerifier = org.assertj.core.api.Assertions.catchThrowable(() ->
        Verifier.builder().formats(XmlVerification.format()).offline(true).maxFileSize(1000).build().verify(f));
    assertThat(byXml).isInstanceOf(DocumentException.class).hasMessageContaining("big.xml")
        .hasMessageContaining("raise the limit");
    assertThat(byVerifier).isInstanceOf(DocumentException.class);
    assertThat(byXml.getMessage()).isEqualTo(byVerifier.getMessage());
    assertThatThrownBy(() -> XmlVerifier.builder().maxFileSize(1000).build().verify(xml, "mem.xml", Map.of()))
        .isInstanceOf(DocumentException.class).hasMessageContaining("mem.xml");
    // under the limit both read it: no signature
    assertThat(XmlVerifier.builder().offline(true).maxFileSize(10_000).timeout(Duration.ofMinutes(1)).build()
        .verify(f).verdict()).isEqualTo(Verdict.NO_SIGNATURE);
    assertThat(Verifier.builder().formats(XmlVerification.format())
        .offline(true).maxFileSize(10_000).build().verify(f).verdict())
        .isEqualTo(Verdict.NO_SIGNATURE);
  }

  @Test
  void badLimitsAreMisuse() {
    assertThatThrownBy(() -> XmlVerifier.builder().maxFileSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> XmlVerifier.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
