package org.kyso.registers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Register search on a PostgreSQL holding many organisations' entries (default 1,000,000 entries across 168
 * organisations, loaded with one INSERT ... SELECT, not through kyso: this measures search, not registration).
 * Not a test: it prints p50/p99. Run with {@code -Dkyso.bench=true} and {@code KYSO_TEST_PG_URL} set;
 * {@code -Dkyso.bench.entries=N}, {@code -Dkyso.bench.queries=N}.
 */
@EnabledIfSystemProperty(named = "kyso.bench", matches = "true")
class RegisterSearchBench extends DatabaseTestBase {
  @Test
  void searchLatencyAcrossOrganisations() throws Exception {
    int entries = Integer.getInteger("kyso.bench.entries", 1_000_000);
    int orgs = 168;
    int queries = Integer.getInteger("kyso.bench.queries", 400);
    TestDatabase db = database(TestDatabase.Kind.POSTGRESQL);
    Registers shared = open(db);
    for (int i = 0; i < orgs; i++) {
      shared.organisation("ward-" + i).initialise(new Organisation("UBND phường " + i, "UBND"));
    }
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection(db.location); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE entries DISABLE TRIGGER USER");
      s.execute("INSERT INTO entries (org, id, register, year, series, number, notation, issuer, entry_date, "
          + "document_date, doc_type, type_abbr, summary, signer, recipients, filing_unit, copies, receiver, due_date, "
          + "trace, urgency, confidentiality, file_sha256, verdict, status, registered_at, journal_seq, dedup_key, "
          + "search_summary, search_party, search_notation) "
          + "SELECT 'ward-' || (g % " + orgs + "), g / " + orgs + " + 2, CASE WHEN g % 4 = 0 THEN 'in' ELSE 'out' END, "
          + "2026, 'administrative', g / " + orgs + " + 1, (g / " + orgs + " + 1) || '/QĐ-UBND', 'UBND phường ' || "
          + "(g % " + orgs + "), to_char(DATE '2026-01-01' + (g % 340), 'YYYY-MM-DD'), NULL, 'Quyết định', 'QĐ', "
          + "(ARRAY['Về việc khen thưởng tổ dân phố văn hóa', 'Về việc chuyển đổi số năm 2026', "
          + "'Thông báo lịch tiếp công dân', 'Kế hoạch phòng chống thiên tai', 'Báo cáo tiến độ giải ngân vốn'])"
          + "[1 + g % 5] || ' số ' || g, 'Nguyễn Văn An', 'Như Điều 3', '', 1, '', NULL, '', 'NORMAL', 'NONE', NULL, "
          + "NULL, 'REGISTERED', '2026-03-10T03:00:00Z', 1, 'k' || g, "
          + "(ARRAY['ve viec khen thuong to dan pho van hoa', 've viec chuyen doi so nam 2026', "
          + "'thong bao lich tiep cong dan', 'ke hoach phong chong thien tai', 'bao cao tien do giai ngan von'])"
          + "[1 + g % 5] || ' so ' || g, 'ubnd phuong ' || (g % " + orgs + "), (g / " + orgs + " + 1) || '/qd-ubnd' "
          + "FROM generate_series(0, " + (entries - 1) + ") g");
      s.execute("ALTER TABLE entries ENABLE TRIGGER USER");
      s.execute("ANALYZE entries");
    }
    System.out.printf("loaded %d entries across %d organisations in %.1f s%n", entries, orgs,
        (System.nanoTime() - t0) / 1e9);
    Random rnd = new Random(168);
    String[] texts = {"khen thuong", "chuyen doi so", "tiep cong dan", "thien tai", "giai ngan"};
    for (String kind : new String[] {"text", "latest page", "text + year + register"}) {
      List<Long> lat = new ArrayList<>();
      int found = 0;
      for (int q = 0; q < queries; q++) {
        Registers r = shared.organisation("ward-" + rnd.nextInt(orgs));
        SearchQuery.Builder b = SearchQuery.builder().pageSize(20);
        switch (kind) {
          case "text" -> b.text(texts[rnd.nextInt(texts.length)]);
          case "latest page" -> { }
          default -> b.text(texts[rnd.nextInt(texts.length)]).year(2026).register(RegisterKind.OUTGOING);
        }
        long t = System.nanoTime();
        found += r.search(b.build()).items().size();
        lat.add(System.nanoTime() - t);
      }
      Collections.sort(lat);
      System.out.printf("search (%s), one organisation of %d, page of 20: %d queries, p50 %.1f ms, p99 %.1f ms, "
          + "%d entries returned%n", kind, orgs, queries, lat.get(lat.size() / 2) / 1e6,
          lat.get((int) Math.ceil(lat.size() * 0.99) - 1) / 1e6, found);
    }
  }
}
