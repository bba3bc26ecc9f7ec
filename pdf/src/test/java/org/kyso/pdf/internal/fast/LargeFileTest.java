package org.kyso.pdf.internal.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;

/**
 * A large PDF (300 MB here; 1 GB by hand, see docs/BENCHMARKS.md) is signed and verified through the public API in
 * a JVM limited to a 256 MB heap: signing streams the file, verification reads it through files, never whole into
 * memory. The output also passes pdfsig and qpdf.
 */
class LargeFileTest {
  static final int PAGES = 30;
  static final int BYTES_PER_PAGE = 10_000_000;

  @TempDir Path dir;

  @Test
  void signsAndVerifiesA300MegabyteFileWithA256MegabyteHeap() throws Exception {
    try (TestPki pki = TestPki.start()) {
      DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
      Path p12 = TestPki.writeP12(an, dir.resolve("an.p12"), "pw");
      Path root = pki.writeRootPem(dir);
      Path in = LargePdf.write(dir.resolve("large.pdf"), PAGES, BYTES_PER_PAGE);
      assertThat(Files.size(in)).isGreaterThan(290_000_000L);
      Path out = dir.resolve("large.signed.pdf");

      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          LargeFileMain.class.getName(), p12.toString(), "pw", root.toString(), in.toString(), out.toString()));
      ExternalTools.Result r = ExternalTools.run(cmd);
      assertThat(r.exitCode()).as(r.all()).isZero();
      System.out.println("LargeFileTest: " + r.stdout().strip());
      assertThat(r.stdout()).as(r.all()).contains("verdict=TOTAL_PASSED").contains("maxHeap=");
      assertThat(Files.size(out)).isGreaterThan(Files.size(in));

      Path qpdf = ExternalTools.require("qpdf", "qpdf");
      ExternalTools.Result q = ExternalTools.run(List.of(qpdf.toString(), "--check", out.toString()));
      assertThat(q.exitCode()).as(q.all()).isIn(0, 3);
      Path pdfsig = ExternalTools.require("pdfsig", "poppler-utils");
      ExternalTools.Result s = ExternalTools.run(List.of(pdfsig.toString(), out.toString()));
      assertThat(s.all()).contains("Signature is Valid").contains("Total document signed");
    }
  }
}
