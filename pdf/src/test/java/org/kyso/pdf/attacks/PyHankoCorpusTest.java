package org.kyso.pdf.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;

/**
 * pyHanko's own form-update files judged as pyHanko's tests judge them (test_diff_analysis.py): the four whose later
 * appearance update is allowed have no change after the first signature; the four "sneaky" ones, whose replaced
 * appearance is also used from the catalog or the trailer, fail naming /FooBar. pyHanko's test data is not kept in
 * the repository: set {@code KYSO_PYHANKO_PDF} to its {@code test_data/data/pdf} folder (skipped otherwise).
 */
class PyHankoCorpusTest {
  static final Verifier OFFLINE = Verifier.builder().formats(org.kyso.pdf.PdfVerification.format()).offline(true)
      .build();

  static Stream<Path> formUpdates() throws Exception {
    String dir = System.getenv("KYSO_PYHANKO_PDF");
    Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
        "KYSO_PYHANKO_PDF does not name pyHanko's test PDF folder");
    try (Stream<Path> s = Files.list(Path.of(dir))) {
      List<Path> files = s.filter(p -> p.getFileName().toString().startsWith("form-update-")).sorted().toList();
      return files.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("formUpdates")
  void formUpdatesAreJudgedAsPyHankoJudgesThem(Path file) throws Exception {
    VerificationReport r = OFFLINE.verify(file);
    assertThat(r.signatures()).hasSize(2);
    SignatureResult first = r.signatures().get(0);
    if (file.getFileName().toString().contains("sneaky")) {
      assertThat(first.indication()).as("%s", first.findings()).isEqualTo(Indication.TOTAL_FAILED);
      assertThat(first.modificationsAfterSigning()).anySatisfy(m -> assertThat(m).contains("/FooBar"));
    } else {
      assertThat(first.modificationsAfterSigning()).as("%s", first.findings()).isEmpty();
      assertThat(first.indication()).isNotEqualTo(Indication.TOTAL_FAILED);
    }
  }
}
