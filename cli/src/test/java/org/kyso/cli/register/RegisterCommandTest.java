package org.kyso.cli.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kyso.cli.Kyso;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;

/** {@code kyso register ...} end to end, in-process, on SQLite and PostgreSQL (CONTRACT.md). */
class RegisterCommandTest {
  private static final int YEAR = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).getYear();

  @TempDir
  Path dir;

  private final List<String> schemas = new ArrayList<>();

  /** A new database location: a SQLite file, or a fresh schema in KYSO_TEST_PG_URL (skipped when unset). */
  private String db(String kind) throws Exception {
    if (kind.equals("sqlite")) {
      return dir.resolve("so-van-ban.db").toString();
    }
    String base = System.getenv("KYSO_TEST_PG_URL");
    if (base == null || base.isBlank()) {
      String msg = "KYSO_TEST_PG_URL is not set: start PostgreSQL with 'eval \"$(.ci/postgres.sh)\"'";
      if (ExternalTools.inCi()) {
        throw new AssertionError(msg + " (required under CI)");
      }
      Assumptions.abort(msg);
    }
    String schema = "kyso_cli_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    schemas.add(schema);
    return base + "&currentSchema=" + schema;
  }

  @AfterEach
  void dropSchemas() throws Exception {
    String base = System.getenv("KYSO_TEST_PG_URL");
    if (base != null) {
      for (String s : schemas) {
        try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
          st.execute("DROP SCHEMA " + s + " CASCADE");
        }
      }
    }
  }

  private static RegisterCli.Result ok(String... args) {
    RegisterCli.Result r = RegisterCli.run(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
    return r;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void registersListsSearchesShowsExportsAndVerifies(String kind) throws Exception {
    String db = db(kind);
    assertThat(ok("register", "init", "--db", db, "--org", "UBND phường Điện Biên", "--org-abbr", "UBND").out())
        .contains("UBND phường Điện Biên");

    RegisterCli.Result out = ok("register", "out", "add", "--db", db, "--type", "QĐ", "--summary",
        "Về việc thành lập Tổ công tác", "--signer", "Nguyễn Văn An", "--recipients", "Như Điều 3", "--format", "json");
    assertThat(out.out().trim()).startsWith("{\"register\":\"out\",\"year\":" + YEAR
        + ",\"series\":\"administrative\",\"number\":1,\"notation\":\"01/QĐ-UBND\"");
    RegisterCli.Result cv = ok("register", "out", "add", "--db", db, "--type", "CV", "--unit", "VP", "--summary",
        "V/v báo cáo tiến độ", "--urgency", "khan");
    assertThat(cv.out()).contains("Registered outgoing no. 2 of " + YEAR + ": 02/UBND-VP");

    Path received = dir.resolve("cong-van-den.txt");
    Files.writeString(received, "Công văn đến (bản scan chuyển thành văn bản)");
    RegisterCli.Result in = RegisterCli.run("register", "in", "add", "--db", db, "--file", received.toString(),
        "--author", "UBND thành phố Hà Nội", "--code", "15/QĐ-UBND", "--summary", "Về việc giao chỉ tiêu năm",
        "--doc-date", LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).toString(), "--format", "json");
    assertThat(in.exitCode()).as(in.err()).isZero();
    assertThat(in.out().trim()).startsWith("{\"register\":\"in\",\"year\":" + YEAR + ",\"series\":\"administrative\","
        + "\"number\":1,").contains("\"verdict\":\"UNKNOWN\"").contains("\"type\":\"QĐ\"");
    assertThat(in.err()).contains("could not be checked");

    assertThat(ok("register", "list", "--db", db).out()).contains("01/QĐ-UBND", "02/UBND-VP", "15/QĐ-UBND");
    assertThat(ok("register", "list", "--db", db, "--register", "in", "--format", "json").out())
        .contains("\"hasNext\":false").contains("\"author\":\"UBND thành phố Hà Nội\"").doesNotContain("01/QĐ-UBND");
    assertThat(ok("register", "search", "--db", db, "to cong tac").out()).contains("01/QĐ-UBND")
        .doesNotContain("02/UBND-VP");
    assertThat(ok("register", "search", "--db", db, "--party", "ha noi").out()).contains("15/QĐ-UBND");
    assertThat(ok("register", "show", "--db", db, "out", "1", "--year", String.valueOf(YEAR)).out())
        .contains("Nguyễn Văn An", "ENTRY");
    assertThat(ok("register", "show", "--db", db, "out", "2", "--format", "json").out())
        .contains("\"urgency\":\"URGENT\"").contains("\"history\":[{\"seq\":");

    Path csv = dir.resolve("so.csv");
    ok("register", "export", "--db", db, "-o", csv.toString());
    assertThat(Files.readString(csv, StandardCharsets.UTF_8)).startsWith("\uFEFFSổ,").contains("02/UBND-VP");
    Path pdf = dir.resolve("so-di.pdf");
    ok("register", "export", "--db", db, "--register", "out", "-o", pdf.toString());
    assertThat(Files.readAllBytes(pdf)).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));

    RegisterCli.Result v = ok("register", "verify", "--db", db, "--format", "json");
    assertThat(v.out()).contains("\"intact\":true").contains("\"entries\":3");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void verifyExitsOneNamingARecordEditedWithTheDatabaseTool(String kind) throws Exception {
    String db = db(kind);
    ok("register", "init", "--db", db, "--org", "UBND xã Tân Lập", "--org-abbr", "UBND");
    for (int i = 1; i <= 3; i++) {
      ok("register", "out", "add", "--db", db, "--type", "TB", "--summary", "Thông báo " + i);
    }
    assertThat(ok("register", "verify", "--db", db).out()).contains("intact");

    String sql = "UPDATE entries SET signer = 'Người khác' WHERE register = 'out' AND number = 2";
    ExternalTools.Result edit = ExternalTools.run(kind.equals("sqlite")
        ? List.of(ExternalTools.require("sqlite3", "sqlite3").toString(), db, sql)
        : List.of(ExternalTools.require("psql", "postgresql-client").toString(), libpq(db), "-v", "ON_ERROR_STOP=1",
            "-c", sql));
    assertThat(edit.exitCode()).as(edit.all()).isZero();

    RegisterCli.Result v = RegisterCli.run("register", "verify", "--db", db);
    assertThat(v.exitCode()).isEqualTo(1);
    assertThat(v.err()).contains("entry outgoing " + YEAR + " no. 2 (02/TB-UBND) was altered (signer");
    assertThat(v.out()).contains("tampered with");
  }

  @Test
  void badInputGetsTheContractExitCodesAndWritesNothing() throws Exception {
    String db = dir.resolve("so.db").toString();
    RegisterCli.Result missingDb = RegisterCli.run("register", "out", "add", "--db", db, "--type", "QĐ", "--summary", "X");
    assertThat(missingDb.exitCode()).isEqualTo(66);
    assertThat(missingDb.err()).contains("does not exist").contains("kyso register init");
    assertThat(Path.of(db)).doesNotExist();

    ok("register", "init", "--db", db, "--org", "UBND phường Điện Biên", "--org-abbr", "UBND");
    String tomorrow = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).plusDays(1).toString();
    assertCode(65, "in the future", "register", "out", "add", "--db", db, "--type", "QĐ", "--summary", "X", "--date",
        tomorrow);
    assertCode(65, "Unknown series", "register", "out", "add", "--db", db, "--type", "QĐ", "--summary", "X",
        "--series", "bi-mat");
    assertCode(65, "Unknown document type", "register", "out", "add", "--db", db, "--type", "ZZ", "--summary", "X");
    assertCode(64, "--summary", "register", "out", "add", "--db", db, "--type", "QĐ");
    assertCode(64, "--format", "register", "list", "--db", db, "--format", "xml");
    assertCode(66, "does not exist", "register", "in", "add", "--db", db, "--file", dir.resolve("absent.pdf").toString(),
        "--author", "Sở Nội vụ", "--code", "1/SNV", "--summary", "X");
    Path f = dir.resolve("den.txt");
    Files.writeString(f, "x");
    ok("register", "in", "add", "--db", db, "--file", f.toString(), "--author", "Sở Nội vụ", "--code", "1/SNV",
        "--summary", "Lần đầu");
    assertCode(65, "already registered", "register", "in", "add", "--db", db, "--file", f.toString(), "--author",
        "Sở Nội vụ", "--code", "1/SNV", "--summary", "Lần hai");
    assertCode(65, "There is no entry", "register", "show", "--db", db, "out", "7");
    assertCode(64, "--register", "register", "export", "--db", db, "-o", dir.resolve("b.pdf").toString());
    assertThat(dir.resolve("b.pdf")).doesNotExist();

    RegisterCli.Result v = ok("register", "verify", "--db", db, "--format", "json");
    assertThat(v.out()).contains("\"entries\":1"); // only the first incoming document was written
  }

  @Test
  void registersASignedPdfWithItsVerdict() throws Exception {
    try (TestPki pki = TestPki.start()) {
      Path key = TestPki.writeP12(pki.pki().organisation("UBND thành phố Hà Nội"), dir.resolve("org.p12"), "Pin-1234");
      Path letter = dir.resolve("letter.pdf");
      Files.write(letter, SampleLetter.create());
      Path signed = dir.resolve("signed.pdf");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Kyso.run(new String[] {"sign", "pdf", letter.toString(), "-o", signed.toString(), "--key",
          "p12:" + key, "--pin-env", "P"}, new PrintWriter(out), new PrintWriter(err), Map.of("P", "Pin-1234"));
      assertThat(code).as(err.toString()).isZero();
      Path root = pki.writeRootPem(dir);

      String db = dir.resolve("so.db").toString();
      ok("register", "init", "--db", db, "--org", "UBND phường Điện Biên", "--org-abbr", "UBND");
      RegisterCli.Result in = ok("register", "in", "add", "--db", db, "--file", signed.toString(), "--author",
          "UBND thành phố Hà Nội", "--code", "15/QĐ-UBND", "--summary", "Quyết định đã ký số", "--trust",
          root.toString(), "--format", "json");
      assertThat(in.out()).contains("\"number\":1").contains("\"verdict\":\"TOTAL_PASSED\"");

      Path untrusted = dir.resolve("copy.pdf");
      Files.copy(signed, untrusted);
      RegisterCli.Result noTrust = ok("register", "in", "add", "--db", db, "--file", untrusted.toString(), "--author",
          "UBND quận Ba Đình", "--code", "16/QĐ-UBND", "--summary", "Không có gốc tin cậy", "--format", "json");
      assertThat(noTrust.out()).contains("\"number\":2").contains("\"verdict\":\"INDETERMINATE\"");
    }
  }

  @Test
  void explainsItself() {
    RegisterCli.Result help = ok("register", "--help");
    assertThat(help.out()).contains("init", "out", "in", "list", "search", "show", "export", "verify", "anchor");
    assertThat(ok("register", "out", "add", "--help").out()).contains("--type", "--summary", "--series", "--file");
  }

  private static void assertCode(int code, String message, String... args) {
    RegisterCli.Result r = RegisterCli.run(args);
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(code);
    assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** The JDBC URL of a test schema as a libpq URI for psql. */
  private static String libpq(String jdbc) {
    java.net.URI u = java.net.URI.create(jdbc.substring("jdbc:".length()));
    Map<String, String> p = new java.util.HashMap<>();
    for (String kv : u.getRawQuery().split("&")) {
      String[] x = kv.split("=", 2);
      p.put(x[0], x.length > 1 ? x[1] : "");
    }
    return "postgresql://" + p.get("user") + ":" + p.get("password") + "@" + u.getHost() + ":" + u.getPort()
        + u.getPath() + "?options=" + java.net.URLEncoder.encode("-csearch_path=" + p.get("currentSchema"),
        StandardCharsets.UTF_8);
  }
}
