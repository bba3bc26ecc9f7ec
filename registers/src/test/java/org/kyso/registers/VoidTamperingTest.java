package org.kyso.registers;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kyso.registers.internal.Hex;
import org.kyso.registers.internal.store.EntryRow;
import org.kyso.registers.internal.store.Store;

/**
 * A void number must be explained and carried by no document. Someone with write access who appends a well-formed
 * journal record (hash recomputed, so the chain alone looks intact) voiding a registered document silently is
 * named by verify.
 */
class VoidTamperingTest extends DatabaseTestBase {
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void findsARegisteredDocumentVoidedWithoutReason(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = database(kind);
    Registers r = open(db);
    r.initialise(ORG);
    OutgoingEntry e = r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Quyết định đã ban hành")
        .fileSha256("ab".repeat(32)).build());
    assertThat(r.verify().intact()).isTrue();

    OutgoingEntry voided = e.withStatus(EntryStatus.VOID);
    String url = kind == TestDatabase.Kind.SQLITE ? "jdbc:sqlite:" + db.file : db.location;
    try (Connection c = DriverManager.getConnection(url)) {
      long seq;
      String prev;
      try (PreparedStatement s = c.prepareStatement("SELECT seq, hash FROM journal_head WHERE org = ''");
           ResultSet rs = s.executeQuery()) {
        rs.next();
        seq = rs.getLong(1) + 1;
        prev = rs.getString(2);
      }
      String at = NOW.plusSeconds(60).toString();
      String state = EntryRow.of(voided, 0).state();
      String hash = Hex.chain(prev, Store.canonical(seq, "STATUS", e.id(), at, "", state));
      try (PreparedStatement s = c.prepareStatement("INSERT INTO journal (org, seq, kind, entry_id, recorded_at, "
          + "note, state, prev_hash, hash) VALUES ('', ?, 'STATUS', ?, ?, '', ?, ?, ?)")) {
        s.setLong(1, seq);
        s.setLong(2, e.id());
        s.setString(3, at);
        s.setString(4, state);
        s.setString(5, prev);
        s.setString(6, hash);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE journal_head SET seq = ?, hash = ? WHERE org = ''")) {
        s.setLong(1, seq);
        s.setString(2, hash);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("UPDATE entries SET status = 'VOID', journal_seq = ? "
          + "WHERE org = '' AND id = ?")) {
        s.setLong(1, seq);
        s.setLong(2, e.id());
        s.executeUpdate();
      }
    }
    JournalVerification v = r.verify();
    assertThat(v.problems()).containsExactly(
        "journal record 3 (STATUS of outgoing 2026 no. 1 (01/QĐ-UBND)) voids a number without saying why",
        "entry outgoing 2026 no. 1 (01/QĐ-UBND) is void but names an issued file: a void number is carried by no "
            + "document");
  }
}
