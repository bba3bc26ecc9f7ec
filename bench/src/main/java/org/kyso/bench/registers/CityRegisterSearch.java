package org.kyso.bench.registers;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntFunction;
import org.kyso.registers.DocumentType;
import org.kyso.registers.EntryRef;
import org.kyso.registers.IncomingDraft;
import org.kyso.registers.Organisation;
import org.kyso.registers.OutgoingDraft;
import org.kyso.registers.RegisterKind;
import org.kyso.registers.Registers;
import org.kyso.registers.SearchQuery;

/**
 * Register search at city scale on PostgreSQL: 168 wards × 10,800 entries a month × 12 months ≈ 21.8 million
 * entries in one database (one schema), searched the way a clerk searches, through kyso's {@link Registers} API.
 *
 * <p>Filling: the schema comes from kyso's own migrations ({@code Registers.builder(url).build()}); every ward is
 * initialised through the API; 48 outgoing and 48 incoming entries are registered through the API in a template
 * organisation ({@code mau}); then each ward's 129,600 entries are copied from those templates by one
 * {@code INSERT … SELECT … generate_series} per ward, in the shape the API writes (numbers 1..N per register,
 * notations, dedup keys and folded search columns recomputed, dates spread over 2025). Their journal records and
 * hash chain are <b>not</b> built (so {@code verify()} of a bulk ward would report the entries as unjournalled);
 * counters are set to the last numbers, so later registrations through the API continue the numbering.
 *
 * <pre>
 * URL='jdbc:postgresql://127.0.0.1:55432/kyso_test?user=kyso&amp;password=kyso&amp;currentSchema=kyso_city'
 * nice -n 19 java -cp bench/target/benchmarks.jar org.kyso.bench.registers.CityRegisterSearch fill "$URL" 168
 * java -cp bench/target/benchmarks.jar org.kyso.bench.registers.CityRegisterSearch measure "$URL" 200
 * java -cp bench/target/benchmarks.jar org.kyso.bench.registers.CityRegisterSearch explain "$URL"
 * java -cp bench/target/benchmarks.jar org.kyso.bench.registers.CityRegisterSearch drop "$URL"
 * </pre>
 */
public final class CityRegisterSearch {
  static final int PER_WARD = 10_800 * 12;
  static final int TEMPLATES = 48;
  static final String[] SUBJECTS = {"Về việc khen thưởng", "Về việc thành lập Tổ công tác",
      "Kế hoạch phòng chống thiên tai", "Báo cáo tình hình kinh tế - xã hội", "Về việc thu hồi đất",
      "Thông báo lịch tiếp công dân", "Về việc phê duyệt dự toán", "Về việc cấp giấy chứng nhận quyền sử dụng đất",
      "Báo cáo kết quả rà soát hộ nghèo", "Về việc điều chỉnh quy hoạch", "Tờ trình đề nghị hỗ trợ kinh phí",
      "Về việc tổ chức Đại hội thể dục thể thao"};
  static final String[] PLACES = {"khu phố 1", "khu phố 3", "tổ dân phố số 7", "khu dân cư Đồng Tâm",
      "trường Tiểu học Nguyễn Trãi", "chợ Bến Thành", "nhà văn hóa khu phố 5", "hẻm 42 Lê Lợi"};
  static final String[] SIGNERS = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Quang Đức", "Phạm Thu Hà",
      "Đỗ Mạnh Hùng", "Vũ Thị Lan"};
  static final String[] AUTHORS = {"UBND Thành phố", "Sở Tài nguyên và Môi trường", "Sở Nội vụ",
      "Công an Thành phố", "Sở Tài chính", "UBND Quận 1"};
  static final DocumentType[] TYPES = {DocumentType.QUYET_DINH, DocumentType.CONG_VAN, DocumentType.KE_HOACH,
      DocumentType.BAO_CAO, DocumentType.THONG_BAO, DocumentType.TO_TRINH};

  private CityRegisterSearch() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: fill|measure|explain|drop JDBC_URL(with currentSchema=NAME) [wards|queries]");
      System.exit(64);
    }
    String url = args[1];
    switch (args[0]) {
      case "fill" -> fill(url, args.length > 2 ? Integer.parseInt(args[2]) : 168);
      case "measure" -> measure(url, args.length > 2 ? Integer.parseInt(args[2]) : 200);
      case "explain" -> explain(url);
      case "drop" -> drop(url);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static String schema(String url) {
    int i = url.indexOf("currentSchema=");
    if (i < 0) {
      throw new IllegalArgumentException("give the JDBC URL a currentSchema=NAME of its own (it will be dropped)");
    }
    String s = url.substring(i + "currentSchema=".length()).split("&")[0];
    if (!s.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("schema name: " + s);
    }
    return s;
  }

  static String ward(int w) {
    return String.format(Locale.ROOT, "phuong-%03d", w);
  }

  static void fill(String url, int wards) throws Exception {
    String schema = schema(url);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    }
    Clock clock = Clock.fixed(Instant.parse("2025-12-31T10:00:00Z"), ZoneOffset.UTC);
    long t0 = System.nanoTime();
    try (Registers db = Registers.builder(url).clock(clock).build()) {
      Registers mau = db.organisation("mau");
      if (mau.organisation().isEmpty()) {
        mau.initialise(new Organisation("UBND Phường Mẫu", "UBND"));
        Random r = new Random(7);
        List<OutgoingDraft> out = new ArrayList<>();
        for (int i = 0; i < TEMPLATES; i++) {
          DocumentType type = TYPES[i % TYPES.length];
          out.add(OutgoingDraft.builder(type, SUBJECTS[r.nextInt(SUBJECTS.length)] + " "
              + PLACES[r.nextInt(PLACES.length)]).date(LocalDate.of(2025, 1, 2).plusDays(i))
              .signer(SIGNERS[r.nextInt(SIGNERS.length)]).recipients("Như trên; Lưu: VT")
              .unitAbbreviation(type == DocumentType.CONG_VAN ? "VP" : "").build());
        }
        mau.registerOutgoing(out);
        for (int i = 0; i < TEMPLATES; i++) {
          DocumentType type = TYPES[(i + 1) % TYPES.length];
          String abbr = type.abbreviation().isEmpty() ? "" : type.abbreviation() + "-";
          mau.registerIncoming(IncomingDraft.builder(AUTHORS[r.nextInt(AUTHORS.length)], (i + 1) + "/" + abbr
              + "UBND", SUBJECTS[r.nextInt(SUBJECTS.length)] + " " + PLACES[r.nextInt(PLACES.length)])
              .type(type).arrivalDate(LocalDate.of(2025, 1, 3).plusDays(i))
              .documentDate(LocalDate.of(2025, 1, 1).plusDays(i)).receiver(SIGNERS[r.nextInt(SIGNERS.length)])
              .build());
        }
      }
      for (int w = 1; w <= wards; w++) {
        Registers ward = db.organisation(ward(w));
        if (ward.organisation().isEmpty()) {
          ward.initialise(new Organisation("UBND Phường " + w, "UBND"));
        }
      }
    }
    System.out.printf(Locale.ROOT, "schema, template and %d wards through the API: %.1f s%n", wards,
        (System.nanoTime() - t0) / 1e9);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      reniceBackend(c);
      s.execute("SET synchronous_commit = off");
      s.execute("DROP TABLE IF EXISTS pg_temp.tmpl");
      s.execute("CREATE TEMP TABLE tmpl AS SELECT e.*, (row_number() OVER (PARTITION BY register ORDER BY id) - 1)"
          + " AS k FROM entries e WHERE org = 'mau'");
      for (int w = 1; w <= wards; w++) {
        String org = ward(w);
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM entries WHERE org = '" + org + "'")) {
          rs.next();
          if (rs.getLong(1) >= PER_WARD) {
            continue;
          }
        }
        long t = System.nanoTime();
        s.execute(insertWard(org, w));
        s.execute("INSERT INTO counters (org, register, year, series, last_number) SELECT org, register, year, "
            + "series, max(number) FROM entries WHERE org = '" + org + "' GROUP BY org, register, year, series "
            + "ON CONFLICT (org, register, year, series) DO UPDATE SET last_number = excluded.last_number");
        System.out.printf(Locale.ROOT, "%s: %d entries in %.1f s (total %.0f s)%n", org, PER_WARD,
            (System.nanoTime() - t) / 1e9, (System.nanoTime() - t0) / 1e9);
      }
      t = System.nanoTime();
      s.execute("ANALYZE entries");
      System.out.printf(Locale.ROOT, "ANALYZE: %.1f s; total %.0f s%n", (System.nanoTime() - t) / 1e9,
          (System.nanoTime() - t0) / 1e9);
    }
  }

  private static long t;

  /** Runs this session's PostgreSQL backend at the lowest priority (the machine is shared); best effort. */
  static void reniceBackend(Connection c) {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      new ProcessBuilder("renice", "-n", "19", "-p", Integer.toString(rs.getInt(1))).inheritIO().start().waitFor();
    } catch (SQLException | IOException e) {
      System.err.println("backend not reniced: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One ward's year: entry i (1..129,600) is outgoing when odd, incoming when even, number (i + 1) / 2 in its
   * register, dated day (i − 1) × 365 / 129,600 of 2025, copied from template (number mod 48) of its register with
   * " hồ sơ i" appended to the summary; the derived columns as {@code EntryRow.of} computes them.
   */
  static String insertWard(String org, int w) {
    String n = "((g.i + 1) / 2)";
    // at least two digits (lpad would cut longer numbers)
    String twoDigits = "CASE WHEN " + n + " < 10 THEN '0' ELSE '' END || " + n + "::text";
    String tail = "substr(t.notation, strpos(t.notation, '/'))";
    String foldedTail = "substr(t.search_notation, strpos(t.search_notation, '/'))";
    String notation = "CASE WHEN t.register = 'out' THEN " + twoDigits + " || " + tail
        + " ELSE g.i::text || " + tail + " END";
    String foldedNotation = "CASE WHEN t.register = 'out' THEN " + twoDigits + " || " + foldedTail
        + " ELSE g.i::text || " + foldedTail + " END";
    String date = "(date '2025-01-01' + ((g.i - 1) * 365 / " + PER_WARD + "))";
    return "INSERT INTO entries (id, register, year, series, number, notation, issuer, entry_date, document_date, "
        + "doc_type, type_abbr, summary, signer, recipients, filing_unit, copies, receiver, due_date, trace, urgency, "
        + "confidentiality, file_sha256, verdict, status, registered_at, journal_seq, dedup_key, search_summary, "
        + "search_party, search_notation, org) "
        + "SELECT 1000 + g.i, t.register, 2025, t.series, " + n + ", " + notation + ", "
        + "t.issuer, "
        + "to_char(" + date + ", 'YYYY-MM-DD'), "
        + "CASE WHEN t.register = 'in' THEN to_char(" + date + " - 2, 'YYYY-MM-DD') END, "
        + "t.doc_type, t.type_abbr, t.summary || ' hồ sơ ' || g.i, t.signer, t.recipients, t.filing_unit, t.copies, "
        + "t.receiver, t.due_date, t.trace, t.urgency, t.confidentiality, t.file_sha256, t.verdict, t.status, "
        + "to_char(" + date + ", 'YYYY-MM-DD') || 'T02:00:00Z', 1000 + g.i, "
        + "CASE WHEN t.register = 'out' THEN 'out|' || split_part(t.dedup_key, '|', 2) || '|2025|' || t.series || '|' || "
        + foldedNotation + " ELSE 'in|' || split_part(t.dedup_key, '|', 2) || '|' || " + foldedNotation
        + " || '|2025' END, "
        + "t.search_summary || ' ho so ' || g.i, "
        + "t.search_party, " + foldedNotation + ", '" + org + "' "
        + "FROM generate_series(1, " + PER_WARD + ") AS g(i) JOIN tmpl t "
        + "ON t.register = CASE WHEN g.i % 2 = 1 THEN 'out' ELSE 'in' END AND t.k = " + n + " % " + TEMPLATES;
  }

  /** The clerk's searches, each through the API, timed one by one; p50/p99/max per kind. */
  static void measure(String url, int queries) throws Exception {
    try (Registers db = Registers.builder(url).mustExist(true).build()) {
      int wards = wards(url);
      Random r = new Random(19);
      System.out.printf(Locale.ROOT, "%d wards, %d queries per kind%n", wards, queries);
      run("by organisation + number (find)", queries, i -> () -> {
        Registers ward = db.organisation(ward(1 + r.nextInt(wards)));
        int number = 1 + r.nextInt(PER_WARD / 2);
        return ward.find(EntryRef.of(RegisterKind.OUTGOING, 2025, number)).orElseThrow().number() == number ? 1 : 0;
      });
      run("by organisation + notation (\"1234/\", outgoing)", queries, i -> () -> {
        Registers ward = db.organisation(ward(1 + r.nextInt(wards)));
        int number = 1 + r.nextInt(PER_WARD / 2);
        return ward.search(SearchQuery.builder().notation(number + "/").register(RegisterKind.OUTGOING).build())
            .items().size();
      });
      run("by organisation + date range (one week, newest first, first page)", queries, i -> () -> {
        Registers ward = db.organisation(ward(1 + r.nextInt(wards)));
        LocalDate from = LocalDate.of(2025, 1, 1).plusDays(r.nextInt(358));
        return ward.search(SearchQuery.builder().register(RegisterKind.INCOMING).from(from).to(from.plusDays(6))
            .order(SearchQuery.Order.NEWEST_FIRST).build()).items().size();
      });
      run("by organisation + summary words (\"thu hoi dat\", newest first, first page)", queries, i -> () -> {
        Registers ward = db.organisation(ward(1 + r.nextInt(wards)));
        return ward.search(SearchQuery.builder().summary(i % 2 == 0 ? "thu hoi dat" : "khen thuong")
            .order(SearchQuery.Order.NEWEST_FIRST).build()).items().size();
      });
      run("by organisation + sender (party \"so tai chinh\", one month)", queries, i -> () -> {
        Registers ward = db.organisation(ward(1 + r.nextInt(wards)));
        LocalDate from = LocalDate.of(2025, 1 + r.nextInt(12), 1);
        return ward.search(SearchQuery.builder().party("so tai chinh").register(RegisterKind.INCOMING).from(from)
            .to(from.plusMonths(1).minusDays(1)).order(SearchQuery.Order.NEWEST_FIRST).build()).items().size();
      });
      run("by organisation + text (\"ho so 98765\": a number, 1-2 matches)", queries, i -> () -> {
        Registers ward = db.organisation(ward(1 + r.nextInt(wards)));
        return ward.search(SearchQuery.builder().text("ho so " + (10_000 + r.nextInt(PER_WARD - 10_000)) + " ")
            .order(SearchQuery.Order.NEWEST_FIRST).build()).items().size();
      });
    }
  }

  interface Query {
    int run() throws Exception;
  }

  static void run(String kind, int queries, IntFunction<Query> make) throws Exception {
    for (int i = 0; i < 10; i++) {
      make.apply(i).run();                       // warm-up (JIT, connection pool), not counted
    }
    long[] ns = new long[queries];
    long found = 0;
    for (int i = 0; i < queries; i++) {
      Query q = make.apply(i);
      long t0 = System.nanoTime();
      found += q.run();
      ns[i] = System.nanoTime() - t0;
    }
    Arrays.sort(ns);
    System.out.printf(Locale.ROOT, "%-75s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (rows %d)%n", kind,
        ns[queries / 2] / 1e6, ns[(int) Math.ceil(queries * 0.99) - 1] / 1e6, ns[queries - 1] / 1e6, found);
  }

  static int wards(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(DISTINCT org) FROM counters WHERE org LIKE 'phuong-%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** The plans PostgreSQL chooses for the SQL kyso's search sends (the same statements, literal parameters). */
  static void explain(String url) throws SQLException {
    String cols = "*";
    String[] sqls = {
        "SELECT " + cols + " FROM entries WHERE register = 'out' AND year = 2025 AND series = 'administrative' "
            + "AND number = 31337 AND org = 'phuong-077'",
        "SELECT " + cols + " FROM entries WHERE org = 'phuong-077' AND register = 'out' AND search_notation LIKE "
            + "'%1234/%' ESCAPE '\\' ORDER BY register, year, series, number LIMIT 21 OFFSET 0",
        "SELECT " + cols + " FROM entries WHERE org = 'phuong-077' AND register = 'in' AND entry_date >= '2025-06-01'"
            + " AND entry_date <= '2025-06-07' ORDER BY entry_date DESC, id DESC LIMIT 21 OFFSET 0",
        "SELECT " + cols + " FROM entries WHERE org = 'phuong-077' AND search_summary LIKE '%thu%' ESCAPE '\\' AND "
            + "search_summary LIKE '%hoi%' ESCAPE '\\' AND search_summary LIKE '%dat%' ESCAPE '\\' "
            + "ORDER BY entry_date DESC, id DESC LIMIT 21 OFFSET 0",
        "SELECT " + cols + " FROM entries WHERE org = 'phuong-077' AND register = 'in' AND entry_date >= '2025-03-01'"
            + " AND entry_date <= '2025-03-31' AND search_party LIKE '%so%' ESCAPE '\\' AND search_party LIKE '%tai%' "
            + "ESCAPE '\\' AND search_party LIKE '%chinh%' ESCAPE '\\' ORDER BY entry_date DESC, id DESC LIMIT 21",
        "SELECT " + cols + " FROM entries WHERE org = 'phuong-077' AND (search_summary LIKE '%98765%' ESCAPE '\\' "
            + "OR search_party LIKE '%98765%' ESCAPE '\\' OR search_notation LIKE '%98765%' ESCAPE '\\') "
            + "ORDER BY entry_date DESC, id DESC LIMIT 21 OFFSET 0"};
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String sql : sqls) {
        System.out.println("== " + sql);
        try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
          while (rs.next()) {
            System.out.println(rs.getString(1));
          }
        }
      }
    }
  }

  static void drop(String url) throws SQLException {
    String schema = schema(url);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
    System.out.println("dropped schema " + schema);
  }
}
