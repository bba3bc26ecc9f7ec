package org.kyso.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.Kyso;

/**
 * {@code kyso serve} as its own process, used the way a clerk and a portal use it: the page in headless Chromium
 * with the demo's issued decision and a tampered copy, and {@code curl -F file=@…} against {@code kyso verify}.
 */
class ServePageBrowserTest {
  @TempDir
  static Path dir;
  static DemoDecision demo;
  static ServeProcess serve;
  static final String FIRST_PAGE_BOTTOM = "document.querySelector('.pageview').getBoundingClientRect().bottom"
      + " + window.scrollY + 16";
  static final Path TARGET = Path.of(System.getProperty("kyso.test.target", "target"));

  @BeforeAll
  static void start() throws Exception {
    demo = DemoDecision.create(dir);
    Path config = dir.resolve("kyso-serve.yaml");
    Files.writeString(config, "host: 127.0.0.1\nport: 0\ndatabase: registers.db\nverify:\n  trust: [root.pem]\n",
        StandardCharsets.UTF_8);
    serve = ServeProcess.start(config, Map.of(), dir.resolve("serve.log"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (serve != null) {
      serve.close();
    }
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void curlGivesTheJsonOfKysoVerify() throws Exception {
    Process curl = new ProcessBuilder("curl", "-sS", "-F", "file=@" + demo.issued, serve.uri() + "v1/verify")
        .redirectErrorStream(true).start();
    String viaHttp = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    java.io.StringWriter out = new java.io.StringWriter();
    int code = Kyso.run(new String[] {"verify", demo.issued.toString(), "--trust", demo.root.toString(), "--format",
        "json"}, new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()), System.getenv());
    assertThat(code).isZero();
    assertThat(viaHttp).isEqualTo(out.toString());
    assertThat(viaHttp).contains("\"verdict\": \"TOTAL_PASSED\"");
  }

  @Test
  void curlGivesTheJsonOfKysoVerifyForARealProvidersPdf() throws Exception {
    Path real = repoRoot().resolve("../shared/data/pdf-real/easyca-misaca-service-contract-2022-2sigs-incremental.pdf")
        .normalize();
    if (!Files.isRegularFile(real)) {
      assertThat(System.getenv("CI")).as("shared data missing under CI: " + real).isNotEqualTo("true");
      assumeTrue(false, "shared data not found locally: " + real);
    }
    Process curl = new ProcessBuilder("curl", "-sS", "-F", "file=@" + real, serve.uri() + "v1/verify?lang=en")
        .redirectErrorStream(true).start();
    String viaHttp = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(curl.waitFor(120, TimeUnit.SECONDS)).isTrue();
    // the server trusts the demo root; the CLI is given the same
    java.io.StringWriter out = new java.io.StringWriter();
    Kyso.run(new String[] {"verify", real.toString(), "--trust", demo.root.toString(), "--format", "json"},
        new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()), System.getenv());
    assertThat(viaHttp).isEqualTo(out.toString());
  }

  @Test
  void aClerkSeesTheVerdictTheSignatureBoxesAndTheChangedArea() throws Exception {
    assumeTrue(Chromium.available() || "true".equals(System.getenv("CI")), "chromium is not installed");
    try (Chromium c = Chromium.open(serve.uri(), Files.createDirectories(dir.resolve("profile")))) {
      c.await("document.readyState === 'complete' && !!document.getElementById('file')", Duration.ofSeconds(60));
      assertThat(c.eval("document.documentElement.lang")).isEqualTo("vi");

      c.chooseFile("#file", demo.issued);
      c.await("document.body.dataset.state === 'done'", Duration.ofSeconds(120));
      assertThat(c.eval("document.getElementById('verdict').dataset.verdict")).isEqualTo("TOTAL_PASSED");
      assertThat(c.eval("document.getElementById('verdict').textContent")).asString().startsWith("HỢP LỆ");
      assertThat(number(c.eval("document.querySelectorAll('#signatures > li').length"))).isEqualTo(2);
      assertThat(c.eval("Array.from(document.querySelectorAll('#signatures > li')).map(l => l.dataset.indication)"
          + ".join(',')")).isEqualTo("TOTAL_PASSED,TOTAL_PASSED");
      assertThat(number(c.eval("document.querySelectorAll('.pageview .sigbox').length"))).isEqualTo(2);
      assertThat(number(c.eval("document.querySelectorAll('.pageview .changed').length"))).isZero();
      // the boxes are drawn where they have a size, inside the page
      assertThat(number(c.eval("Math.min(...Array.from(document.querySelectorAll('.sigbox'))"
          + ".map(b => b.getBoundingClientRect().width * b.getBoundingClientRect().height))"))).isGreaterThan(100);
      assertThat(c.eval("document.getElementById('signatures').textContent")).asString()
          .contains("Nguyễn Văn An").contains("UBND phường Điện Biên").contains("kyso Demo");
      Files.createDirectories(TARGET);
      Files.write(TARGET.resolve("serve-page.png"), c.screenshot(FIRST_PAGE_BOTTOM));

      // the validation record button fetches the PDF record of the same file and offers it as a download
      c.eval("(function () { window.kysoRecord = null; var o = URL.createObjectURL; URL.createObjectURL ="
          + " function (b) { if (b.type === 'application/pdf') { window.kysoRecord = b.size; } return o.call(URL, b); };"
          + " document.getElementById('record').click(); return true; })()");
      c.await("window.kysoRecord !== null", Duration.ofSeconds(120));
      assertThat(number(c.eval("window.kysoRecord"))).isGreaterThan(1000);

      c.eval("document.body.dataset.state = ''");
      c.chooseFile("#file", demo.tampered);
      c.await("document.body.dataset.state === 'done'", Duration.ofSeconds(120));
      Object verdict = c.eval("document.getElementById('verdict').dataset.verdict");
      assertThat(verdict).isIn("TOTAL_FAILED", "INDETERMINATE");
      assertThat(number(c.eval("document.querySelectorAll('.pageview .sigbox').length"))).isEqualTo(2);
      assertThat(number(c.eval("document.querySelectorAll('.pageview[data-page=\"1\"] .changed').length")))
          .isGreaterThanOrEqualTo(1);
      // a changed area lies over the painted box: x 70..370 pt, y 0.45 of the page from the top, 40 pt high
      List<Object> boxes = castList(c.eval("Array.from(document.querySelectorAll('.pageview[data-page=\"1\"] .changed'))"
          + ".map(b => [parseFloat(b.style.left), parseFloat(b.style.top), parseFloat(b.style.width),"
          + " parseFloat(b.style.height)])"));
      double pageW = 595.0;
      boolean over = false;
      for (Object o : boxes) {
        List<Object> b = castList(o);
        double cx = (number(b.get(0)) + number(b.get(2)) / 2) / 100;
        double cy = (number(b.get(1)) + number(b.get(3)) / 2) / 100;
        over |= cx > 60 / pageW && cx < 380 / pageW && cy > 0.38 && cy < 0.47;
      }
      assertThat(over).as("a changed area over the painted box: " + boxes).isTrue();
      Files.write(TARGET.resolve("serve-page-tampered.png"), c.screenshot(FIRST_PAGE_BOTTOM));

      c.navigate(serve.uri().resolve("/?lang=en"));
      c.await("document.readyState === 'complete' && document.documentElement.lang === 'en'", Duration.ofSeconds(60));
      assertThat(c.eval("document.querySelector('h1').textContent")).asString().startsWith("Check the digital");
    }
  }

  static double number(Object o) {
    return o instanceof BigDecimal b ? b.doubleValue() : ((Number) o).doubleValue();
  }

  @SuppressWarnings("unchecked")
  static List<Object> castList(Object o) {
    return o == null ? new ArrayList<>() : (List<Object>) o;
  }

  static Path repoRoot() {
    String r = System.getenv("KYSO_REPO_ROOT");
    return r == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(r);
  }
}
