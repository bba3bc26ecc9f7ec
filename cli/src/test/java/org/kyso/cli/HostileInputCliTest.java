package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.verify.Bounded;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;

/**
 * Issue 20, in-process: every careless or hostile input the campaign found gives the CONTRACT exit code and one
 * plain sentence, leaves no file behind, and never echoes a file's content or a Java class name.
 */
class HostileInputCliTest {
  private static final String PIN = "s3cret-Pin!";
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", PIN);
  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();

  @TempDir
  Path dir;

  /** One sentence on standard error (besides warnings), no stack trace, no Java class name. */
  private static void assertOneSentence(CliRunner.Result r, int code) {
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(code);
    String err = r.err().lines().filter(l -> !l.startsWith("kyso: warning: ")).collect(
        java.util.stream.Collectors.joining("\n")).strip();
    assertThat(err).startsWith("kyso: ").doesNotContain("\n").doesNotContain("Exception").doesNotContain("java.")
        .doesNotContain("  ");
  }

  private Path letter() throws Exception {
    Path in = dir.resolve("in.pdf");
    Files.write(in, SampleLetter.create());
    return in;
  }

  private Path key() throws Exception {
    return TestPki.writeP12(pki.get().pki().person("Nguyễn Văn An"), dir.resolve("signer.p12"), PIN);
  }

  private Path register() throws Exception {
    Path db = dir.resolve("so.db");
    var r = CliRunner.run("register", "init", "--db", db.toString(), "--org", "UBND phường Điện Biên",
        "--org-abbr", "UBND");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return db;
  }

  private static List<String> files(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  // ---------------------------------------------------------------- options

  @Test
  void unknownOptionsAreNamedAsUnknown() throws Exception {
    var r = CliRunner.run("verify", "--bogus");
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("Unknown option: '--bogus'").contains("(see 'kyso verify --help')");
    r = CliRunner.run("register", "out", "add", "--db", "x.db", "--bogus");
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("Unknown option: '--bogus'");
    r = CliRunner.run("--bogus");
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("(see 'kyso --help')");
  }

  @Test
  void atFilesAreNotExpandedSoTheirContentIsNeverPrinted() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "db_password=Hunter2-do-not-print\n");
    var r = CliRunner.run("verify", "@" + secret);
    assertOneSentence(r, 66);
    assertThat(r.out() + r.err()).doesNotContain("Hunter2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-30", "0000-01-01", "-0001-01-01", "2026-13-01", "26-1-1", "1899-12-31"})
  void registerDatesMustBeRealAndSane(String date) throws Exception {
    Path db = register();
    var r = CliRunner.run("register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary", "Về việc",
        "--date", date);
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("--date").doesNotContain("LocalDate").doesNotContain("DateTimeParse");
    r = CliRunner.run("register", "list", "--db", db.toString(), "--format", "json");
    assertThat(r.out()).doesNotContain("Về việc");
  }

  @Test
  void aWrongOrUnusedDateIsRefusedWithEveryPdfProfile() throws Exception {
    Path in = letter();
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN", "--profile", "appendix", "--number", "15/QĐ-UBND", "--date", "2026-02-30");
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("2026-02-30");
    r = CliRunner.run(ENV, "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN", "--profile", "appendix", "--number", "15/QĐ-UBND", "--date", "2026-03-02");
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("appendix");
    assertThat(out).doesNotExist();
  }

  @Test
  void anAbsurdMaxSizeIsOneSentence() throws Exception {
    var r = CliRunner.run("verify", "--max-size", "99999999999999", letter().toString());
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("--max-size");
  }

  @Test
  void anUnsetPinVariableIsAUsageError() throws Exception {
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(Map.of(), "sign", "pdf", letter().toString(), "-o", out.toString(), "--key",
        "p12:" + key(), "--pin-env", "KYSO_NOT_SET_ANYWHERE");
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("KYSO_NOT_SET_ANYWHERE");
    assertThat(out).doesNotExist();
  }

  // ---------------------------------------------------------------- input files

  @Test
  void devicesFifosAndFoldersAreNamedForWhatTheyAre() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mk.waitFor()).isZero();
    var r = CliRunner.run("verify", "/dev/zero");
    assertOneSentence(r, 66);
    assertThat(r.err()).contains("is a device");
    r = CliRunner.run("verify", fifo.toString());
    assertOneSentence(r, 66);
    assertThat(r.err()).contains("is a pipe");
    r = CliRunner.run("verify", dir.toString());
    assertOneSentence(r, 66);
    assertThat(r.err()).contains("is a folder");
  }

  @Test
  @Timeout(120)
  void endlessInputsAreRefusedBeforeReading() throws Exception {
    Path db = register();
    Path out = dir.resolve("out.pdf");
    for (String[] args : List.of(
        new String[] {"register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary", "x",
            "--file", "/dev/zero"},
        new String[] {"register", "in", "add", "--db", db.toString(), "--file", "/dev/zero", "--author", "UBND",
            "--code", "1/QĐ-UBND", "--summary", "x"},
        new String[] {"sign", "pdf", "/dev/zero", "-o", out.toString(), "--key", "p12:" + key(), "--pin-env",
            "KYSO_PIN"},
        new String[] {"sign", "xml", "/dev/zero", "-o", out.toString(), "--key", "p12:" + key(), "--pin-env",
            "KYSO_PIN"})) {
      var r = CliRunner.run(ENV, args);
      assertOneSentence(r, 66);
      assertThat(r.err()).contains("/dev/zero is a device");
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void anInputLargerThanMaxSizeIsNotSigned() throws Exception {
    Path in = letter();
    Path big = dir.resolve("big.pdf");
    byte[] pdf = Files.readAllBytes(in);
    byte[] padded = new byte[(1 << 20) + pdf.length + 16];
    System.arraycopy(pdf, 0, padded, 0, pdf.length);
    java.util.Arrays.fill(padded, pdf.length, padded.length, (byte) ' ');
    Files.write(big, padded);
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", big.toString(), "-o", out.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN", "--max-size", "1");
    assertOneSentence(r, 65);
    assertThat(r.err()).contains("larger than the 1 MiB").contains("--max-size");
    assertThat(out).doesNotExist();
  }

  // ---------------------------------------------------------------- registers

  @Test
  void anEmptyRegisterFileIsRefusedAndStaysEmpty() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.db"));
    var r = CliRunner.run("register", "verify", "--db", empty.toString());
    assertOneSentence(r, 65);
    assertThat(r.err()).contains("empty");
    assertThat(Files.size(empty)).isZero();
    assertThat(files(dir)).containsExactly("empty.db");
  }

  @Test
  void aSqliteFileOfAnotherProgramIsRefusedUntouched() throws Exception {
    Path other = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x INTEGER)");
    }
    byte[] before = Files.readAllBytes(other);
    var r = CliRunner.run("register", "verify", "--db", other.toString());
    assertOneSentence(r, 65);
    assertThat(r.err()).contains("holds no kyso registers");
    assertThat(Files.readAllBytes(other)).isEqualTo(before);
    r = CliRunner.run("register", "verify", "--db", letter().toString());
    assertOneSentence(r, 65);
    assertThat(r.err()).contains("not a register database");
  }

  @Test
  void postgresqlLoginRefusedIs77AndAMissingSchemaOneSentence() throws Exception {
    String base = System.getenv("KYSO_TEST_PG_URL");
    if (base == null || base.isBlank()) {
      if (ExternalTools.inCi()) {
        throw new AssertionError("KYSO_TEST_PG_URL is not set (required under CI)");
      }
      Assumptions.abort("KYSO_TEST_PG_URL is not set: start PostgreSQL with 'eval \"$(.ci/postgres.sh)\"'");
    }
    String wrongPassword = base.replaceAll("password=[^&]*", "password=wrong-" + System.nanoTime());
    var r = CliRunner.run("register", "list", "--db", wrongPassword);
    assertOneSentence(r, 77);
    assertThat(r.err()).contains("refused the login").doesNotContain("wrong-");
    String wrongUser = base.replaceAll("user=[^&]*", "user=nobody_" + System.nanoTime());
    r = CliRunner.run("register", "list", "--db", wrongUser);
    assertOneSentence(r, 77);
    String noSchema = base + "&currentSchema=kyso_missing_" + System.nanoTime();
    r = CliRunner.run("register", "init", "--db", noSchema, "--org", "UBND", "--org-abbr", "UBND");
    assertOneSentence(r, 66);
    assertThat(r.err()).contains("currentSchema").doesNotContain("ERROR").doesNotContain("Position");
    r = CliRunner.run("register", "list", "--db", noSchema);
    assertOneSentence(r, 65);
    assertThat(r.err()).contains("currentSchema");
  }

  @Test
  @Timeout(120)
  void theRegisterBookBreaksAVeryLongWord() throws Exception {
    Path db = register();
    var r = CliRunner.run("register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary",
        "Về việc " + "đ".repeat(10_000));
    assertThat(r.exitCode()).as(r.err()).isZero();
    Path book = dir.resolve("so.pdf");
    r = CliRunner.run("register", "export", "--db", db.toString(), "--register", "out", "-o", book.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(book)).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
    assertThat(files(dir)).allMatch(n -> !n.endsWith(".tmp") && !n.endsWith(".part"));
  }

  // ---------------------------------------------------------------- PDF structure and keys

  @Test
  void aPageTreeThatLoopsIsBadInput() throws Exception {
    Path in = dir.resolve("loop.pdf");
    Files.write(in, pdf(List.of("<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 /Parent 2 0 R >>"), -1));
    for (String visible : List.of("--reason=x", "--visible")) {
      Path out = dir.resolve("out.pdf");
      var r = CliRunner.run(ENV, "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key(),
          "--pin-env", "KYSO_PIN", visible);
      assertOneSentence(r, 65);
      assertThat(r.err()).contains("page tree that loops");
      assertThat(out).doesNotExist();
    }
  }

  @Test
  void anAbsurdTrailerSizeIsBadInput() throws Exception {
    Path in = dir.resolve("size.pdf");
    Files.write(in, pdf(List.of("<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"), 2147483649L));
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN");
    assertOneSentence(r, 65);
    assertThat(r.err()).contains("2147483649");
    assertThat(out).doesNotExist();
    assertThat(files(dir)).noneMatch(n -> n.endsWith(".part"));
  }

  @Test
  void rsaKeysUnder2048BitsSignNothingInAnyFormat() throws Exception {
    Path weak = weakKey(dir.resolve("weak.p12"), PIN);
    Path xml = Files.writeString(dir.resolve("in.xml"), "<a Id=\"x\">hồ sơ</a>");
    for (String[] args : List.of(
        new String[] {"sign", "pdf", letter().toString(), "-o", dir.resolve("o.pdf").toString()},
        new String[] {"sign", "xml", xml.toString(), "-o", dir.resolve("o.xml").toString()})) {
      List<String> a = new ArrayList<>(List.of(args));
      a.addAll(List.of("--key", "p12:" + weak, "--pin-env", "KYSO_PIN"));
      var r = CliRunner.run(ENV, a.toArray(String[]::new));
      assertOneSentence(r, 65);
      assertThat(r.err()).contains("RSA 1024 bits").contains("2048 bits or more");
    }
    assertThat(dir.resolve("o.pdf")).doesNotExist();
    assertThat(dir.resolve("o.xml")).doesNotExist();
  }

  @Test
  @Timeout(300)
  void aPdfWithThousandsOfSignatureFieldsIsAnsweredNotHung() throws Exception {
    Path key = key();
    Path one = dir.resolve("one.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", one.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Path many = dir.resolve("many.pdf");
    Files.write(many, copiesOfTheSignature(Files.readAllBytes(one), 1_000));
    r = CliRunner.run("verify", many.toString(), "--offline", "--format", "json");
    // every field listed (ManySignaturesTest checks the verdicts at -Xmx256m): the 999 copies claim a revision in
    // which their fields did not exist, so they fail
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out().split("\"indication\"", -1)).hasSize(1_001);
  }

  @Test
  void aBatchPrintsItsCountWhenTheKeyRefuses() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.write(in.resolve("a.pdf"), SampleLetter.create());
    Files.write(in.resolve("b.pdf"), SampleLetter.create());
    Path out = dir.resolve("out");
    var r = CliRunner.run(Map.of("KYSO_PIN", "wrong-password"), "sign", "batch", in.toString(), "-o",
        out.toString(), "--key", "p12:" + key(), "--pin-env", "KYSO_PIN");
    assertThat(r.exitCode()).isEqualTo(77);
    assertThat(r.out()).contains("stopped: signed 0 of 2 files");
    assertThat(files(out)).isEmpty();
  }

  @Test
  void aBatchShowsANameThatIsNotUtf8ByItsBytesAndStillSignsTheFile() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    byte[] letter = SampleLetter.create();
    Files.write(in.resolve("good"), letter);
    // bytes 0xFF 0xFE are never UTF-8: only a shell makes such a name (Java would write U+FFFD)
    int rc = new ProcessBuilder("sh", "-c", "mv good \"$(printf 'g\\377\\376d.pdf')\" && printf '%%PDF-1.7' >"
        + " \"$(printf 'b\\377\\376d.pdf')\"").directory(in.toFile()).start().waitFor();
    Assumptions.assumeTrue(rc == 0 && files(in).size() == 2 && files(in).stream().noneMatch(n -> n.equals("good")),
        "this file system refuses a file name that is not UTF-8");
    Path out = dir.resolve("out");
    var r = CliRunner.run(ENV, "sign", "batch", in.toString(), "-o", out.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(65);
    assertThat(r.out() + r.err()).doesNotContain("\uFFFD");
    // the refused file is named by its bytes, the good one was signed under its own name (same bytes)
    assertThat(r.err()).contains("kyso: b\\xFF\\xFEd.pdf: ").doesNotContain("g\\xFF");
    assertThat(r.out()).contains("signed 1 of 2 files");
    List<Path> signed;
    try (Stream<Path> s = Files.list(out)) {
      signed = s.toList();
    }
    assertThat(signed).hasSize(1);
    assertThat(FileNames.shown(signed.get(0))).isEqualTo("g\\xFF\\xFEd.pdf");
    byte[] result = Files.readAllBytes(signed.get(0));
    assertThat(java.util.Arrays.copyOf(result, letter.length)).isEqualTo(letter);
    assertThat(new String(result, StandardCharsets.ISO_8859_1)).contains("/ByteRange");
  }

  @Test
  void namesFoundInAFolderArePrintedWithoutAmbiguity() {
    assertThat(FileNames.shown(Path.of("/tmp/tốt.pdf"))).isEqualTo("tốt.pdf");
    assertThat(FileNames.shown(Path.of("a\\b\nc.pdf"))).isEqualTo("a\\\\b\\x0Ac.pdf");
  }

  // ---------------------------------------------------------------- found by HostileCampaignTest

  @Test
  @Timeout(60)
  void anOutputThatIsADeviceOrAPipeIsNeverReplaced() throws Exception {
    Path device = dir.resolve("full");
    Path fifo = dir.resolve("pipe");
    if (new ProcessBuilder("mknod", device.toString(), "c", "1", "7").start().waitFor() != 0) {
      // only root may make a device; anyone else cannot replace /dev/null, so that one is safe to aim at then
      device = Path.of("/dev/null");
    }
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    for (Path target : List.of(device, fifo)) {
      var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", target.toString(), "--key", "p12:" + key(),
          "--pin-env", "KYSO_PIN");
      assertOneSentence(r, 66);
      assertThat(r.err()).contains("not a file");
      assertThat(Files.isRegularFile(target)).isFalse();
      Files.delete(dir.resolve("in.pdf"));
    }
    Path db = register();
    var r = CliRunner.run("register", "export", "--db", db.toString(), "-o", device.toString());
    assertOneSentence(r, 66);
    assertThat(Files.isRegularFile(device)).isFalse();
    assertThat(files(dir)).noneMatch(n -> n.endsWith(".part"));
    assertThat(files(Path.of("/dev"))).noneMatch(n -> n.endsWith(".part"));
  }

  @Test
  @Timeout(60)
  void filesGivenToOptionsMustBeRegularFilesNotPipesThatBlock() throws Exception {
    Path fifo = dir.resolve("pipe");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Path in = letter();
    Path key = key();
    Path out = dir.resolve("out.pdf");
    List<String[]> cases = List.of(
        new String[] {"sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key, "--pin-file",
            fifo.toString()},
        new String[] {"sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key, "--pin-env",
            "KYSO_PIN", "--password-file", fifo.toString()},
        new String[] {"sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key, "--pin-env",
            "KYSO_PIN", "--service-secret-file", "/dev/zero"},
        new String[] {"sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key, "--pin-env",
            "KYSO_PIN", "--trust", fifo.toString()},
        new String[] {"sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key, "--pin-env",
            "KYSO_PIN", "--profile", "approval", "--signature-image", fifo.toString()},
        new String[] {"verify", in.toString(), "--password-file", "/dev/null"},
        new String[] {"verify", in.toString(), "--trust", fifo.toString()},
        new String[] {"serve", "--config", fifo.toString()},
        new String[] {"serve", "--config", "/dev/null"});
    for (String[] args : cases) {
      var r = CliRunner.run(ENV, args);
      assertOneSentence(r, 66);
      assertThat(r.err()).as(String.join(" ", args)).containsAnyOf("is a pipe", "is a device", "not a regular file");
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void anEmptyTrustFolderIsRefusedRatherThanTrustingNothingSilently() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("roots"));
    var r = CliRunner.run("verify", letter().toString(), "--trust", empty.toString());
    assertOneSentence(r, 65);
    assertThat(r.err()).contains("holds no certificate file");
  }

  @Test
  @Timeout(120)
  void anAnchorSearchOnACompressionBombIsRefusedNotHung() throws Exception {
    java.util.zip.Deflater d = new java.util.zip.Deflater(9);
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    byte[] buf = new byte[1 << 16];
    for (int i = 0; i < 200; i++) {
      d.setInput(zeros);
      while (!d.needsInput()) {
        z.write(buf, 0, d.deflate(buf));
      }
    }
    d.finish();
    while (!d.finished()) {
      z.write(buf, 0, d.deflate(buf));
    }
    String head = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R]"
        + " /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\n"
        + "endobj\n";
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    int o4 = b.size();
    b.writeBytes(("4 0 obj\n<< /Filter /FlateDecode /Length " + z.size() + " >>\nstream\n")
        .getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(z.toByteArray());
    b.writeBytes("\nendstream\nendobj\n".getBytes(StandardCharsets.US_ASCII));
    int xref = b.size();
    String h = new String(b.toByteArray(), StandardCharsets.ISO_8859_1);
    StringBuilder x = new StringBuilder("xref\n0 5\n0000000000 65535 f \n");
    for (String o : List.of("1 0 obj", "2 0 obj", "3 0 obj")) {
      x.append(String.format("%010d 00000 n \n", h.indexOf(o)));
    }
    x.append(String.format("%010d 00000 n \n", o4)).append("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n")
        .append(xref).append("\n%%EOF\n");
    b.writeBytes(x.toString().getBytes(StandardCharsets.US_ASCII));
    Path in = Files.write(dir.resolve("bomb.pdf"), b.toByteArray());
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", in.toString(), "-o", out.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN", "--anchor", "Nơi nhận");
    assertOneSentence(r, 65);
    assertThat(r.err()).contains("64 MiB").contains("--rect");
    assertThat(out).doesNotExist();
  }

  @Test
  void aTruncatedPdfOrAnAbsurdPageCountIsNotSigned() throws Exception {
    byte[] pdf = SampleLetter.create();
    Path truncated = Files.write(dir.resolve("cut.pdf"), java.util.Arrays.copyOf(pdf, pdf.length - 200));
    Path out = dir.resolve("out.pdf");
    var r = CliRunner.run(ENV, "sign", "pdf", truncated.toString(), "-o", out.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN");
    assertOneSentence(r, 65);
    assertThat(r.err()).contains("truncated or damaged");
    Path count = Files.write(dir.resolve("count.pdf"), pdf(List.of("<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"), -1));
    r = CliRunner.run(ENV, "sign", "pdf", count.toString(), "-o", out.toString(), "--key", "p12:" + key(),
        "--pin-env", "KYSO_PIN");
    assertOneSentence(r, 65);
    assertThat(r.err()).contains("2147483647 pages");
    assertThat(out).doesNotExist();
  }

  @Test
  void libraryWordsAreNotPassedOn() throws Exception {
    Path xml = Files.writeString(dir.resolve("attrs.xml"), "<a " + java.util.stream.IntStream.range(0, 2000)
        .mapToObj(i -> "a" + i + "=\"1\"").collect(java.util.stream.Collectors.joining(" ")) + "/>");
    var r = CliRunner.run("verify", xml.toString());
    assertOneSentence(r, 65);
    assertThat(r.err()).doesNotContain("JAXP");
    r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", dir.resolve("o.pdf").toString(), "--key",
        "p12:" + key(), "--pin-env", "KYSO_PIN", "--tsa", "not a url");
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("'not a url' is not a URL");
    r = CliRunner.run("verify", "");
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("an empty file name");
    assertThat(Bounded.oneLine(new IllegalArgumentException("unknown object in getInstance: "
        + "org.bouncycastle.asn1.DLSet"))).isEqualTo("its data is damaged or in a form kyso does not read");
  }

  @Test
  void numbersAndTextsOfRegisterAndAppearanceOptionsAreChecked() throws Exception {
    Path db = register();
    for (String[] args : List.of(
        new String[] {"register", "list", "--db", db.toString(), "--year", "0"},
        new String[] {"register", "list", "--db", db.toString(), "--page", "0"},
        new String[] {"register", "search", "--db", db.toString(), "--size", "0"},
        new String[] {"register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary", "x", "--copies",
            "-1"},
        new String[] {"register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary", " "})) {
      var r = CliRunner.run(args);
      assertOneSentence(r, 64);
      assertThat(r.err()).contains(args[args.length - 2]);
    }
    for (String[] opts : List.of(new String[] {"--number", ""}, new String[] {"--rect", "NaN,0,10,10"},
        new String[] {"--rect", "0,0,-5,-5"})) {
      var r = CliRunner.run(ENV, "sign", "pdf", letter().toString(), "-o", dir.resolve("o.pdf").toString(), "--key",
          "p12:" + key(), "--pin-env", "KYSO_PIN", "--visible", opts[0], opts[1]);
      assertOneSentence(r, 64);
      assertThat(r.err()).contains(opts[0]);
      Files.delete(dir.resolve("in.pdf"));
    }
    assertThat(dir.resolve("o.pdf")).doesNotExist();
  }

  @Test
  void anUnknownOrganisationIdIsRefusedNotListedAsEmpty() throws Exception {
    Path db = register();
    var r = CliRunner.run("register", "verify", "--db", db.toString(), "--org-id", "phuong-khac");
    assertOneSentence(r, 64);
    assertThat(r.err()).contains("no organisation 'phuong-khac'");
  }

  @Test
  void aRegisterThatCannotBeCreatedIsAnUnwritablePath() throws Exception {
    var r = CliRunner.run("register", "init", "--db", "/proc/kyso-" + System.nanoTime() + ".db", "--org", "UBND",
        "--org-abbr", "UBND");
    assertOneSentence(r, 66);
    assertThat(r.err()).contains("cannot be opened").doesNotContain("opening db");
  }

  // ---------------------------------------------------------------- helpers

  /** An RSA-1024 key and its self-signed certificate in the PKCS#12 file {@code out}, protected by {@code pin}. */
  static Path weakKey(Path out, String pin) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    var kp = g.generateKeyPair();
    var cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        new X500Name("CN=Khoa Yeu"), BigInteger.ONE, Date.from(Instant.now().minusSeconds(60)),
        Date.from(Instant.now().plusSeconds(3600)), new X500Name("CN=Khoa Yeu"), kp.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
    return TestPki.writeP12(new DevPki.Identity(kp.getPrivate(), cert, List.of(cert)), out, pin);
  }

  /** A classic PDF of these objects (1 0 obj first); {@code size} overrides the trailer /Size when positive. */
  static byte[] pdf(List<String> objects, long size) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      offsets.add(b.size());
      b.writeBytes(((i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n").getBytes(StandardCharsets.US_ASCII));
    }
    int xref = b.size();
    StringBuilder x = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
    for (int o : offsets) {
      x.append(String.format("%010d 00000 n \n", o));
    }
    x.append("trailer\n<< /Size ").append(size > 0 ? size : objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
        .append(xref).append("\n%%EOF\n");
    b.writeBytes(x.toString().getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  /**
   * The signed PDF with an incremental update that adds {@code n - 1} more signature fields, each with its own copy
   * of the signature dictionary (as the campaign's 1,000-field file).
   */
  static byte[] copiesOfTheSignature(byte[] signed, int n) {
    String s = new String(signed, StandardCharsets.ISO_8859_1);
    Matcher sig = Pattern.compile("(\\d+) 0 obj\\s*(<< /Type /Sig .*?>>)\\s*endobj", Pattern.DOTALL).matcher(s);
    if (!sig.find()) {
      throw new IllegalStateException("no signature dictionary");
    }
    String sigDict = sig.group(2);
    Matcher field = Pattern.compile("(\\d+) 0 obj\\s*<< /Type /Annot /Subtype /Widget /FT /Sig (.*?)>>\\s*endobj",
        Pattern.DOTALL).matcher(s);
    if (!field.find()) {
      throw new IllegalStateException("no signature field");
    }
    String pageRef = field.group(2).replaceAll(".*/P (\\d+) 0 R.*", "$1");
    int pageNum = Integer.parseInt(pageRef);
    String page = last(s, Pattern.compile("\n" + pageNum + " 0 obj\\s*(<<.*?>>)\\s*endobj", Pattern.DOTALL));
    Matcher root = Pattern.compile("/Root (\\d+) 0 R").matcher(s);
    String rootNum = null;
    while (root.find()) {
      rootNum = root.group(1);
    }
    String catalog = last(s, Pattern.compile("\n" + rootNum + " 0 obj\\s*(<<.*?>>)\\s*endobj", Pattern.DOTALL));
    Matcher sx = Pattern.compile("startxref\\s+(\\d+)").matcher(s);
    String prev = null;
    while (sx.find()) {
      prev = sx.group(1);
    }
    Matcher sz = Pattern.compile("/Size (\\d+)").matcher(s);
    int size = 0;
    while (sz.find()) {
      size = Math.max(size, Integer.parseInt(sz.group(1)));
    }
    StringBuilder out = new StringBuilder(s);
    if (!s.endsWith("\n")) {
      out.append('\n');
    }
    java.util.TreeMap<Integer, Integer> offsets = new java.util.TreeMap<>();
    List<String> widgets = new ArrayList<>(List.of(field.group(1) + " 0 R"));
    for (int k = 0; k < n - 1; k++) {
      int d = size + 2 * k;
      int w = d + 1;
      offsets.put(d, out.length());
      out.append(d).append(" 0 obj\n").append(sigDict).append("\nendobj\n");
      offsets.put(w, out.length());
      out.append(w).append(" 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /T (Ky").append(k).append(") /V ")
          .append(d).append(" 0 R /F 132 /Rect [0 0 0 0] /P ").append(pageNum).append(" 0 R >>\nendobj\n");
      widgets.add(w + " 0 R");
    }
    String refs = String.join(" ", widgets);
    offsets.put(pageNum, out.length());
    out.append(pageNum).append(" 0 obj\n").append(page.replaceAll("/Annots \\[[^\\]]*\\]", "/Annots [" + refs + "]"))
        .append("\nendobj\n");
    int rootObj = Integer.parseInt(rootNum);
    offsets.put(rootObj, out.length());
    out.append(rootObj).append(" 0 obj\n").append(catalog.replaceAll("/Fields \\[[^\\]]*\\]", "/Fields [" + refs
        + "]")).append("\nendobj\n");
    int xref = out.length();
    out.append("xref\n");
    for (var e : offsets.entrySet()) {
      out.append(e.getKey()).append(" 1\n").append(String.format("%010d 00000 n \n", e.getValue()));
    }
    out.append("trailer\n<< /Size ").append(size + 2 * (n - 1)).append(" /Root ").append(rootNum)
        .append(" 0 R /Prev ").append(prev).append(" >>\nstartxref\n").append(xref).append("\n%%EOF\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String last(String s, Pattern p) {
    Matcher m = p.matcher(s);
    String found = null;
    while (m.find()) {
      found = m.group(1);
    }
    if (found == null) {
      throw new IllegalStateException("not found: " + p);
    }
    return found;
  }
}
