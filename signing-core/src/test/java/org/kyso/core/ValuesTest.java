package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.Verdict;

class ValuesTest {
  @TempDir
  Path dir;

  @Test
  void levelsParseTheCommandLineForms() {
    assertThat(Level.parse("B-LT")).isEqualTo(Level.B_LT);
    assertThat(Level.parse("b_lta")).isEqualTo(Level.B_LTA);
    assertThat(Level.parse("BASELINE-T")).isEqualTo(Level.B_T);
    assertThat(Level.B_LTA.label()).isEqualTo("B-LTA");
    assertThatThrownBy(() -> Level.parse("B-X")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pssExistsOnlyForRsa() {
    assertThat(SignatureAlgorithm.of(SignatureAlgorithm.KeyType.RSA, DigestAlgorithm.SHA384, true))
        .isEqualTo(SignatureAlgorithm.RSA_PSS_SHA384);
    assertThatThrownBy(() -> SignatureAlgorithm.of(SignatureAlgorithm.KeyType.EC, DigestAlgorithm.SHA256, true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verdictFollowsTheExitCodeOrder() {
    assertThat(Verdict.of(List.of())).isEqualTo(Verdict.NO_SIGNATURE);
    assertThat(Verdict.of(List.of(Indication.TOTAL_PASSED, Indication.INDETERMINATE))).isEqualTo(Verdict.INDETERMINATE);
    assertThat(Verdict.of(List.of(Indication.INDETERMINATE, Indication.TOTAL_FAILED))).isEqualTo(Verdict.TOTAL_FAILED);
    assertThat(Verdict.TOTAL_FAILED.exitCode()).isEqualTo(1);
    assertThat(Verdict.NO_SIGNATURE.exitCode()).isEqualTo(3);
    assertThat(Verdict.TOTAL_PASSED.worse(Verdict.NO_SIGNATURE)).isEqualTo(Verdict.NO_SIGNATURE);
    assertThat(Verdict.INDETERMINATE.worse(Verdict.TOTAL_FAILED)).isEqualTo(Verdict.TOTAL_FAILED);
  }

  @Test
  void trustAnchorsLoadPemFilesAndFoldersAndCombineHierarchies() throws Exception {
    DevPki national = DevPki.builder().name("Root CA quốc gia").build();
    DevPki government = DevPki.builder().name("CA chuyên dùng Chính phủ").build();
    Path a = dir.resolve("a");
    Files.createDirectories(a);
    Files.writeString(a.resolve("national.pem"), DevPki.pem(national.root().certificate())
        + DevPki.pem(national.issuingCa().certificate()));
    Files.writeString(a.resolve("notes.txt"), "not a certificate");
    Path gov = dir.resolve("gov.crt");
    Files.write(gov, government.root().certificate().getEncoded());
    TrustAnchors both = TrustAnchors.fromPem(a).plus(TrustAnchors.fromPem(gov)).plus(TrustAnchors.fromPem(gov));
    assertThat(both.certificates()).hasSize(3);
  }

  @Test
  void aFileThatIsNotACertificateIsRefusedClearly() throws Exception {
    Path bad = dir.resolve("bad.pem");
    Files.writeString(bad, "hello");
    assertThatThrownBy(() -> TrustAnchors.fromPem(bad)).isInstanceOf(DocumentException.class)
        .hasMessageContaining("bad.pem");
  }
}
