package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationSquare;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.testing.TestPki;

/**
 * Issue 20's campaign, reproducible: hostile and careless inputs of every class the reporter tried (hostile PDFs
 * and XML, bad options, odd paths, registers, {@code @file} arguments, secrets) and generated variants of each, run
 * against the real CLI as the reporter runs it: in a JVM of its own at {@code -Xmx256m} with an empty environment
 * ({@code env -i}, so a C locale; {@link CampaignWorker} runs the cases in turn through the CLI's entry point), and
 * a few as one process per case through {@code java -jar} under {@code LANG=C} and {@code env -i}.
 *
 * <p>Every case must: finish (30 s per case detects a hang; it is not a speed assertion), exit with a code the
 * CONTRACT allows for it (never 70), print no stack trace, exception or Java class name, say what went wrong in one
 * sentence, leave no file behind (no output on failure, no {@code .part}/{@code .tmp}, nothing in the temporary
 * folder), not print a secret, not accept tampering, and keep Vietnamese text byte for byte. The last dynamic test
 * prints the count.
 */
class HostileCampaignTest {
  private static final String PIN = "s3cret-Pin!";
  private static final String SECRET = "db_password=Hunter2-do-not-print";
  private static final long HANG_SECONDS = 30;
  /** A fully qualified Java class name, or a bare exception or error type. */
  private static final Pattern CLASS_NAME = Pattern.compile(
      "\\b(java|javax|jdk|sun|org|com|eu|picocli)\\.[a-z0-9_]+\\.[\\w.$]*[A-Z]\\w*|\\b\\w+(Exception|Error)\\b"
          + "|\\tat |\\n\\s*at [\\w$.]+\\(");

  @TempDir
  static Path root;

  private static TestPki pki;
  private static Path fx;
  private static Path cases;
  private static Path key;
  private static Path rootPem;
  private static Path letter;
  private static Path signed;
  private static Path signedXml;
  private static Path register;
  private static int passedBaseline;

  @BeforeAll
  static void fixtures() throws Exception {
    pki = TestPki.start();
    fx = Files.createDirectories(root.resolve("fixtures"));
    cases = Files.createDirectories(root.resolve("cases"));
    key = TestPki.writeP12(pki.pki().person("Nguyễn Văn An"), fx.resolve("signer.p12"), PIN);
    rootPem = pki.writeRootPem(fx);
    letter = Files.write(fx.resolve("letter.pdf"), SampleLetter.create());
    signed = fx.resolve("signed.pdf");
    ok(CliRunner.run(Map.of("KYSO_PIN", PIN), "sign", "pdf", letter.toString(), "-o", signed.toString(), "--key",
        "p12:" + key, "--pin-env", "KYSO_PIN"));
    Path xml = Files.writeString(fx.resolve("hoso.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<HoSo><VanBan Id=\"vb1\">Về việc thành lập Tổ công tác</VanBan>"
            + "<SoTien>1000000</SoTien></HoSo>\n");
    signedXml = fx.resolve("signed.xml");
    ok(CliRunner.run(Map.of("KYSO_PIN", PIN), "sign", "xml", xml.toString(), "-o", signedXml.toString(), "--key",
        "p12:" + key, "--pin-env", "KYSO_PIN"));
    register = fx.resolve("so.db");
    ok(CliRunner.run("register", "init", "--db", register.toString(), "--org", "UBND phường Điện Biên",
        "--org-abbr", "UBND"));
    ok(CliRunner.run("register", "out", "add", "--db", register.toString(), "--type", "QĐ", "--summary",
        "Về việc thành lập Tổ công tác"));
    var v = CliRunner.run("verify", signed.toString(), "--offline", "--trust", rootPem.toString());
    passedBaseline = v.exitCode();
    assertThat(passedBaseline).as("an untouched signed letter verifies: " + v.out() + v.err()).isIn(0, 2);
  }

  @AfterAll
  static void stop() {
    if (pki != null) {
      pki.close();
    }
  }

  private static void ok(CliRunner.Result r) {
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
  }

  // ======================================================================== the cases

  /** What a case must do beyond the rules every case keeps. */
  interface Check {
    void check(Case c, Outcome o) throws Exception;
  }

  /** One command of the campaign. */
  static final class Case {
    final String id;
    final List<String> args;
    final Set<Integer> codes;
    final Map<String, String> env = new LinkedHashMap<>();
    final List<Check> checks = new ArrayList<>();
    /** Files the command may leave in its case folder when it exits 0. */
    final Set<String> outputs = new TreeSet<>();
    /** Files put in the case folder before the run (inputs it may change). */
    final Set<String> inputs = new TreeSet<>();
    boolean sentence = true;
    /** A batch prints a line per failed file (names that are not UTF-8 shown as \xNN, FileNames). */
    boolean multiLine;
    /** Run as a process of its own: {@code java -jar} with this environment (else in the campaign JVM). */
    Map<String, String> ownProcess;
    Path dir;

    Case(String id, Set<Integer> codes, List<String> args) {
      this.id = id;
      this.codes = codes;
      this.args = new ArrayList<>(args);
    }

    Case env(String k, String v) {
      env.put(k, v);
      return this;
    }

    Case errHas(String... parts) {
      checks.add((c, o) -> assertThat(o.err).as(c.id).contains(parts));
      return this;
    }

    Case output(String name) {
      outputs.add(name);
      return this;
    }

    Case check(Check k) {
      checks.add(k);
      return this;
    }

    /** Exit 1, 2 or 3 of verify is a verdict on standard output, not an error sentence. */
    Case verdict() {
      sentence = false;
      return this;
    }
  }

  record Outcome(int code, String out, String err, String tmpFiles, long millis) {}

  private final List<Case> all = new ArrayList<>();

  private Case add(String id, Set<Integer> codes, String... args) throws IOException {
    String safe = String.format("%03d-%s", all.size(), id.replaceAll("[^A-Za-z0-9._-]", "_"));
    Case c = new Case(safe, codes, List.of(args));
    c.dir = Files.createDirectories(cases.resolve(safe));
    c.env.put("KYSO_PIN", PIN);
    all.add(c);
    return c;
  }

  /** A file of the case's folder. */
  private static String in(Case c, String name) {
    return c.dir.resolve(name).toString();
  }

  /** Copies a fixture into the case's folder (an input the command may write to). */
  private static String copy(Case c, Path fixture, String name) throws IOException {
    Files.copy(fixture, c.dir.resolve(name));
    c.inputs.add(name);
    return in(c, name);
  }

  private static Set<Integer> codes(Integer... c) {
    return Set.of(c);
  }

  private static final Set<Integer> BAD_PDF_VERIFY = Set.of(1, 3, 65);
  private static final Set<Integer> USAGE = Set.of(64);

  private String[] sign(String format, String input, Case c, String... more) {
    List<String> a = new ArrayList<>(List.of("sign", format, input, "-o", in(c, "out." + format), "--key",
        "p12:" + key, "--pin-env", "KYSO_PIN"));
    a.addAll(List.of(more));
    c.output("out." + format);
    return a.toArray(String[]::new);
  }

  private void build() throws Exception {
    hostilePdfs();
    hostileXml();
    options();
    paths();
    registers();
    secretsAndAtFiles();
    locales();
  }

  // ------------------------------------------------------------------------ hostile PDFs

  private void hostilePdfs() throws Exception {
    byte[] s = Files.readAllBytes(signed);
    // truncated at every structural point of the signed letter
    for (int at : structuralPoints(s)) {
      Path t = Files.write(fx.resolve("trunc-" + at + ".pdf"), Arrays.copyOf(s, at));
      boolean onlyTrailingWhitespace = new String(s, at, s.length - at, StandardCharsets.ISO_8859_1).isBlank();
      Set<Integer> ok = onlyTrailingWhitespace ? Set.of(passedBaseline) : BAD_PDF_VERIFY;
      add("verify-truncated-at-" + at, ok, "verify", t.toString(), "--offline", "--trust", rootPem.toString())
          .verdict();
    }
    byte[] l = Files.readAllBytes(letter);
    List<Integer> points = structuralPoints(l);
    for (int i = 0; i < points.size(); i += 2) {
      int at = points.get(i);
      Path t = Files.write(fx.resolve("letter-trunc-" + at + ".pdf"), Arrays.copyOf(l, at));
      Case c = add("sign-truncated-letter-at-" + at, codes(0, 65));
      signedOutputVerifies(withArgs(c, sign("pdf", t.toString(), c)));
    }
    // structures that loop or never end
    Map<String, byte[]> hostile = new LinkedHashMap<>();
    String cat = "<< /Type /Catalog /Pages 2 0 R >>";
    String pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    String page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>";
    hostile.put("page-tree-loop", pdf(cat, "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", page,
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 /Parent 2 0 R >>"));
    hostile.put("page-tree-self-kid", pdf(cat, "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", page));
    hostile.put("page-parent-loop", pdf(cat, pages, "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>"));
    hostile.put("page-count-huge", pdf(cat, "<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>", page));
    hostile.put("no-pages", pdf("<< /Type /Catalog >>"));
    hostile.put("pages-not-a-dict", pdf("<< /Type /Catalog /Pages 2 0 R >>", "[1 2 3]"));
    hostile.put("outline-next-loop", pdf("<< /Type /Catalog /Pages 2 0 R /Outlines 4 0 R >>", pages, page,
        "<< /Type /Outlines /First 5 0 R /Last 5 0 R /Count 1 >>",
        "<< /Title (a) /Parent 4 0 R /Next 5 0 R /Prev 5 0 R /First 5 0 R /Last 5 0 R /Count 1 >>"));
    hostile.put("name-tree-loop", pdf("<< /Type /Catalog /Pages 2 0 R /Names << /Dests 4 0 R /EmbeddedFiles 4 0 R"
        + " >> >>", pages, page, "<< /Kids [4 0 R] >>"));
    hostile.put("acroform-kids-loop", pdf("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        pages, page, "<< /FT /Sig /T (a) /Kids [4 0 R] /Parent 4 0 R >>"));
    hostile.put("acroform-fields-self", pdf("<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>", pages, page,
        "<< /Fields [4 0 R] >>"));
    hostile.put("sig-field-value-loop", pdf("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
        pages, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        "<< /Type /Annot /Subtype /Widget /FT /Sig /T (a) /V 4 0 R /Rect [0 0 0 0] /P 3 0 R >>"));
    hostile.put("object-is-itself", pdf("<< /Type /Catalog /Pages 2 0 R /X 4 0 R >>", pages, page, "4 0 R"));
    hostile.put("references-ping-pong", pdf("<< /Type /Catalog /Pages 4 0 R >>", pages, page, "5 0 R", "4 0 R"));
    hostile.put("length-is-itself", pdfRaw(List.of(cat, pages, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595"
        + " 842] /Contents 4 0 R >>", "<< /Length 4 0 R >>\nstream\nBT ET\nendstream"), -1, null));
    for (String len : List.of("2147483647", "9223372036854775807", "99999999999999999999999", "-1", "-2147483648")) {
      hostile.put("length-" + len, pdfRaw(List.of(cat, pages, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
          + " /Contents 4 0 R >>", "<< /Length " + len + " >>\nstream\nBT ET\nendstream"), -1, null));
    }
    for (long size : List.of(2147483649L, 9223372036854775807L, 0L, 100_000_000L)) {
      hostile.put("size-" + size, pdfRaw(List.of(cat, pages, page), size, null));
    }
    hostile.put("size-negative", pdfRaw(List.of(cat, pages, page), -1, "/Size -5"));
    for (int depth : List.of(10_000, 100_000)) {
      hostile.put("arrays-" + depth + "-deep", pdf(cat, pages, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
          + " /X " + "[".repeat(depth) + "]".repeat(depth) + " >>"));
      hostile.put("dicts-" + depth + "-deep", pdf(cat, pages, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
          + " /X " + "<< /A ".repeat(depth) + ">> ".repeat(depth) + ">>"));
      hostile.put("trailer-" + depth + "-deep", pdfRaw(List.of(cat, pages, page), -1, "/X " + "[".repeat(depth)
          + "]".repeat(depth)));
    }
    hostile.put("objstm-extends-itself", objectStreamReferencingItself());
    hostile.put("xref-prev-self", xrefPrevLoop(true));
    hostile.put("xref-prev-ping-pong", xrefPrevLoop(false));
    hostile.put("startxref-beyond-end", new String(pdf(cat, pages, page), StandardCharsets.ISO_8859_1)
        .replaceAll("startxref\\n\\d+", "startxref\n999999999").getBytes(StandardCharsets.ISO_8859_1));
    hostile.put("startxref-negative", new String(pdf(cat, pages, page), StandardCharsets.ISO_8859_1)
        .replaceAll("startxref\\n\\d+", "startxref\n-12").getBytes(StandardCharsets.ISO_8859_1));
    hostile.put("encrypt-bogus", pdfRaw(List.of(cat, pages, page, "<< /Filter /Standard /V 99 /R 99 /O (x) /U (y)"
        + " /P -4 >>"), -1, "/Encrypt 4 0 R /ID [<01> <01>]"));
    hostile.put("flate-bomb-content", flateBomb());
    hostile.put("header-only", "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
    hostile.put("empty", new byte[0]);
    hostile.put("many-eof", ("%PDF-1.7\n" + "%%EOF\n".repeat(100_000)).getBytes(StandardCharsets.US_ASCII));
    hostile.put("random", random(200_000, 7));
    hostile.put("pdf-header-then-random", concat("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII),
        random(200_000, 8)));
    for (var e : hostile.entrySet()) {
      Path f = Files.write(fx.resolve(e.getKey() + ".pdf"), e.getValue());
      // a broken signature field may be judged as a failed signature (1)
      add("verify-" + e.getKey(), codes(1, 3, 65), "verify", f.toString(), "--offline").verdict();
      Case c = add("sign-" + e.getKey(), codes(0, 65));
      signedOutputVerifies(withArgs(c, sign("pdf", f.toString(), c)));
      Case v = add("sign-visible-" + e.getKey(), codes(0, 65));
      signedOutputVerifies(withArgs(v, sign("pdf", f.toString(), v, "--visible", "--anchor", "Nơi nhận")));
    }
    // changes after signing: each must be refused or named
    Map<String, byte[]> after = new LinkedHashMap<>();
    after.put("page-added", incremental(doc -> {
      doc.addPage(new PDPage(PDRectangle.A4));
      doc.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
      doc.getPages().getCOSObject().setNeedToBeUpdated(true);
    }));
    after.put("annotation-overlay", incremental(doc -> {
      PDPage p = doc.getPage(0);
      var a = new PDAnnotationSquare();
      a.setRectangle(new PDRectangle(50, 50, 500, 700));
      p.getAnnotations().add(a);
      p.setAnnotations(p.getAnnotations());
      p.getCOSObject().setNeedToBeUpdated(true);
    }));
    after.put("appended-garbage", concat(s, random(10_000, 9)));
    after.put("appended-100000-eof", concat(s, "%%EOF\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII)));
    after.put("appended-comment", concat(s, "% a comment\n".getBytes(StandardCharsets.US_ASCII)));
    after.put("appended-object", concat(s, "99 0 obj\n(hello)\nendobj\n".getBytes(StandardCharsets.US_ASCII)));
    byte[] flipped = s.clone();
    int mid = new String(s, StandardCharsets.ISO_8859_1).indexOf("stream\n") + 20;
    flipped[mid] ^= 1;
    after.put("byte-flipped-in-content", flipped);
    byte[] sigFlip = s.clone();
    int contents = new String(s, StandardCharsets.ISO_8859_1).indexOf("/Contents <") + 200;
    sigFlip[contents] = (byte) (sigFlip[contents] == '0' ? '1' : '0');
    after.put("signature-value-flipped", sigFlip);
    for (var e : after.entrySet()) {
      Path f = Files.write(fx.resolve("after-" + e.getKey() + ".pdf"), e.getValue());
      add("verify-after-signing-" + e.getKey(), codes(0, 1, 2, 65), "verify", f.toString(), "--offline",
          "--trust", rootPem.toString(), "--format", "json", "--lang", "en").verdict().check((c, o) -> {
            if (o.code == 0 || o.code == 2) {
              // accepted only with the change named
              assertThat(o.out).as(c.id + ": a change after signing must be named").doesNotContain(
                  "\"modificationsAfterSigning\": []").contains("\"coversWholeDocument\": false");
            }
          });
    }
    // whitespace after the last %%EOF is not a change
    Path ws = Files.write(fx.resolve("after-whitespace.pdf"), concat(s, "\n\r\n  \n".getBytes(
        StandardCharsets.US_ASCII)));
    add("verify-after-signing-whitespace", codes(passedBaseline), "verify", ws.toString(), "--offline",
        "--trust", rootPem.toString()).verdict();
  }

  /** Gives a case its arguments (built after the case, when they name files of its folder). */
  private static Case withArgs(Case c, String[] args) {
    c.args.clear();
    c.args.addAll(List.of(args));
    return c;
  }

  /** When kyso signed a hostile file, what it wrote must be a PDF whose new signature verifies. */
  private static Case signedOutputVerifies(Case c) {
    return c.check((k, o) -> {
      if (o.code == 0) {
        var v = CliRunner.run("verify", k.dir.resolve("out.pdf").toString(), "--offline", "--trust",
            rootPem.toString(), "--format", "json");
        assertThat(v.out()).as(k.id + ": kyso wrote a signed file that does not verify: " + v.out() + v.err())
            .contains("\"signedBy\": \"Nguyễn Văn An\"");
        assertThat(v.exitCode()).as(k.id + ": " + v.out() + v.err()).isIn(0, 1, 2);
      }
    });
  }

  /** Offsets just before and just after each keyword of the file's structure. */
  static List<Integer> structuralPoints(byte[] pdf) {
    String s = new String(pdf, StandardCharsets.ISO_8859_1);
    TreeSet<Integer> at = new TreeSet<>();
    Matcher m = Pattern.compile("\\d+ \\d+ obj|endobj|stream|endstream|xref|trailer|startxref|%%EOF|/ByteRange"
        + "|/Contents <|/Type /Sig|>>").matcher(s);
    while (m.find()) {
      at.add(m.start());
      at.add(m.end());
    }
    at.remove(0);
    at.remove(pdf.length);
    at.add(pdf.length - 1);
    // at most 120 points: every structural point of a small file, evenly chosen ones of a larger one
    List<Integer> list = new ArrayList<>(at);
    if (list.size() <= 120) {
      return list;
    }
    return IntStream.range(0, 120).mapToObj(i -> list.get(i * list.size() / 120)).distinct().toList();
  }

  private static byte[] pdf(String... objects) {
    return pdfRaw(List.of(objects), -1, null);
  }

  /** A classic PDF of these objects (1 0 obj first), trailer /Size {@code size} when positive, extra trailer keys. */
  static byte[] pdfRaw(List<String> objects, long size, String trailerExtra) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      offsets.add(b.size());
      b.writeBytes(((i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    int xref = b.size();
    StringBuilder x = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
    for (int o : offsets) {
      x.append(String.format("%010d 00000 n \n", o));
    }
    x.append("trailer\n<< ");
    if (trailerExtra == null || !trailerExtra.contains("/Size")) {
      x.append("/Size ").append(size > 0 ? size : objects.size() + 1).append(' ');
    }
    x.append("/Root 1 0 R ").append(trailerExtra == null ? "" : trailerExtra).append(" >>\nstartxref\n")
        .append(xref).append("\n%%EOF\n");
    b.writeBytes(x.toString().getBytes(StandardCharsets.ISO_8859_1));
    return b.toByteArray();
  }

  /** An xref stream whose object stream 4 holds the catalog and claims to hold itself and to extend itself. */
  private static byte[] objectStreamReferencingItself() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
    int o2 = b.size();
    b.writeBytes("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n".getBytes(StandardCharsets.US_ASCII));
    int o3 = b.size();
    b.writeBytes("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
        .getBytes(StandardCharsets.US_ASCII));
    String inner = "1 0 4 33 ";
    String body = inner + "<< /Type /Catalog /Pages 2 0 R >> 4 0 R";
    int o4 = b.size();
    b.writeBytes(("4 0 obj\n<< /Type /ObjStm /N 2 /First " + inner.length() + " /Extends 4 0 R /Length "
        + body.length() + " >>\nstream\n" + body + "\nendstream\nendobj\n").getBytes(StandardCharsets.US_ASCII));
    int o5 = b.size();
    ByteArrayOutputStream rows = new ByteArrayOutputStream();
    int[][] entries = {{0, 0, 255}, {2, 4, 0}, {1, o2, 0}, {1, o3, 0}, {2, 4, 1}, {1, o5, 0}};
    for (int[] e : entries) {
      rows.write(e[0]);
      for (int k = 3; k >= 0; k--) {
        rows.write((e[1] >> (8 * k)) & 0xff);
      }
      rows.write((e[2] >> 8) & 0xff);
      rows.write(e[2] & 0xff);
    }
    b.writeBytes(("5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length " + rows.size() + " >>\nstream\n")
        .getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(rows.toByteArray());
    b.writeBytes(("\nendstream\nendobj\nstartxref\n" + o5 + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  /** Two xref sections whose /Prev chain loops (to itself, or between the two). */
  private static byte[] xrefPrevLoop(boolean self) {
    byte[] base = pdf("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
    String s = new String(base, StandardCharsets.ISO_8859_1);
    int firstXref = s.indexOf("xref\n");
    StringBuilder b = new StringBuilder(s);
    int obj = b.length();
    b.append("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] >>\nendobj\n");
    int xref = b.length();
    b.append("xref\n3 1\n").append(String.format("%010d 00000 n \n", obj)).append("trailer\n<< /Size 4 /Root 1 0 R"
        + " /Prev ").append(self ? xref : firstXref).append(" >>\nstartxref\n").append(xref).append("\n%%EOF\n");
    String out = b.toString();
    if (!self) {
      // the first section points back to the second
      out = out.replaceFirst("/Root 1 0 R  >>", "/Root 1 0 R /Prev " + xref + " >>");
    }
    return out.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A page whose content stream inflates from about 1 MiB to 1 GiB. */
  private static byte[] flateBomb() {
    Deflater d = new Deflater(9);
    byte[] zeros = new byte[1 << 20];
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    for (int i = 0; i < 1024; i++) {
      d.setInput(zeros);
      while (!d.needsInput()) {
        z.write(buf, 0, d.deflate(buf));
      }
    }
    d.finish();
    while (!d.finished()) {
      z.write(buf, 0, d.deflate(buf));
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] head = pdf("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", "4 0 R");
    // replace object 4 by the bomb: simplest is a fresh file with the stream written in binary
    String s = new String(head, StandardCharsets.ISO_8859_1);
    int cut = s.indexOf("4 0 obj");
    b.writeBytes(s.substring(0, cut).getBytes(StandardCharsets.ISO_8859_1));
    int o4 = b.size();
    b.writeBytes(("4 0 obj\n<< /Filter /FlateDecode /Length " + z.size() + " >>\nstream\n")
        .getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(z.toByteArray());
    b.writeBytes("\nendstream\nendobj\n".getBytes(StandardCharsets.US_ASCII));
    int xref = b.size();
    Matcher m = Pattern.compile("(\\d{10}) 00000 n \\n").matcher(s);
    List<String> offs = new ArrayList<>();
    while (m.find()) {
      offs.add(m.group(1));
    }
    StringBuilder x = new StringBuilder("xref\n0 5\n0000000000 65535 f \n");
    for (int i = 0; i < 3; i++) {
      x.append(offs.get(i)).append(" 00000 n \n");
    }
    x.append(String.format("%010d 00000 n \n", o4)).append("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n")
        .append(xref).append("\n%%EOF\n");
    b.writeBytes(x.toString().getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  interface DocChange {
    void change(PDDocument doc) throws IOException;
  }

  private static byte[] incremental(DocChange change) throws IOException {
    try (PDDocument doc = Loader.loadPDF(signed.toFile())) {
      change.change(doc);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.saveIncremental(out);
      return out.toByteArray();
    }
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  // ------------------------------------------------------------------------ hostile XML

  private void hostileXml() throws Exception {
    Path passwd = Files.writeString(fx.resolve("passwd.txt"), "root:x:0:0:LEAKED-BY-XXE\n");
    String sx = Files.readString(signedXml);
    Map<String, byte[]> hostile = new LinkedHashMap<>();
    hostile.put("xxe-file", ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"" + passwd.toUri() + "\">]>"
        + "<a Id=\"x\">&x;</a>").getBytes(StandardCharsets.UTF_8));
    hostile.put("xxe-parameter", ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY % p SYSTEM \"" + passwd.toUri()
        + "\"> %p;]><a Id=\"x\">x</a>").getBytes(StandardCharsets.UTF_8));
    hostile.put("xxe-http", ("<?xml version=\"1.0\"?><!DOCTYPE a SYSTEM \"" + pki.baseUrl() + "dtd\"><a Id=\"x\">x</a>")
        .getBytes(StandardCharsets.UTF_8));
    StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY l0 \"lol\">");
    for (int i = 1; i <= 9; i++) {
      lol.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
    }
    hostile.put("billion-laughs", (lol + "]><a Id=\"x\">&l9;</a>").getBytes(StandardCharsets.UTF_8));
    hostile.put("quadratic-blowup", ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY b \"" + "x".repeat(50_000)
        + "\">]><a Id=\"x\">" + "&b;".repeat(50_000) + "</a>").getBytes(StandardCharsets.UTF_8));
    hostile.put("doctype-internal", "<?xml version=\"1.0\"?><!DOCTYPE a [<!ELEMENT a ANY>]><a Id=\"x\">x</a>"
        .getBytes(StandardCharsets.UTF_8));
    hostile.put("xinclude", ("<a xmlns:xi=\"http://www.w3.org/2001/XInclude\" Id=\"x\"><xi:include href=\""
        + passwd.toUri() + "\" parse=\"text\"/></a>").getBytes(StandardCharsets.UTF_8));
    hostile.put("deep-10000", ("<a Id=\"x\">" + "<b>".repeat(10_000) + "</b>".repeat(10_000) + "</a>")
        .getBytes(StandardCharsets.UTF_8));
    hostile.put("deep-200000", ("<a Id=\"x\">" + "<b>".repeat(200_000) + "</b>".repeat(200_000) + "</a>")
        .getBytes(StandardCharsets.UTF_8));
    hostile.put("huge-attribute", ("<a Id=\"x\" v=\"" + "v".repeat(20_000_000) + "\"/>")
        .getBytes(StandardCharsets.UTF_8));
    hostile.put("many-attributes", ("<a Id=\"x\" " + IntStream.range(0, 100_000).mapToObj(i -> "a" + i + "=\"1\"")
        .collect(Collectors.joining(" ")) + "/>").getBytes(StandardCharsets.UTF_8));
    hostile.put("invalid-utf8", concat("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a Id=\"x\">".getBytes(
        StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '<', '/', 'a', '>'}));
    hostile.put("bom-utf8", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        "<a Id=\"x\">Về việc</a>".getBytes(StandardCharsets.UTF_8)));
    hostile.put("bom-utf16le", concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
        "<a Id=\"x\">Về việc</a>".getBytes(StandardCharsets.UTF_16LE)));
    hostile.put("bom-utf16be", concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
        "<a Id=\"x\">Về việc</a>".getBytes(StandardCharsets.UTF_16BE)));
    hostile.put("bom-utf8-then-utf16-declared", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a Id=\"x\">x</a>".getBytes(StandardCharsets.UTF_8)));
    hostile.put("bom-utf32", new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF, 0, 0, 0, '<'});
    hostile.put("declared-ebcdic", "<?xml version=\"1.0\" encoding=\"IBM037\"?><a Id=\"x\">x</a>"
        .getBytes(StandardCharsets.US_ASCII));
    hostile.put("not-well-formed", "<a Id=\"x\"><b></a>".getBytes(StandardCharsets.UTF_8));
    hostile.put("empty", new byte[0]);
    hostile.put("only-prolog", "<?xml version=\"1.0\"?>".getBytes(StandardCharsets.UTF_8));
    hostile.put("nul-bytes", "<a Id=\"x\">\0\0\0</a>".getBytes(StandardCharsets.UTF_8));
    hostile.put("duplicate-ids", "<a><b Id=\"x\">1</b><c Id=\"x\">2</c></a>".getBytes(StandardCharsets.UTF_8));
    hostile.put("stylesheet-pi", ("<?xml-stylesheet href=\"" + passwd.toUri() + "\"?><a Id=\"x\">x</a>")
        .getBytes(StandardCharsets.UTF_8));
    for (var e : hostile.entrySet()) {
      Path f = Files.write(fx.resolve(e.getKey() + ".xml"), e.getValue());
      add("verify-xml-" + e.getKey(), codes(3, 65), "verify", f.toString(), "--offline").verdict()
          .check(HostileCampaignTest::noLeak);
      Case c = add("sign-xml-" + e.getKey(), codes(0, 65));
      withArgs(c, sign("xml", f.toString(), c)).check(HostileCampaignTest::noLeak).check((k, o) -> {
        if (o.code == 0) {
          String out = Files.readString(k.dir.resolve("out.xml"), StandardCharsets.ISO_8859_1);
          assertThat(out).as(k.id).doesNotContain("LEAKED-BY-XXE");
          var v = CliRunner.run("verify", k.dir.resolve("out.xml").toString(), "--offline", "--trust",
              rootPem.toString());
          assertThat(v.exitCode()).as(k.id + ": kyso signed a file that does not verify: " + v.out() + v.err())
              .isIn(0, 2);
        }
      });
    }
    // signature wrapping and other tampering of a signed XML document
    Map<String, String> tampered = new LinkedHashMap<>();
    tampered.put("content-changed", sx.replace("1000000", "9000000"));
    tampered.put("wrapped-original-moved", sx.replaceFirst("(?s)<SoTien>1000000</SoTien>",
        "<SoTien>9000000</SoTien><Goc><SoTien>1000000</SoTien></Goc>"));
    tampered.put("duplicate-id-forged-first", sx.replaceFirst("<VanBan Id=\"vb1\">",
        "<VanBan Id=\"vb1\">Giả mạo</VanBan><VanBan Id=\"vb1\">"));
    tampered.put("signature-removed-value", sx.replaceFirst("(?s)<ds:SignatureValue([^>]*)>[^<]+<",
        "<ds:SignatureValue$1>AAAA<"));
    tampered.put("doctype-added", sx.replaceFirst("<HoSo>", "<!DOCTYPE HoSo [<!ENTITY e \"x\">]><HoSo>"));
    tampered.put("comment-in-signed", sx.replace("Tổ công tác", "Tổ <!-- x --> công tác"));
    for (var e : tampered.entrySet()) {
      Path f = Files.writeString(fx.resolve("tampered-" + e.getKey() + ".xml"), e.getValue());
      add("verify-xml-tampered-" + e.getKey(), codes(1, 3, 65), "verify", f.toString(), "--offline", "--trust",
          rootPem.toString()).verdict();
    }
    add("verify-xml-signed-untouched", codes(0, 2), "verify", signedXml.toString(), "--offline", "--trust",
        rootPem.toString()).verdict();
  }

  private static void noLeak(Case c, Outcome o) {
    assertThat(o.out + o.err).as(c.id).doesNotContain("LEAKED-BY-XXE");
  }

  // ------------------------------------------------------------------------ options

  private void options() throws Exception {
    String l = letter.toString();
    String k = "p12:" + key;
    // every command with an unknown option, and with nothing
    List<List<String>> commands = List.of(List.of(), List.of("sign"), List.of("sign", "pdf"), List.of("sign", "xml"),
        List.of("sign", "batch"), List.of("timestamp"), List.of("verify"), List.of("trust"),
        List.of("trust", "update"), List.of("trust", "import"), List.of("trust", "list"), List.of("trust", "remove"),
        List.of("token"), List.of("token", "list"), List.of("register"), List.of("register", "init"),
        List.of("register", "out"), List.of("register", "out", "add"), List.of("register", "in"),
        List.of("register", "in", "add"), List.of("register", "list"), List.of("register", "search"),
        List.of("register", "show"), List.of("register", "export"), List.of("register", "verify"),
        List.of("serve"), List.of("demo"));
    for (List<String> cmd : commands) {
      String name = cmd.isEmpty() ? "kyso" : String.join("-", cmd);
      List<String> a = new ArrayList<>(cmd);
      a.add("--no-such-option");
      add(name + "-unknown-option", USAGE, a.toArray(String[]::new)).errHas("--no-such-option");
      List<String> b = new ArrayList<>(cmd);
      b.add("--no-such=x");
      b.add("extra-positional-1");
      b.add("extra-positional-2");
      add(name + "-unknown-and-extra", USAGE, b.toArray(String[]::new));
    }
    // missing what is required
    add("sign-pdf-no-output", USAGE, "sign", "pdf", l, "--key", k, "--pin-env", "KYSO_PIN");
    Case nk = add("sign-pdf-no-key", USAGE);
    withArgs(nk, new String[] {"sign", "pdf", l, "-o", in(nk, "o.pdf")});
    add("sign-xml-no-input", USAGE, "sign", "xml", "-o", "/nonexistent/x.xml", "--key", k);
    add("register-out-add-no-type", USAGE, "register", "out", "add", "--db", register.toString(), "--summary", "x");
    add("register-in-add-no-file", USAGE, "register", "in", "add", "--db", register.toString(), "--author", "a",
        "--code", "1/QĐ", "--summary", "x");
    add("register-list-no-db", USAGE, "register", "list").env("KYSO_REGISTER_DB", "");
    // duplicate options
    Case dup = add("sign-pdf-duplicate-output", USAGE);
    withArgs(dup, new String[] {"sign", "pdf", l, "-o", in(dup, "a.pdf"), "-o", in(dup, "b.pdf"), "--key", k,
        "--pin-env", "KYSO_PIN"});
    add("verify-duplicate-format", USAGE, "verify", l, "--format", "json", "--format", "text");
    add("register-duplicate-db", USAGE, "register", "list", "--db", register.toString(), "--db", register.toString());
    Case dupKey = add("sign-pdf-duplicate-key", USAGE);
    withArgs(dupKey, new String[] {"sign", "pdf", l, "-o", in(dupKey, "o.pdf"), "--key", k, "--key", k});
    // bad dates for every date option of every profile and register command
    List<String> badDates = List.of("2026-02-30", "0000-01-01", "-0001-01-01", "2026-13-01", "26-1-1", "", " ",
        "2026/03/05", "05-03-2026", "1899-12-31", "2200-01-01", "99999-01-01", "2026-02-29", "tomorrow",
        "2026-03-05T00:00");
    for (String profile : List.of("plain", "approval", "issuance", "appendix", "copy", "incoming")) {
      for (String d : badDates) {
        Case c = add("sign-pdf-" + profile + "-date-" + d, USAGE);
        withArgs(c, sign("pdf", l, c, "--profile", profile, "--number", "15/QĐ-UBND", "--date", d))
            .errHas("--date");
      }
    }
    for (String d : badDates) {
      Case c = add("register-out-add-date-" + d, USAGE);
      withArgs(c, new String[] {"register", "out", "add", "--db", copy(c, register, "so.db"), "--type", "QĐ",
          "--summary", "x", "--date", d}).errHas("--date").check(HostileCampaignTest::oneEntryOnly);
      for (String opt : List.of("--doc-date", "--date", "--due")) {
        Case i = add("register-in-add" + opt + "-" + d, USAGE);
        withArgs(i, new String[] {"register", "in", "add", "--db", copy(i, register, "so.db"), "--file", l,
            "--author", "Sở Nội vụ", "--code", "15/QĐ-SNV", "--summary", "x", "--offline", opt, d}).errHas(opt)
            .check(HostileCampaignTest::oneEntryOnly);
      }
      for (String opt : List.of("--from", "--to")) {
        add("register-search" + opt + "-" + d, USAGE, "register", "search", "--db", register.toString(), opt, d)
            .errHas(opt);
      }
    }
    // numbers out of range, and not numbers
    for (String n : List.of("0", "-1", "99999999999999999999", "abc", "", "1e3", "0x10", "2147483648")) {
      add("verify-max-size-" + n, USAGE, "verify", l, "--max-size", n).errHas("--max-size");
      add("verify-timeout-" + n, USAGE, "verify", l, "--timeout", n).errHas("--timeout");
      Case p = add("sign-pdf-page-" + n, USAGE);
      withArgs(p, sign("pdf", l, p, "--visible", "--page", n)).errHas("--page");
      Case j = add("sign-batch-jobs-" + n, USAGE);
      withArgs(j, new String[] {"sign", "batch", fx.toString(), "-o", in(j, "out"), "--key", k, "--pin-env",
          "KYSO_PIN", "--jobs", n}).errHas("--jobs");
      Case m = add("sign-pdf-max-size-" + n, USAGE);
      withArgs(m, sign("pdf", l, m, "--max-size", n)).errHas("--max-size");
      add("register-list-page-" + n, USAGE, "register", "list", "--db", register.toString(), "--page", n)
          .errHas("--page");
      add("register-list-size-" + n, USAGE, "register", "list", "--db", register.toString(), "--size", n)
          .errHas("--size");
      add("register-list-year-" + n, USAGE, "register", "list", "--db", register.toString(), "--year", n)
          .errHas("--year");
      Case a = add("sign-pdf-approval-timeout-" + n, USAGE);
      withArgs(a, sign("pdf", l, a, "--approval-timeout", n)).errHas("--approval-timeout");
      Case cp = add("register-out-add-copies-" + n, n.equals("0") ? codes(0, 64) : USAGE);
      withArgs(cp, new String[] {"register", "out", "add", "--db", copy(cp, register, "so.db"), "--type", "QĐ",
          "--summary", "x", "--copies", n}).errHas(n.equals("0") ? "" : "--copies");
    }
    for (String rect : List.of("1,2,3", "a,b,c,d", "0,0,-5,-5", "0,0,0,0", "1e9,1e9,1e9,1e9", "NaN,0,10,10",
        "Infinity,0,10,10", "", "99999:0,0,10,10")) {
      // a rectangle off the page is a misfit with the document (65)
      Case c = add("sign-pdf-rect-" + rect, codes(64, 65));
      withArgs(c, sign("pdf", l, c, "--visible", "--rect", rect));
    }
    // empty strings and bad enumerations
    for (String[] opt : new String[][] {{"--level", ""}, {"--level", "B-X"}, {"--profile", ""},
        {"--profile", "aproval"}, {"--certify", "everything"}, {"--tsa", ""}, {"--tsa", "ftp://x"},
        {"--tsa", "not a url"}, {"--key", ""}, {"--trust-profile", "us"}, {"--anchor", ""}, {"--number", ""}}) {
      Case c = add("sign-pdf" + opt[0] + "-" + opt[1], codes(64, 65));
      List<String> a = new ArrayList<>(List.of("sign", "pdf", l, "-o", in(c, "out.pdf"), "--pin-env",
          "KYSO_PIN"));
      if (!opt[0].equals("--key")) {
        a.addAll(List.of("--key", k));
      }
      a.addAll(List.of(opt));
      withArgs(c, a.toArray(String[]::new));
    }
    for (String[] opt : new String[][] {{"--format", "pdf"}, {"--format", ""}, {"--lang", "fr"}, {"--lang", ""},
        {"--trust-profile", "xx"}}) {
      add("verify" + opt[0] + "-" + opt[1], USAGE, "verify", l, opt[0], opt[1]);
    }
    Case eo = add("sign-pdf-empty-output", codes(64, 66));
    withArgs(eo, new String[] {"sign", "pdf", l, "-o", "", "--key", k, "--pin-env", "KYSO_PIN"});
    add("verify-empty-file-name", codes(64, 66), "verify", "");
    add("register-out-add-empty-summary", codes(64), "register", "out", "add", "--db", register.toString(),
        "--type", "QĐ", "--summary", "");
    add("register-out-add-empty-type", codes(64, 65), "register", "out", "add", "--db", register.toString(),
        "--type", "", "--summary", "x");
    add("register-init-empty-org", codes(64), "register", "init", "--db", "/nonexistent-kyso/x.db", "--org", "",
        "--org-abbr", "");
    add("register-empty-db", codes(64, 66), "register", "list", "--db", "");
    // keys that are wrong in form
    for (String bad : List.of("p12:", "p12:/nonexistent.p12", "pkcs11:", "pkcs11:token=x?module-path=/nonexistent.so",
        "csc:", "csc:http://example.org/csc?credential=x&client-id=y", "qd769:", "smartca:", "mysign:", "xyz:abc",
        "p12:" + letter, "p12:" + key + "#nosuchalias", "p12:/dev/zero")) {
      // a PKCS#11 library that is not there: the token is absent (69)
      Case c = add("sign-pdf-key-" + bad, codes(64, 65, 66, 69));
      withArgs(c, sign("pdf", l, c)).args.set(6, bad);
    }
  }

  /** The register copy of the case holds only the fixture's one entry. */
  private static void oneEntryOnly(Case c, Outcome o) throws Exception {
    try (Connection con = DriverManager.getConnection("jdbc:sqlite:" + c.dir.resolve("so.db"));
         Statement s = con.createStatement()) {
      for (String t : List.of("entries", "incoming")) {
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + t)) {
          if (r.next() && t.equals("entries")) {
            assertThat(r.getInt(1)).as(c.id + ": a refused command registered something").isEqualTo(1);
          }
        } catch (java.sql.SQLException e) {
          // no such table in this schema: nothing to count
        }
      }
    }
  }

  // ------------------------------------------------------------------------ odd paths

  private void paths() throws Exception {
    Path fifo = fx.resolve("pipe");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Path dangling = fx.resolve("dangling.pdf");
    Files.createSymbolicLink(dangling, fx.resolve("nothing-here.pdf"));
    Path loopLink = fx.resolve("loop-link.pdf");
    Files.createSymbolicLink(loopLink, loopLink);
    Path folder = Files.createDirectories(fx.resolve("a-folder.pdf"));
    Map<String, String> odd = new LinkedHashMap<>();
    odd.put("dev-zero", "/dev/zero");
    odd.put("dev-null", "/dev/null");
    odd.put("dev-urandom", "/dev/urandom");
    odd.put("fifo", fifo.toString());
    odd.put("folder", folder.toString());
    odd.put("dangling-link", dangling.toString());
    odd.put("link-loop", loopLink.toString());
    odd.put("missing", fx.resolve("missing.pdf").toString());
    String k = "p12:" + key;
    String l = letter.toString();
    for (var e : odd.entrySet()) {
      String p = e.getValue();
      Set<Integer> inputCodes = codes(64, 65, 66);
      add("verify-" + e.getKey(), inputCodes, "verify", p);
      Case s = add("sign-pdf-input-" + e.getKey(), inputCodes);
      withArgs(s, sign("pdf", p, s));
      Case x = add("sign-xml-input-" + e.getKey(), inputCodes);
      withArgs(x, sign("xml", p, x));
      Case ts = add("timestamp-" + e.getKey(), codes(64, 65, 66, 69));
      withArgs(ts, new String[] {"timestamp", p, "-o", in(ts, "o.tsr"), "--tsa", "http://127.0.0.1:9/tsa"});
      Case pin = add("sign-pdf-pin-file-" + e.getKey(), codes(64, 65, 66, 77));
      withArgs(pin, new String[] {"sign", "pdf", l, "-o", in(pin, "out.pdf"), "--key", k, "--pin-file", p});
      Case pw = add("sign-pdf-password-file-" + e.getKey(), inputCodes);
      withArgs(pw, sign("pdf", l, pw, "--password-file", p));
      add("verify-password-file-" + e.getKey(), inputCodes, "verify", l, "--password-file", p);
      Case sec = add("sign-pdf-service-secret-file-" + e.getKey(), codes(64, 65, 66, 69));
      withArgs(sec, sign("pdf", l, sec, "--service-secret-file", p));
      Case tr = add("sign-pdf-trust-" + e.getKey(), inputCodes);
      withArgs(tr, sign("pdf", l, tr, "--trust", p));
      add("verify-trust-" + e.getKey(), inputCodes, "verify", l, "--trust", p);
      Case img = add("sign-pdf-signature-image-" + e.getKey(), inputCodes);
      withArgs(img, sign("pdf", l, img, "--profile", "approval", "--signature-image", p));
      Case seal = add("sign-pdf-seal-image-" + e.getKey(), inputCodes);
      withArgs(seal, sign("pdf", l, seal, "--profile", "issuance", "--seal-image", p, "--number", "15/QĐ-UBND"));
      add("verify-data-" + e.getKey(), inputCodes, "verify", signedXml.toString(), "--data", p);
      Case att = add("sign-xml-attachment-" + e.getKey(), inputCodes);
      withArgs(att, sign("xml", signedXml.toString(), att, "--profile", "edxml", "--attachment", "cid1=" + p));
      Case ra = add("register-out-add-file-" + e.getKey(), inputCodes);
      withArgs(ra, new String[] {"register", "out", "add", "--db", copy(ra, register, "so.db"), "--type", "QĐ",
          "--summary", "x", "--file", p}).check(HostileCampaignTest::oneEntryOnly);
      Case ri = add("register-in-add-file-" + e.getKey(), inputCodes);
      withArgs(ri, new String[] {"register", "in", "add", "--db", copy(ri, register, "so.db"), "--file", p,
          "--author", "a", "--code", "1/QĐ-A", "--summary", "x"}).check(HostileCampaignTest::oneEntryOnly);
      add("trust-import-" + e.getKey(), inputCodes, "trust", "import", p, "--trust-store",
          fx.resolve("no-store").toString());
      add("serve-config-" + e.getKey(), codes(64, 65, 66), "serve", "--config", p);
      add("register-db-" + e.getKey(), codes(64, 65, 66), "register", "verify", "--db", p);
      // an empty folder is a batch with nothing to sign
      Case batch = add("sign-batch-input-" + e.getKey(), e.getKey().equals("folder") ? codes(0) : inputCodes);
      withArgs(batch, new String[] {"sign", "batch", p, "-o", in(batch, "out"), "--key", k, "--pin-env",
          "KYSO_PIN"});
    }
    // outputs that cannot be written
    // a device of the test's own (as /dev/full, which a bug once replaced by a file when run as root)
    // (only root may make one; anyone else cannot replace /dev/null, so that device is safe to aim at then)
    Path device = fx.resolve("full-device");
    if (new ProcessBuilder("mknod", device.toString(), "c", "1", "7").start().waitFor() != 0) {
      device = Path.of("/dev/null");
    }
    byte[] letterBytes = Files.readAllBytes(letter);
    for (String[] o : new String[][] {{"folder", folder.toString()}, {"device", device.toString()},
        {"missing-folder", "/nonexistent-kyso/out.pdf"}, {"proc", "/proc/kyso-out.pdf"}, {"fifo", fifo.toString()}}) {
      add("sign-pdf-output-" + o[0], codes(64, 65, 66), "sign", "pdf", l, "-o", o[1], "--key", k,
          "--pin-env", "KYSO_PIN").check((c, out) -> {
            assertThat(Files.readAllBytes(letter)).as("the input was changed").isEqualTo(letterBytes);
            assertThat(Files.isRegularFile(Path.of(o[1]))).as(c.id + ": the output path was replaced by a file")
                .isFalse();
          });
      add("register-export-output-" + o[0], codes(64, 65, 66), "register", "export", "--db",
          register.toString(), "-o", o[1]);
    }
    // signing a file over itself: allowed, the signed file keeps the original as its first revision
    Case same = add("sign-pdf-output-same-as-input", codes(0));
    String own = copy(same, letter, "same.pdf");
    withArgs(same, new String[] {"sign", "pdf", own, "-o", own, "--key", k, "--pin-env", "KYSO_PIN"});
    // a batch folder with a file name that is not UTF-8, and hostile files among good ones
    Path batchIn = Files.createDirectories(fx.resolve("batch-in"));
    Files.copy(letter, batchIn.resolve("tốt.pdf"));
    Files.copy(fx.resolve("page-tree-loop.pdf"), batchIn.resolve("loop.pdf"));
    Files.copy(fx.resolve("billion-laughs.xml"), batchIn.resolve("laughs.xml"));
    Files.copy(fx.resolve("empty.pdf"), batchIn.resolve("empty.pdf"));
    Files.createSymbolicLink(batchIn.resolve("zero.pdf"), Path.of("/dev/zero"));
    assertThat(new ProcessBuilder("sh", "-c", "printf '%%PDF-1.7' > \"$(printf 'bad\\377\\376name.pdf')\"")
        .directory(batchIn.toFile()).start().waitFor()).isZero();
    Case b = add("sign-batch-hostile-folder", codes(65, 66));
    withArgs(b, new String[] {"sign", "batch", batchIn.toString(), "-o", in(b, "out"), "--key", k, "--pin-env",
        "KYSO_PIN"}).sentence = false;
    b.multiLine = true; // one line per file that failed, then the count
    b.inputs.add("out"); // the files of a batch that were signed stay
    b.check((c, o) -> {
      assertThat(o.out).as(c.id).containsPattern("signed 1 of \\d+ files|1 signed");
      try (Stream<Path> s = Files.list(c.dir.resolve("out"))) {
        assertThat(s.map(p -> p.getFileName().toString()).toList()).as(c.id).containsExactly("tốt.pdf");
      }
    });
  }

  // ------------------------------------------------------------------------ registers

  private void registers() throws Exception {
    Path other = fx.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, summary TEXT)");
      s.execute("CREATE TABLE journal (x BLOB)");
      s.execute("INSERT INTO entries (summary) VALUES ('not kyso')");
    }
    Path emptyDb = Files.createFile(fx.resolve("empty.db"));
    Path text = Files.writeString(fx.resolve("text.db"), "SQLite format 3\0 but not really, " + "x".repeat(5000));
    Path truncated = Files.write(fx.resolve("truncated.db"), Arrays.copyOf(Files.readAllBytes(register), 2048));
    Map<String, Path> dbs = new LinkedHashMap<>();
    dbs.put("empty-file", emptyDb);
    dbs.put("other-schema", other);
    dbs.put("not-sqlite", letter);
    dbs.put("fake-header", text);
    dbs.put("truncated", truncated);
    for (var e : dbs.entrySet()) {
      for (String[] cmd : new String[][] {{"register", "verify"}, {"register", "list"},
          {"register", "search", "--summary", "x"}, {"register", "show", "1"},
          {"register", "out", "add", "--type", "QĐ", "--summary", "x"},
          {"register", "in", "add", "--file", letter.toString(), "--author", "a", "--code", "1/QĐ-A",
              "--summary", "x", "--offline"}}) {
        Case c = add(String.join("-", Arrays.copyOf(cmd, 3)) + "-db-" + e.getKey(), codes(64, 65, 66));
        List<String> a = new ArrayList<>(List.of(cmd));
        a.addAll(List.of("--db", copy(c, e.getValue(), "db")));
        byte[] before = Files.readAllBytes(e.getValue());
        withArgs(c, a.toArray(String[]::new));
        c.check((k, o) -> assertThat(Files.readAllBytes(k.dir.resolve("db"))).as(k.id + ": the file was written to")
            .isEqualTo(before));
      }
      Case ex = add("register-export-db-" + e.getKey(), codes(64, 65, 66));
      withArgs(ex, new String[] {"register", "export", "--db", copy(ex, e.getValue(), "db"), "-o",
          in(ex, "book.pdf")});
    }
    Case init = add("register-init-in-missing-folder", codes(64, 65, 66));
    withArgs(init, new String[] {"register", "init", "--db", in(init, "no/such/folder/so.db"), "--org", "UBND",
        "--org-abbr", "UBND"});
    add("register-init-read-only-place", codes(64, 65, 66), "register", "init", "--db", "/proc/kyso.db",
        "--org", "UBND", "--org-abbr", "UBND");
    add("register-init-on-a-pdf", codes(64, 65, 66), "register", "init", "--db", copyTo("init-pdf.db", letter),
        "--org", "UBND", "--org-abbr", "UBND");
    Case twice = add("register-init-twice", codes(0, 64, 65));
    withArgs(twice, new String[] {"register", "init", "--db", copy(twice, register, "so.db"), "--org", "Khác",
        "--org-abbr", "KHAC"}).check(HostileCampaignTest::oneEntryOnly);
    add("register-bad-postgres-url", codes(64, 65, 66, 69), "register", "list", "--db",
        "jdbc:postgresql://127.0.0.1:9/none?user=x&password=" + SECRET).check((c, o) -> assertThat(o.err)
            .doesNotContain("Hunter2"));
    add("register-unknown-url", codes(64, 65, 66), "register", "list", "--db", "jdbc:mysql://127.0.0.1/x");
    add("register-show-missing-entry", codes(64, 65, 66), "register", "show", "99999", "--db", register.toString());
    add("register-show-bad-number", codes(64), "register", "show", "abc", "--db", register.toString());
    add("register-unknown-org-id", codes(64, 65, 66), "register", "list", "--db", register.toString(), "--org-id",
        "no-such-org");
  }

  private static String copyTo(String name, Path from) throws IOException {
    Path p = fx.resolve(name);
    Files.copy(from, p);
    return p.toString();
  }

  // ------------------------------------------------------------------------ secrets and @file

  private void secretsAndAtFiles() throws Exception {
    Path secret = Files.writeString(fx.resolve("secret.txt"), SECRET + "\n");
    String l = letter.toString();
    String k = "p12:" + key;
    add("verify-at-file", codes(66), "verify", "@" + secret);
    add("kyso-at-file", codes(64), "@" + secret);
    Case s = add("sign-pdf-at-file-args", codes(64, 66));
    withArgs(s, new String[] {"sign", "pdf", "@" + secret, "-o", in(s, "o.pdf"), "--key", k, "--pin-env",
        "KYSO_PIN"});
    Case r = add("register-summary-at-file", codes(0));
    withArgs(r, new String[] {"register", "out", "add", "--db", copy(r, register, "so.db"), "--type", "QĐ",
        "--summary", "@" + secret, "--format", "json"}).check((c, o) -> assertThat(o.out).contains("\"summary\":\"@"
            + secret));
    // PIN sources: unset, empty, wrong, files that are empty or odd
    Case unset = add("pin-env-unset", USAGE);
    withArgs(unset, new String[] {"sign", "pdf", l, "-o", in(unset, "o.pdf"), "--key", k, "--pin-env",
        "KYSO_NOT_SET"}).errHas("KYSO_NOT_SET");
    Case empty = add("pin-env-empty", codes(64, 77));
    withArgs(empty, new String[] {"sign", "pdf", l, "-o", in(empty, "o.pdf"), "--key", k, "--pin-env",
        "KYSO_EMPTY"}).env("KYSO_EMPTY", "");
    Case wrong = add("pin-env-wrong", codes(77));
    withArgs(wrong, new String[] {"sign", "pdf", l, "-o", in(wrong, "o.pdf"), "--key", k, "--pin-env",
        "KYSO_WRONG"}).env("KYSO_WRONG", "wrong-" + SECRET);
    Case none = add("pin-none-no-terminal", codes(64, 77));
    withArgs(none, new String[] {"sign", "pdf", l, "-o", in(none, "o.pdf"), "--key", k});
    Case both = add("pin-env-and-file", USAGE);
    withArgs(both, new String[] {"sign", "pdf", l, "-o", in(both, "o.pdf"), "--key", k, "--pin-env", "KYSO_PIN",
        "--pin-file", secret.toString()});
    Path emptyFile = Files.createFile(fx.resolve("empty-pin.txt"));
    Case ef = add("pin-file-empty", codes(64, 77));
    withArgs(ef, new String[] {"sign", "pdf", l, "-o", in(ef, "o.pdf"), "--key", k, "--pin-file",
        emptyFile.toString()});
    Case wf = add("pin-file-wrong", codes(77));
    withArgs(wf, new String[] {"sign", "pdf", l, "-o", in(wf, "o.pdf"), "--key", k, "--pin-file",
        secret.toString()});
    Case pe = add("password-env-unset", USAGE);
    withArgs(pe, sign("pdf", l, pe, "--password-env", "KYSO_NOT_SET"));
    add("verify-password-env-unset", USAGE, "verify", l, "--password-env", "KYSO_NOT_SET");
    Case se = add("service-secret-env-unset", USAGE);
    withArgs(se, sign("pdf", l, se, "--service-secret-env", "KYSO_NOT_SET"));
    add("serve-hash-token-unset", USAGE, "serve", "--hash-token", "KYSO_NOT_SET");
    for (Case c : all) {
      c.check((x, o) -> assertThat(o.out + o.err).as(x.id + ": a secret was printed").doesNotContain("Hunter2")
          .doesNotContain(PIN));
    }
  }

  // ------------------------------------------------------------------------ locales (a process each)

  private void locales() throws Exception {
    String summary = "Về việc thành lập Tổ công tác";
    Map<String, Map<String, String>> locales = new LinkedHashMap<>();
    locales.put("LANG=C", Map.of("LANG", "C", "LC_ALL", "C"));
    locales.put("env-i", Map.of());
    locales.put("POSIX", Map.of("LC_ALL", "POSIX"));
    for (var e : locales.entrySet()) {
      Case c = add("locale-" + e.getKey() + "-register-vietnamese", codes(0));
      Path dir = Files.createDirectories(c.dir.resolve("Sổ đăng ký"));
      c.inputs.add("Sổ đăng ký");
      Path doc = Files.write(dir.resolve("Quyết định số 15.pdf"), SampleLetter.create());
      Path db = dir.resolve("sổ.db");
      Files.copy(register, db);
      withArgs(c, new String[] {"register", "out", "add", "--db", db.toString(), "--type", "QĐ", "--summary",
          summary, "--file", doc.toString(), "--format", "json"}).ownProcess = e.getValue();
      c.check((k, o) -> {
        try (Connection con = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = con.createStatement();
             ResultSet r = s.executeQuery("SELECT summary, type_abbr FROM entries ORDER BY rowid DESC LIMIT 1")) {
          assertThat(r.next()).isTrue();
          assertThat(r.getBytes(1)).as(k.id).isEqualTo(summary.getBytes(StandardCharsets.UTF_8));
          assertThat(r.getString(2)).isEqualTo("QĐ");
        }
        assertThat(o.out).contains(summary);
      });
      Case v = add("locale-" + e.getKey() + "-verify-vietnamese-name", codes(passedBaseline));
      Path named = Files.copy(signed, v.dir.resolve("Văn bản đã ký.pdf"));
      v.inputs.add(named.getFileName().toString());
      withArgs(v, new String[] {"verify", named.toString(), "--offline", "--trust", rootPem.toString(), "--lang",
          "vi"}).ownProcess = e.getValue();
      v.verdict().check((k, o) -> assertThat(o.out).contains("Văn bản đã ký.pdf")
          .contains("Nguyễn Văn An"));
      Case s = add("locale-" + e.getKey() + "-sign-vietnamese-name", codes(0));
      Path src = Files.copy(letter, s.dir.resolve("Công văn.pdf"));
      s.inputs.add(src.getFileName().toString());
      withArgs(s, new String[] {"sign", "pdf", src.toString(), "-o", s.dir.resolve("Công văn đã ký.pdf").toString(),
          "--key", "p12:" + key, "--pin-env", "KYSO_PIN", "--reason", "Phê duyệt", "--location", "Hà Nội"})
          .ownProcess = e.getValue();
      s.output("Công văn đã ký.pdf");
      Case bad = add("locale-" + e.getKey() + "-bad-date", USAGE);
      withArgs(bad, new String[] {"register", "out", "add", "--db", copy(bad, register, "so.db"), "--type", "QĐ",
          "--summary", summary, "--date", "2026-02-30"}).ownProcess = e.getValue();
    }
    // a file name that is not UTF-8 at all, given on the command line
    Case raw = add("locale-env-i-non-utf8-argument", codes(64, 66));
    raw.ownProcess = Map.of();
    raw.args.clear();
  }

  // ======================================================================== running

  private static final Map<String, Outcome> RESULTS = new LinkedHashMap<>();

  /**
   * Cases found by this campaign and not fixed yet (see the report of issue 20): they run and are reported as
   * skipped while they fail, and count as held as soon as they pass. Matched against the case name without its number.
   */
  private static final Set<String> KNOWN_OPEN = Set.of();

  @TestFactory
  Stream<DynamicTest> campaign() throws Exception {
    build();
    runInWorker(all.stream().filter(c -> c.ownProcess == null).toList());
    for (Case c : all) {
      if (c.ownProcess != null) {
        RESULTS.put(c.id, runOwnProcess(c));
      }
    }
    List<DynamicTest> tests = new ArrayList<>();
    int[] held = {0};
    List<String> failed = new ArrayList<>();
    for (Case c : all) {
      tests.add(DynamicTest.dynamicTest(c.id, () -> {
        try {
          assertCase(c, RESULTS.get(c.id));
          held[0]++;
        } catch (AssertionError e) {
          failed.add(c.id);
          String name = c.id.substring(4);
          if (KNOWN_OPEN.stream().anyMatch(name::startsWith)) {
            org.junit.jupiter.api.Assumptions.abort("known open (issue 20): " + e.getMessage());
          }
          throw e;
        }
      }));
    }
    tests.add(DynamicTest.dynamicTest("summary", () -> {
      System.out.println("campaign: " + all.size() + " cases, " + held[0] + " held; failed: " + failed);
      assertThat(all.size()).isGreaterThanOrEqualTo(700);
    }));
    return tests.stream();
  }

  private static void assertCase(Case c, Outcome o) throws Exception {
    assertThat(o).as(c.id + ": no outcome").isNotNull();
    String shown = c.id + " " + c.args + " -> " + o.code + "\nout: " + o.out + "\nerr: " + o.err;
    assertThat(o.code).as("hang or crash: " + shown).isNotIn(-1, -2, 70);
    assertThat(c.codes).as("exit code: " + shown).contains(o.code);
    assertThat(CLASS_NAME.matcher(o.out + o.err).find()).as("a class name or stack trace: " + shown).isFalse();
    String err = o.err.lines().filter(x -> !x.startsWith("kyso: warning: ")).collect(Collectors.joining("\n"))
        .strip();
    if (o.code != 0 && (c.sentence || o.code >= 64) && !c.multiLine) {
      assertThat(err).as("one sentence: " + shown).startsWith("kyso: ").doesNotContain("\n").doesNotContain("  ")
          .doesNotContain("\uFFFD");
    }
    if (!c.multiLine) {
      assertThat(o.out + o.err).as("corrupted text: " + shown).doesNotContain("\uFFFD").doesNotContain("???");
    }
    assertThat(o.tmpFiles).as("left in the temporary folder: " + shown).isEmpty();
    // files: only the inputs put there, plus the outputs of a success
    List<String> left;
    try (Stream<Path> s = Files.walk(c.dir)) {
      left = s.filter(p -> !p.equals(c.dir)).map(p -> c.dir.relativize(p).toString())
          .filter(n -> n.matches("(.*/)?\\..*\\.part|.*\\.tmp")
              || c.inputs.stream().noneMatch(i -> n.equals(i) || n.startsWith(i + "/"))
              && (o.code != 0 || c.outputs.stream().noneMatch(x -> n.equals(x) || n.startsWith(x + "/"))))
          .toList();
    }
    assertThat(left).as("files left behind: " + shown).isEmpty();
    for (Check k : c.checks) {
      k.check(c, o);
    }
  }

  /** The in-JVM cases, run by {@link CampaignWorker} at -Xmx256m in an empty environment; a hang restarts it. */
  private void runInWorker(List<Case> list) throws Exception {
    Path file = root.resolve("cases.txt");
    Base64.Encoder b64 = Base64.getEncoder();
    StringBuilder sb = new StringBuilder();
    for (Case c : list) {
      String env = c.env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("\0"));
      env += (env.isEmpty() ? "" : "\0") + "HOME=" + root.resolve("home") + "\0KYSO_TRUST_DIR=" + root.resolve("trust")
          + "\0KYSO_TRANSACTIONS=" + root.resolve("home/tx.db") + "\0KYSO_REVOCATION_CACHE=off";
      sb.append(c.id).append('\t').append(b64.encodeToString(env.getBytes(StandardCharsets.UTF_8))).append('\t')
          .append(b64.encodeToString(String.join("\0", c.args).getBytes(StandardCharsets.UTF_8))).append('\n');
    }
    Files.writeString(file, sb);
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    Path work = Files.createDirectories(root.resolve("work"));
    Path sqliteTmp = Files.createDirectories(root.resolve("sqlite-native"));
    int next = 0;
    while (next < list.size()) {
      List<String> cmd = new ArrayList<>(List.of(KysoProcess.java(), "-Xmx256m", "-XX:-UsePerfData",
          "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp,
          "-Dorg.sqlite.tmpdir=" + sqliteTmp, "-cp", System.getProperty("java.class.path"),
          CampaignWorker.class.getName(), file.toString(), Integer.toString(next)));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().putAll(KysoProcess.bareEnvironment());
      // the worker runs in a UTF-8 locale, as the launcher and kyso's own re-run give kyso (the locale cases below
      // run java -jar under C); a plain C locale here would only test Java's path decoding, not kyso
      pb.environment().put("LC_ALL", "C.UTF-8");
      Process p = pb.start();
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try {
          String line;
          while ((line = r.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException e) {
          // the worker was killed
        }
        lines.add("EOF");
      });
      reader.setDaemon(true);
      reader.start();
      String current = null;
      long started = 0;
      StringBuilder noise = new StringBuilder();
      while (true) {
        String line = lines.poll(1, TimeUnit.SECONDS);
        if (line == null) {
          if (current != null && System.nanoTime() - started > TimeUnit.SECONDS.toNanos(HANG_SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            RESULTS.put(current, new Outcome(-2, "", "HANG: no answer within " + HANG_SECONDS + " s", "", 0));
            next++;
            break;
          }
          continue;
        }
        if (line.startsWith("START ")) {
          current = line.substring(6);
          started = System.nanoTime();
          noise.setLength(0);
        } else if (line.startsWith("DONE ")) {
          String[] f = line.split(" ", -1);
          Base64.Decoder d = Base64.getDecoder();
          RESULTS.put(f[1], new Outcome(Integer.parseInt(f[2]), new String(d.decode(f[3]), StandardCharsets.UTF_8),
              new String(d.decode(f[4]), StandardCharsets.UTF_8), new String(d.decode(f[5]), StandardCharsets.UTF_8),
              (System.nanoTime() - started) / 1_000_000));
          current = null;
          next++;
        } else if (line.equals("END")) {
          p.waitFor();
          return;
        } else if (line.equals("EOF")) {
          p.waitFor();
          if (current != null) {
            RESULTS.put(current, new Outcome(-1, "", "CRASH: the JVM ended (exit " + p.exitValue() + "): " + noise,
                "", 0));
            next++;
          }
          break;
        } else {
          noise.append(line).append('\n');
        }
      }
      // empty the temporary folder a killed worker may have left, so that the next case is judged on its own
      try (Stream<Path> s = Files.list(tmp)) {
        for (Path x : s.toList()) {
          Files.deleteIfExists(x);
        }
      }
    }
  }

  /** A case that needs a process of its own: java -jar kyso.jar under the case's locale, -Xmx256m. */
  private Outcome runOwnProcess(Case c) throws Exception {
    KysoProcess kyso = new KysoProcess(root.resolve("home-" + c.id));
    Map<String, String> env = new HashMap<>(KysoProcess.bareEnvironment());
    env.putAll(c.ownProcess);
    env.put("KYSO_PIN", PIN);
    env.put("HOME", root.resolve("home").toString());
    env.put("KYSO_REVOCATION_CACHE", "off");
    Path tmp = Files.createDirectories(root.resolve("tmp-" + c.id));
    List<String> opts = List.of("-Xmx256m", "-Djava.io.tmpdir=" + tmp, "-Dorg.sqlite.tmpdir=" + root.resolve(
        "sqlite-native"));
    ProcessBuilder pb;
    if (c.args.isEmpty()) {
      // a file name of bytes that are not UTF-8: only a shell can pass it
      pb = new ProcessBuilder("sh", "-c", "exec \"$0\" -Xmx256m -jar \"$1\" verify \"$(printf 'b\\377\\376d.pdf')\"",
          KysoProcess.java(), root.resolve("home-" + c.id).resolve("cli/target/kyso.jar").toString());
      pb.environment().clear();
      pb.environment().putAll(env);
    } else {
      pb = kyso.javaJar(env, opts, c.args.toArray(String[]::new));
    }
    pb.directory(Files.createDirectories(root.resolve("work-" + c.id)).toFile());
    long t0 = System.nanoTime();
    KysoProcess.Result r;
    try {
      r = KysoProcess.run(pb, 120);
    } catch (AssertionError hang) {
      return new Outcome(-2, "", hang.getMessage(), "", 0);
    }
    String tmpFiles;
    try (Stream<Path> s = Files.list(tmp)) {
      tmpFiles = s.map(p -> p.getFileName().toString()).collect(Collectors.joining("/"));
    }
    return new Outcome(r.exitCode(), r.outText(), r.errText(), tmpFiles, (System.nanoTime() - t0) / 1_000_000);
  }
}
