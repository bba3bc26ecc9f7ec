package org.kyso.registers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TimestampService;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestTsa;

/** The journal head is anchored by RFC 3161 timestamps from a real (loopback) TSA, and verify checks the tokens. */
class AnchoringTest extends DatabaseTestBase {
  private static TestTsa tsa;

  @BeforeAll
  static void startTsa() throws Exception {
    tsa = TestTsa.start(DevPki.create()); // one TSA (and its keys) for the class
  }

  @AfterAll
  static void stopTsa() {
    tsa.close();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anchorsTheHeadAndVerifiesTheToken(TestDatabase.Kind kind) throws Exception {
    int before = tsa.requests();
    {
      TestDatabase db = database(kind);
      Registers r = Registers.builder(db.location).clock(CLOCK)
          .anchor(TsaChainAnchor.of(TimestampService.of(tsa.url())), 3).build();
      try (r) {
        r.initialise(ORG);
        for (int i = 1; i <= 7; i++) {
          r.registerOutgoing(OutgoingDraft.builder(DocumentType.THONG_BAO, "Thông báo " + i).build());
        }
        // after registrations 3 and 6 the head was anchored
        assertThat(tsa.requests() - before).isEqualTo(2);
        JournalRecord manual = r.anchorNow().orElseThrow();
        assertThat(manual.kind()).isEqualTo("ANCHOR");
        assertThat(manual.state()).contains("\"anchoredSeq\":" + (manual.seq() - 1));
        assertThat(r.anchorNow()).isEmpty(); // the head is already an anchor
        JournalVerification v = r.verify();
        assertThat(v.problems()).isEmpty();
        assertThat(v.anchors()).isEqualTo(3);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void findsAChainRewrittenBeforeAnAnchor(TestDatabase.Kind kind) throws Exception {
    {
      TestDatabase db = database(kind);
      Registers r = Registers.builder(db.location).clock(CLOCK)
          .anchor(TsaChainAnchor.of(TimestampService.of(tsa.url())), 0).build();
      try (r) {
        r.initialise(ORG);
        r.registerOutgoing(OutgoingDraft.builder(DocumentType.THONG_BAO, "Một").build());
        r.registerOutgoing(OutgoingDraft.builder(DocumentType.THONG_BAO, "Hai").build());
        long anchored = r.anchorNow().orElseThrow().seq() - 1;
        // a forger who can write the database recomputes the whole chain after changing record 2 ...
        db.jdbc(db.kind == TestDatabase.Kind.SQLITE ? "DROP TRIGGER journal_no_update"
            : "DROP TRIGGER journal_no_change ON journal");
        String[] rows = rechainAfterChanging(db, 2, "\"Một\"", "\"Mốt\"");
        assertThat(rows).isNotEmpty();
        // ... which the chain alone cannot see, but the anchor's token still covers the old head
        JournalVerification v = r.verify();
        assertThat(v.problems()).anyMatch(p -> p.contains("timestamps a hash that journal record " + anchored
            + " no longer has"));
      }
    }
  }

  @Test
  void anUnreachableAuthorityIsAServiceError() throws Exception {
    ChainAnchor anchor = TsaChainAnchor.of(TimestampService.builder().url(URI.create("http://127.0.0.1:9/tsr"))
        .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1)).build());
    assertThatThrownBy(() -> anchor.anchor(new byte[32])).isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("No timestamp authority gave a valid answer");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aFailingAuthorityNeverRefusesARegistration(TestDatabase.Kind kind) throws Exception {
    ChainAnchor down = sha -> {
      throw new ServiceUnavailableException("TSA down");
    };
    Registers r = Registers.builder(database(kind).location).clock(CLOCK).anchor(down, 1).build();
    try (r) {
      r.initialise(ORG);
      assertThat(r.registerOutgoing(OutgoingDraft.builder(DocumentType.THONG_BAO, "Vẫn ghi sổ").build()).number())
          .isEqualTo(1);
      assertThat(r.verify().problems()).isEmpty();
    }
  }

  /**
   * Replaces text in one journal record's state and recomputes every hash from there on, as a forger with write
   * access would; returns the rewritten sequence numbers.
   */
  private static String[] rechainAfterChanging(TestDatabase db, long seq, String from, String to) throws Exception {
    String url = db.kind == TestDatabase.Kind.SQLITE ? "jdbc:sqlite:" + db.file : db.location;
    java.util.List<String> done = new java.util.ArrayList<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url)) {
      String prev;
      try (var s = c.prepareStatement("SELECT hash FROM journal WHERE seq = ?")) {
        s.setLong(1, seq - 1);
        var rs = s.executeQuery();
        rs.next();
        prev = rs.getString(1);
      }
      try (var s = c.prepareStatement("SELECT seq, kind, entry_id, recorded_at, note, state FROM journal WHERE seq >= ? "
          + "ORDER BY seq")) {
        s.setLong(1, seq);
        var rs = s.executeQuery();
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        while (rs.next()) {
          long e = rs.getLong(3);
          rows.add(new Object[] {rs.getLong(1), rs.getString(2), rs.wasNull() ? null : e, rs.getString(4),
              rs.getString(5), rs.getString(6)});
        }
        for (Object[] row : rows) {
          String state = (Long) row[0] == seq ? ((String) row[5]).replace(from, to) : (String) row[5];
          String hash = org.kyso.registers.internal.Hex.chain(prev, org.kyso.registers.internal.store.Store.canonical(
              (Long) row[0], (String) row[1], (Long) row[2], (String) row[3], (String) row[4], state));
          try (var u = c.prepareStatement("UPDATE journal SET state = ?, prev_hash = ?, hash = ? WHERE seq = ?")) {
            u.setString(1, state);
            u.setString(2, prev);
            u.setString(3, hash);
            u.setLong(4, (Long) row[0]);
            u.executeUpdate();
          }
          prev = hash;
          done.add(String.valueOf(row[0]));
        }
      }
      try (var u = c.prepareStatement("UPDATE journal_head SET hash = ?")) {
        u.setString(1, prev);
        u.executeUpdate();
      }
    }
    return done.toArray(String[]::new);
  }
}
