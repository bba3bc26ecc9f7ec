package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;

/**
 * Issue 20, files kyso may not read or write: unreadable inputs, key, PIN, password and trust files, output folders
 * and files it may not write, read-only and unreadable registers. Root ignores file permissions (and CI and the
 * development machine run as root), so kyso runs as an unprivileged user ({@link Unprivileged}: {@code nobody}
 * through {@code setpriv} when the test is root), in one JVM at {@code -Xmx256m} with an empty environment
 * ({@link WorkerRun}).
 *
 * <p>The CONTRACT: a file that cannot be read, an output folder or file that may not be written, a register file that
 * may not be written, is exit 66 (file system permissions are a file problem; 77 stays for a PIN, a password or a
 * database's own access rules), with one sentence naming the file and what is wrong, no Java class name or stack
 * trace; no output file, no hidden {@code .part}, {@code .tmp}, {@code -wal} or {@code -shm} file left behind; a
 * register's bytes unchanged.
 */
class FilePermissionsCliTest {
  private static final String PIN = "s3cret-Pin!";
  private static final Pattern CLASS_NAME = Pattern.compile(
      "\\b(java|javax|jdk|sun|org|com|eu|picocli)\\.[a-z0-9_]+\\.[\\w.$]*[A-Z]\\w*|\\b\\w+(Exception|Error)\\b"
          + "|\\tat |\\n\\s*at [\\w$.]+\\(");

  @TempDir
  static Path root;

  @RegisterExtension
  static final PerClassPki pkis = new PerClassPki();

  private static TestPki pki;
  private static Unprivileged user;
  private static Path fx;
  private static Path key;
  private static Path rootPem;
  private static Path signed;
  private static Path register;

  @BeforeAll
  static void fixtures() throws Exception {
    user = Unprivileged.get();
    Unprivileged.open(root, "rwxr-xr-x");
    pki = pkis.get();
    fx = Files.createDirectories(root.resolve("fixtures"));
    Unprivileged.open(fx, "rwxr-xr-x");
    key = TestPki.writeP12(pki.pki().person("Nguyễn Văn An"), fx.resolve("signer.p12"), PIN);
    rootPem = pki.writeRootPem(fx);
    Path letter = Files.write(fx.resolve("letter.pdf"), SampleLetter.create());
    signed = fx.resolve("signed.pdf");
    var r = CliRunner.run(Map.of("KYSO_PIN", PIN), "sign", "pdf", letter.toString(), "-o", signed.toString(), "--key",
        "p12:" + key, "--pin-env", "KYSO_PIN");
    assertThat(r.exitCode()).as(r.err()).isZero();
    register = fx.resolve("so.db");
    r = CliRunner.run("register", "init", "--db", register.toString(), "--org", "UBND phường Điện Biên", "--org-abbr",
        "UBND");
    assertThat(r.exitCode()).as(r.err()).isZero();
    r = CliRunner.run("register", "out", "add", "--db", register.toString(), "--type", "QĐ", "--summary",
        "Về việc thành lập Tổ công tác");
    assertThat(r.exitCode()).as(r.err()).isZero();
    try (Stream<Path> s = Files.list(fx)) {
      for (Path p : s.toList()) {
        Unprivileged.open(p, "rw-r--r--");
      }
    }
  }

  @AfterAll
  static void stop() throws IOException {
    if (user != null && !user.switched) {
      Unprivileged.restoreOwner(root.resolve("cases"));
    }
  }

  /** One command and what it must do. */
  static final class Case {
    final String id;
    final Path dir;
    final List<String> args = new ArrayList<>();
    final Map<String, String> env = new LinkedHashMap<>();
    int code;
    final List<String> errHas = new ArrayList<>();
    final List<String> outHas = new ArrayList<>();
    /** Names (relative to the case folder) that must be all there is afterwards. */
    final Set<String> after = new TreeSet<>();
    /** Files whose bytes must not change. */
    final Map<Path, byte[]> unchanged = new LinkedHashMap<>();
    /** Permissions set just before the run (files made after the fixtures are copied). */
    final Map<Path, String> perms = new LinkedHashMap<>();
    boolean oneSentence = true;

    Case(String id, Path dir) {
      this.id = id;
      this.dir = dir;
    }

    Case args(String... a) {
      args.addAll(List.of(a));
      return this;
    }

    Case code(int c) {
      code = c;
      return this;
    }

    Case errHas(String... parts) {
      errHas.addAll(List.of(parts));
      return this;
    }

    Case after(String... names) {
      after.addAll(List.of(names));
      return this;
    }

    /** A copy of {@code fixture} in the case folder, with these permissions at run time. */
    String file(Path fixture, String name, String mode) throws IOException {
      Path p = dir.resolve(name);
      Files.createDirectories(p.getParent());
      Files.copy(fixture, p);
      perms.put(p, mode);
      return p.toString();
    }

    /** A folder of the case, with these permissions at run time. */
    String folder(String name, String mode) throws IOException {
      Path p = Files.createDirectories(dir.resolve(name));
      perms.put(p, mode);
      return p.toString();
    }

    Case keep(String name) throws IOException {
      Path p = dir.resolve(name);
      unchanged.put(p, Files.readAllBytes(p));
      return this;
    }
  }

  private final List<Case> all = new ArrayList<>();

  private Case add(String id) throws IOException {
    Path dir = Files.createDirectories(root.resolve("cases").resolve(id));
    Case c = new Case(id, dir);
    c.perms.put(dir, "rwxrwxrwx");
    all.add(c);
    return c;
  }

  private static String[] sign(String format, String in, String out, String... more) {
    List<String> a = new ArrayList<>(List.of("sign", format, in, "-o", out, "--key", "p12:" + key, "--pin-env",
        "KYSO_PIN"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  private void build() throws Exception {
    Path xml = Files.writeString(fx.resolve("hoso.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<HoSo><VanBan Id=\"vb1\">Về việc thành lập Tổ công tác</VanBan></HoSo>\n");
    Path letter = fx.resolve("letter.pdf");
    // ---- inputs that cannot be read
    Case c = add("sign-pdf-unreadable-input");
    c.args(sign("pdf", c.file(letter, "in.pdf", "---------"), c.dir.resolve("out.pdf").toString())).code(66)
        .errHas("in.pdf", "cannot be read").after("in.pdf");
    c = add("sign-xml-unreadable-input");
    c.args(sign("xml", c.file(xml, "in.xml", "---------"), c.dir.resolve("out.xml").toString())).code(66)
        .errHas("in.xml", "cannot be read").after("in.xml");
    c = add("verify-unreadable-input");
    c.args("verify", c.file(signed, "signed.pdf", "---------"), "--offline").code(66)
        .errHas("signed.pdf", "cannot be read").after("signed.pdf");
    c = add("verify-unreadable-among-readable");
    c.args("verify", c.file(signed, "good.pdf", "rw-r--r--"), c.file(signed, "bad.pdf", "---------"), "--offline",
        "--trust", rootPem.toString()).code(66).errHas("bad.pdf", "cannot be read").after("good.pdf", "bad.pdf");
    c.outHas.add("good.pdf");
    c = add("timestamp-unreadable-input");
    c.args("timestamp", c.file(signed, "in.pdf", "---------"), "-o", c.dir.resolve("in.tsr").toString(), "--tsa",
        pki.baseUrl() + "tsa").code(66).errHas("in.pdf", "cannot be read").after("in.pdf");
    c = add("sign-batch-unreadable-file");
    c.file(letter, "in/a.pdf", "rw-r--r--");
    c.file(letter, "in/b.pdf", "---------");
    c.folder("in", "rwxr-xr-x");
    c.args(sign("batch", c.dir.resolve("in").toString(), c.dir.resolve("out").toString())).code(66)
        .errHas("b.pdf", "cannot be read").after("in", "in/a.pdf", "in/b.pdf", "out", "out/a.pdf");
    c.outHas.add("signed 1 of 2 files");
    c = add("sign-batch-unreadable-folder");
    c.file(letter, "in/a.pdf", "rw-r--r--");
    c.folder("in", "-wx--x--x");
    c.args(sign("batch", c.dir.resolve("in").toString(), c.dir.resolve("out").toString())).code(66)
        .errHas("in", "cannot be read").after("in", "in/a.pdf");
    // ---- key, PIN, password and trust files that cannot be read
    c = add("sign-pdf-unreadable-key");
    String k = c.file(key, "signer.p12", "---------");
    c.args("sign", "pdf", signed.toString(), "-o", c.dir.resolve("out.pdf").toString(), "--key", "p12:" + k,
        "--pin-env", "KYSO_PIN").code(66).errHas("signer.p12", "cannot be read").after("signer.p12");
    Path pinFile = Files.writeString(fx.resolve("pin.txt"), PIN + "\n");
    c = add("sign-pdf-unreadable-pin-file");
    c.args("sign", "pdf", signed.toString(), "-o", c.dir.resolve("out.pdf").toString(), "--key", "p12:" + key,
        "--pin-file", c.file(pinFile, "pin.txt", "---------")).code(66).errHas("pin.txt", "cannot be read")
        .after("pin.txt");
    c = add("sign-pdf-unreadable-password-file");
    c.args(sign("pdf", signed.toString(), c.dir.resolve("out.pdf").toString(), "--password-file",
        c.file(pinFile, "password.txt", "---------"))).code(66).errHas("password.txt", "cannot be read")
        .after("password.txt");
    c = add("verify-unreadable-password-file");
    c.args("verify", signed.toString(), "--password-file", c.file(pinFile, "password.txt", "---------")).code(66)
        .errHas("password.txt", "cannot be read").after("password.txt");
    c = add("verify-unreadable-trust-file");
    c.args("verify", signed.toString(), "--offline", "--trust", c.file(rootPem, "root.pem", "---------")).code(66)
        .errHas("root.pem", "cannot be read").after("root.pem");
    c = add("verify-unreadable-trust-folder");
    c.file(rootPem, "roots/root.pem", "rw-r--r--");
    c.args("verify", signed.toString(), "--offline", "--trust", c.folder("roots", "---------")).code(66)
        .errHas("roots", "cannot be read").after("roots", "roots/root.pem");
    c = add("sign-pdf-unreadable-trust-file");
    c.args(sign("pdf", signed.toString(), c.dir.resolve("out.pdf").toString(), "--trust",
        c.file(rootPem, "root.pem", "---------"))).code(66).errHas("root.pem", "cannot be read").after("root.pem");
    // ---- outputs that may not be written
    c = add("sign-pdf-output-in-read-only-folder");
    c.folder("ro", "r-xr-xr-x");
    c.args(sign("pdf", signed.toString(), c.dir.resolve("ro/out.pdf").toString())).code(66)
        .errHas("ro", "cannot be written").after("ro");
    c = add("sign-xml-output-in-read-only-folder");
    c.folder("ro", "r-xr-xr-x");
    c.args(sign("xml", xml.toString(), c.dir.resolve("ro/out.xml").toString())).code(66)
        .errHas("ro", "cannot be written").after("ro");
    c = add("sign-pdf-output-read-only-file");
    Path old = Files.writeString(fx.resolve("old.pdf"), "an earlier file the user protected\n");
    c.args(sign("pdf", signed.toString(), c.file(old, "out.pdf", "r--r--r--"))).code(66)
        .errHas("out.pdf", "read-only").after("out.pdf").keep("out.pdf");
    c = add("sign-pdf-over-a-read-only-input");
    String self = c.file(letter, "self.pdf", "r--r--r--");
    c.args(sign("pdf", self, self)).code(66).errHas("self.pdf", "read-only").after("self.pdf").keep("self.pdf");
    c = add("sign-batch-output-folder-read-only");
    c.file(letter, "in/a.pdf", "rw-r--r--");
    c.file(letter, "in/b.pdf", "rw-r--r--");
    c.folder("in", "rwxr-xr-x");
    c.folder("out", "r-xr-xr-x");
    c.args(sign("batch", c.dir.resolve("in").toString(), c.dir.resolve("out").toString())).code(66)
        .errHas("out", "cannot be written").after("in", "in/a.pdf", "in/b.pdf", "out");
    c = add("sign-batch-output-folder-in-read-only-folder");
    c.file(letter, "in/a.pdf", "rw-r--r--");
    c.folder("in", "rwxr-xr-x");
    c.folder("ro", "r-xr-xr-x");
    c.args(sign("batch", c.dir.resolve("in").toString(), c.dir.resolve("ro/out").toString())).code(66)
        .errHas("out", "cannot be created").after("in", "in/a.pdf", "ro");
    c = add("sign-batch-read-only-file-in-output");
    c.file(letter, "in/a.pdf", "rw-r--r--");
    c.file(letter, "in/b.pdf", "rw-r--r--");
    c.folder("in", "rwxr-xr-x");
    c.file(old, "out/b.pdf", "r--r--r--");
    c.folder("out", "rwxrwxrwx");
    c.args(sign("batch", c.dir.resolve("in").toString(), c.dir.resolve("out").toString())).code(66)
        .errHas("b.pdf", "read-only").after("in", "in/a.pdf", "in/b.pdf", "out", "out/a.pdf", "out/b.pdf")
        .keep("out/b.pdf");
    c.outHas.add("signed 1 of 2 files");
    c = add("register-export-output-in-read-only-folder");
    c.folder("ro", "r-xr-xr-x");
    c.args("register", "export", "--db", c.file(register, "so.db", "rw-rw-rw-"), "-o",
        c.dir.resolve("ro/so.pdf").toString(), "--register", "out").code(66).errHas("ro", "cannot be written").after("so.db", "ro")
        .keep("so.db");
    c = add("register-export-output-read-only-file");
    c.args("register", "export", "--db", c.file(register, "so.db", "rw-rw-rw-"), "-o",
        c.file(old, "so.csv", "r--r--r--")).code(66).errHas("so.csv", "read-only").after("so.db", "so.csv")
        .keep("so.db").keep("so.csv");
    // ---- registers that may not be written, or not read
    for (String[] add : List.of(new String[] {"out", "--type", "QĐ", "--summary", "Về việc"},
        new String[] {"in", "--file", signed.toString(), "--author", "Sở Nội vụ", "--code", "15/QĐ-SNV", "--summary",
            "Về việc", "--offline"})) {
      c = add("register-" + add[0] + "-add-read-only-file");
      List<String> a = new ArrayList<>(List.of("register", add[0], "add", "--db",
          c.file(register, "so.db", "r--r--r--")));
      a.addAll(List.of(add).subList(1, add.length));
      c.args(a.toArray(String[]::new)).code(66).errHas("so.db", "read-only").after("so.db").keep("so.db");
      c = add("register-" + add[0] + "-add-read-only-folder");
      a = new ArrayList<>(List.of("register", add[0], "add", "--db", c.file(register, "reg/so.db", "rw-rw-rw-")));
      c.folder("reg", "r-xr-xr-x");
      a.addAll(List.of(add).subList(1, add.length));
      c.args(a.toArray(String[]::new)).code(66).errHas("so.db", "folder").after("reg", "reg/so.db")
          .keep("reg/so.db");
    }
    // issuing in the registration over an existing read-only file: refused before a number is taken
    Path ward = TestPki.writeP12(pki.pki().organisation("UBND phường Điện Biên"), fx.resolve("ubnd.p12"), PIN);
    Path seal = Files.write(fx.resolve("con-dau.png"), org.kyso.cli.demo.DemoImages.seal());
    Path signature = Files.write(fx.resolve("chu-ky.png"), org.kyso.cli.demo.DemoImages.signature());
    Path approved = fx.resolve("approved.pdf");
    var r = CliRunner.run(Map.of("KYSO_PIN", PIN), "sign", "pdf", letter.toString(), "-o", approved.toString(),
        "--key", "p12:" + key, "--pin-env", "KYSO_PIN", "--profile", "approval", "--signature-image",
        signature.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    for (Path p : List.of(ward, seal, signature, approved)) {
      Unprivileged.open(p, "rw-r--r--");
    }
    c = add("register-out-add-issue-over-read-only-file");
    c.args("register", "out", "add", "--db", c.file(register, "so.db", "rw-rw-rw-"), "--type", "QĐ", "--summary",
        "Về việc công nhận tổ dân phố văn hóa", "--file", approved.toString(), "--issue",
        c.file(old, "issued.pdf", "r--r--r--"), "--key", "p12:" + ward, "--pin-env", "KYSO_PIN", "--seal-image",
        seal.toString()).code(66).errHas("issued.pdf", "read-only").after("so.db", "issued.pdf").keep("so.db")
        .keep("issued.pdf");
    c = add("register-init-in-read-only-folder");
    c.folder("ro", "r-xr-xr-x");
    c.args("register", "init", "--db", c.dir.resolve("ro/so.db").toString(), "--org", "UBND", "--org-abbr", "UBND")
        .code(66).errHas("so.db").after("ro");
    for (String cmd : List.of("verify", "list", "export")) {
      c = add("register-" + cmd + "-unreadable");
      c.args("register", cmd, "--db", c.file(register, "so.db", "---------")).code(66)
          .errHas("so.db", "cannot be read").after("so.db").keep("so.db");
      if (cmd.equals("export")) {
        c.args("-o", c.dir.resolve("so.pdf").toString(), "--register", "out");
      }
    }
    // a register kept read-only (an archived year) can still be checked and read, and is not written
    for (String cmd : List.of("verify", "list", "search", "show", "export")) {
      c = add("register-" + cmd + "-read-only-file");
      c.args("register", cmd, "--db", c.file(register, "so.db", "r--r--r--")).code(0).after("so.db").keep("so.db");
      c.oneSentence = false;
      switch (cmd) {
        case "search" -> c.args("--summary", "thành lập").outHas.add("Tổ công tác");
        case "show" -> c.args("out", "1").outHas.add("Tổ công tác");
        case "export" -> c.args("-o", c.dir.resolve("so.csv").toString()).after("so.db", "so.csv");
        default -> { }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> filesKysoMayNotReadOrWrite() throws Exception {
    build();
    Path work = Files.createDirectories(root.resolve("work"));
    Unprivileged.open(work, "rwxr-xr-x");
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    Unprivileged.open(tmp, "rwxrwxrwx");
    Path home = Files.createDirectories(root.resolve("home"));
    Unprivileged.open(home, "rwxrwxrwx");
    Unprivileged.open(root.resolve("cases"), "rwxr-xr-x");
    String cp = user.classPath(root.resolve("runtime"));
    if (user.switched) {
      // the switch really happens: the JVM runs as nobody, to whom permissions apply
      Process id = new ProcessBuilder(concat(user.prefix, List.of("id", "-u"))).redirectErrorStream(true).start();
      String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      assertThat(id.waitFor()).isZero();
      assertThat(uid).isEqualTo(Integer.toString(Unprivileged.NOBODY));
    }
    // permissions last: the copies above were made as the owner
    for (Case c : all) {
      List<Map.Entry<Path, String>> order = new ArrayList<>(c.perms.entrySet());
      // deepest first, so that a folder is closed after what it holds was set
      order.sort((a, b) -> b.getKey().getNameCount() - a.getKey().getNameCount());
      for (var e : order) {
        Unprivileged.open(e.getKey(), e.getValue());
      }
    }
    List<WorkerRun.Case> cases = new ArrayList<>();
    for (Case c : all) {
      Map<String, String> env = new HashMap<>(c.env);
      env.put("KYSO_PIN", PIN);
      env.put("HOME", home.toString());
      env.put("KYSO_TRUST_DIR", home.resolve("trust").toString());
      env.put("KYSO_TRANSACTIONS", home.resolve("tx.db").toString());
      env.put("KYSO_REVOCATION_CACHE", "off");
      cases.add(new WorkerRun.Case(c.id, env, c.args));
    }
    Map<String, WorkerRun.Outcome> results = WorkerRun.run(user.prefix, cp, work, tmp, cases, 60);
    if (!user.switched) {
      Unprivileged.restoreOwner(root.resolve("cases"));
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : all) {
      tests.add(DynamicTest.dynamicTest(c.id, () -> check(c, results.get(c.id))));
    }
    return tests.stream();
  }

  private static void check(Case c, WorkerRun.Outcome o) throws IOException {
    assertThat(o).as(c.id + ": no outcome").isNotNull();
    String shown = c.id + " " + c.args + " -> " + o.code() + "\nout: " + o.out() + "\nerr: " + o.err();
    assertThat(o.code()).as(shown).isEqualTo(c.code);
    assertThat(CLASS_NAME.matcher(o.out() + o.err()).find()).as("a class name or stack trace: " + shown).isFalse();
    String err = o.err().lines().filter(l -> !l.startsWith("kyso: warning: ")).collect(Collectors.joining("\n"))
        .strip();
    if (c.oneSentence) {
      assertThat(err).as(shown).startsWith("kyso: ").doesNotContain("\n").doesNotContain("  ");
    }
    for (String part : c.errHas) {
      assertThat(err).as(shown).contains(part);
    }
    for (String part : c.outHas) {
      assertThat(o.out()).as(shown).contains(part);
    }
    assertThat(o.tmpFiles()).as("left in the temporary folder: " + shown).isEmpty();
    Set<String> there = new TreeSet<>();
    try (Stream<Path> s = Files.walk(c.dir)) {
      s.filter(p -> !p.equals(c.dir)).forEach(p -> there.add(c.dir.relativize(p).toString()));
    }
    assertThat(there).as("files afterwards (nothing left behind): " + shown).isEqualTo(c.after);
    for (var e : c.unchanged.entrySet()) {
      assertThat(Files.readAllBytes(e.getKey())).as(e.getKey() + " was changed: " + shown).isEqualTo(e.getValue());
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> l = new ArrayList<>(a);
    l.addAll(b);
    return l;
  }
}
