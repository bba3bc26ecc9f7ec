package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;

/**
 * A corpus of damaged and hostile PDFs (and a key that is not a key) through {@code kyso verify} and {@code kyso
 * sign pdf}: without --debug, nothing printed names a library's internals (package names, exception classes).
 */
class NoLibraryInternalsTest {
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", "s3cret-Pin!");
  private static final List<String> FORBIDDEN = List.of("org.apache", "eu.europa", "java.", "Exception",
      "keyStore", "COSArray", "COSString");
  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();

  @TempDir Path dir;

  private static byte[] replaceFirst(byte[] pdf, String regex, java.util.function.Function<Matcher, String> with) {
    String s = new String(pdf, StandardCharsets.ISO_8859_1);
    Matcher m = Pattern.compile(regex).matcher(s);
    assertThat(m.find()).as(regex).isTrue();
    String r = with.apply(m);
    assertThat(r).hasSize(m.end() - m.start());
    byte[] out = pdf.clone();
    System.arraycopy(r.getBytes(StandardCharsets.ISO_8859_1), 0, out, m.start(), r.length());
    return out;
  }

  private Map<String, Path> corpus(Path key) throws Exception {
    Path letter = dir.resolve("letter.pdf");
    Files.write(letter, SampleLetter.create());
    Path signed = dir.resolve("signed.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", letter.toString(), "-o", signed.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN");
    assertThat(r.exitCode()).as(r.err()).isZero();
    byte[] s = Files.readAllBytes(signed);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("truncated", java.util.Arrays.copyOf(s, s.length / 2));
    byte[] garbage = "%PDF-1.7\n".getBytes(StandardCharsets.ISO_8859_1);
    files.put("garbage", concat(garbage, new byte[4096]));
    files.put("byterange-string", replaceFirst(s, "/ByteRange\\s*\\[([^\\]]*)\\]",
        m -> m.group().replace('[', '(').replace(']', ')')));
    files.put("contents-array", replaceFirst(s, "/Contents\\s*<[0-9A-Fa-f]+>",
        m -> m.group().replace('<', '[').replace('>', ']')));
    files.put("contents-zero", replaceFirst(s, "/Contents\\s*<([0-9A-Fa-f]+)>",
        m -> m.group().replaceAll("[1-9A-Fa-f]", "0")));
    files.put("root-not-dict", replaceFirst(s, "/Root \\d+ 0 R", m -> "/Root " + " ".repeat(m.group().length() - 8)
        + "42"));
    files.put("empty", new byte[0]);
    files.put("text", "not a pdf at all".getBytes(StandardCharsets.US_ASCII));
    Map<String, Path> out = new LinkedHashMap<>();
    for (var e : files.entrySet()) {
      Path p = dir.resolve(e.getKey() + ".pdf");
      Files.write(p, e.getValue());
      out.put(e.getKey(), p);
    }
    Path qpdf = ExternalTools.find("qpdf");
    if (qpdf != null) {
      Path enc = dir.resolve("encrypted.pdf");
      ExternalTools.run(List.of(qpdf.toString(), "--encrypt", "user", "owner", "256", "--", signed.toString(),
          enc.toString()));
      out.put("encrypted", enc);
      Path owner = dir.resolve("owner-only.pdf");
      ExternalTools.run(List.of(qpdf.toString(), "--encrypt", "", "owner", "256", "--", letter.toString(),
          owner.toString()));
      out.put("owner-only", owner);
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void noMessageNamesLibraryInternals() throws Exception {
    Path key = TestPki.writeP12(pki.get().pki().person("Nguyễn Văn Đức"), dir.resolve("signer.p12"), ENV.get("KYSO_PIN"));
    Path notAKey = dir.resolve("not-a-key.p12");
    Files.writeString(notAKey, "this is no PKCS#12 file");
    List<String> problems = new ArrayList<>();
    for (var e : corpus(key).entrySet()) {
      List<CliRunner.Result> results = List.of(
          CliRunner.run(ENV, "verify", e.getValue().toString(), "--offline"),
          CliRunner.run(ENV, "verify", e.getValue().toString(), "--offline", "--format", "json"),
          CliRunner.run(ENV, "sign", "pdf", e.getValue().toString(), "-o", dir.resolve("o.pdf").toString(), "--key",
              "p12:" + key, "--pin-env", "KYSO_PIN"));
      for (CliRunner.Result r : results) {
        check(e.getKey(), r, problems);
      }
    }
    check("not-a-key", CliRunner.run(ENV, "sign", "pdf", dir.resolve("letter.pdf").toString(), "-o",
        dir.resolve("o.pdf").toString(), "--key", "p12:" + notAKey, "--pin-env", "KYSO_PIN"), problems);
    assertThat(problems).isEmpty();
  }

  /**
   * pyHanko's signed test files in {@code ../shared/data/pdf-peer} (allowed changes, coverage anomalies, Ed448), and,
   * when {@code KYSO_PYHANKO_PDF} names a folder (pyHanko's whole {@code test_data/data/pdf}, not kept in the
   * repository), every PDF under it: damaged cross-reference tables, hostile encryption dictionaries, public-key
   * encryption, tampered signatures. Verified and signed: no library internals and no internal error.
   */
  @Test
  void noMessageNamesLibraryInternalsOnPyHankosFiles() throws Exception {
    Path key = TestPki.writeP12(pki.get().pki().person("Nguyễn Văn Đức"), dir.resolve("signer.p12"), ENV.get("KYSO_PIN"));
    List<Path> files = new ArrayList<>();
    try (var s = Files.list(TrustProfilesTest.shared("pdf-peer"))) {
      s.filter(p -> p.toString().endsWith(".pdf")).sorted().forEach(files::add);
    }
    String more = System.getenv("KYSO_PYHANKO_PDF");
    if (more != null && Files.isDirectory(Path.of(more))) {
      try (var s = Files.walk(Path.of(more).toRealPath())) {
        s.filter(p -> p.toString().endsWith(".pdf")).sorted().forEach(files::add);
      }
    }
    List<String> problems = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      check(name, CliRunner.run(ENV, "verify", f.toString(), "--offline"), problems);
      check(name, CliRunner.run(ENV, "verify", f.toString(), "--offline", "--format", "json"), problems);
      check(name, CliRunner.run(ENV, "sign", "pdf", f.toString(), "-o", dir.resolve("o.pdf").toString(), "--key",
          "p12:" + key, "--pin-env", "KYSO_PIN"), problems);
    }
    assertThat(files).isNotEmpty();
    System.out.println("NoLibraryInternalsTest: " + files.size() + " PDFs of pyHanko verified and signed");
    assertThat(problems).isEmpty();
  }

  private static void check(String name, CliRunner.Result r, List<String> problems) {
    String all = r.out() + r.err();
    for (String f : FORBIDDEN) {
      if (all.contains(f)) {
        problems.add(name + " (exit " + r.exitCode() + "): " + r.err().strip() + " " + excerpt(all, f));
      }
    }
    if (r.exitCode() == 70) {
      problems.add(name + ": internal error: " + r.err().strip());
    }
  }

  private static String excerpt(String s, String f) {
    int i = s.indexOf(f);
    return "[…" + s.substring(Math.max(0, i - 80), Math.min(s.length(), i + 80)).replace('\n', ' ') + "…]";
  }
}
