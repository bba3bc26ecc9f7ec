package org.kyso.registers.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kyso.core.DocumentException;
import org.kyso.registers.EntryStatus;
import org.kyso.registers.JournalRecord;
import org.kyso.registers.JournalVerification;
import org.kyso.registers.Organisation;
import org.kyso.registers.internal.Hex;
import org.kyso.core.internal.json.Json;
import org.kyso.registers.internal.anchor.TimestampTokens;

/**
 * Checks a register database against its journal, in one read transaction: the hash chain record by record, the
 * head, every entry against the journal's latest state of it (both ways), the numbering (1..n without gaps, and the
 * counters; a void number is an entry, so it is no gap, but its journal record must say why and it names no file),
 * the organisation, and every anchor (its token must be a valid timestamp over the anchored hash).
 * Streams; memory does not grow with the number of entries.
 */
public final class JournalCheck {
  private static final int MAX_PROBLEMS = 100;
  private static final String VOID_STATUS = "\"status\":\"" + EntryStatus.VOID.name() + "\"";

  private final Connection c;
  private final Store store;
  private final List<String> problems = new ArrayList<>();

  private JournalCheck(Connection c, Store store) {
    this.c = c;
    this.store = store;
  }

  public static JournalVerification run(Connection c, Store store) throws SQLException {
    return new JournalCheck(c, store).run();
  }

  private void problem(String p) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(p);
    }
  }

  private record AnchorRow(long journalSeq, long anchoredSeq, String anchoredHash, String authority,
      String anchoredAt, String token) {}

  private JournalVerification run() throws SQLException {
    Map<Long, AnchorRow> anchors = new LinkedHashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT journal_seq, anchored_seq, anchored_hash, authority, "
        + "anchored_at, token FROM anchors WHERE org = ? ORDER BY journal_seq")) {
      s.setString(1, store.org());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          anchors.put(rs.getLong(1), new AnchorRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6)));
        }
      }
    }
    Set<Long> anchoredSeqs = new HashSet<>();
    anchors.values().forEach(a -> anchoredSeqs.add(a.anchoredSeq()));
    Map<Long, String> hashes = new HashMap<>();
    Map<Long, String> anchorStates = new HashMap<>();
    String setupState = null;

    // 1. the chain
    long expected = 1;
    String prev = Hex.ZERO_HASH;
    long records = 0;
    try (PreparedStatement s = c.prepareStatement("SELECT seq, kind, entry_id, recorded_at, note, state, prev_hash, "
        + "hash FROM journal WHERE org = ? ORDER BY seq")) {
      s.setString(1, store.org());
      s.setFetchSize(1000);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          records++;
          long seq = rs.getLong(1);
          String kind = rs.getString(2);
          long e = rs.getLong(3);
          Long entryId = rs.wasNull() ? null : e;
          String recordedAt = rs.getString(4);
          String note = rs.getString(5);
          String state = rs.getString(6);
          String previousHash = rs.getString(7);
          String hash = rs.getString(8);
          Raw r = new Raw(seq, kind, state, hash);
          boolean afterGap = false;
          if (seq != expected) {
            problem("journal record " + expected + (seq > expected + 1 ? " to " + (seq - 1) : "")
                + " is missing: the journal jumps from record " + (expected - 1) + " to " + seq
                + " (records were deleted)");
            afterGap = true;
          }
          String computed = Hex.isSha256Hex(previousHash)
              ? Hex.chain(previousHash, Store.canonical(seq, kind, entryId, recordedAt, note, state)) : "";
          if (!computed.equals(hash)) {
            problem("journal record " + seq + " (" + describe(kind, state) + ") was altered: its content does not "
                + "match its hash");
          } else if (!afterGap && !previousHash.equals(prev)) {
            problem("journal record " + seq + " (" + describe(kind, state) + ") does not follow record " + (seq - 1)
                + ": the chain is broken (a record was inserted, replaced or reordered)");
          } else if (kind.equals("ENTRY") && !Objects.equals(entryId, seq)) {
            problem("journal record " + seq + " (" + describe(kind, state) + ") names the wrong entry");
          } else if (state.contains(VOID_STATUS) && note.isBlank()) {
            // a void number is a number of the register that no document carries: it must say why
            problem("journal record " + seq + " (" + describe(kind, state) + ") voids a number without saying why");
          }
          if (anchoredSeqs.contains(r.seq())) {
            hashes.put(r.seq(), r.hash());
          }
          if (r.kind().equals("SETUP")) {
            setupState = r.state();
          } else if (r.kind().equals("ANCHOR")) {
            anchorStates.put(r.seq(), r.state());
          }
          prev = r.hash();
          expected = r.seq() + 1;
        }
      }
    }
    Store.Head head = store.head(c);
    if (head.seq() != expected - 1 || !head.hash().equals(prev)) {
      problem("the journal ends at record " + (expected - 1) + " but its head names record " + head.seq()
          + ": records were removed from the end of the journal, or the head was edited");
    }

    // 2. the entries against the journal, merged by id
    long entries = checkEntries();

    // 3. the numbering
    checkNumbering();

    // 4. the organisation
    Optional<Organisation> org = store.organisation(c);
    String orgState = org.map(Store::organisationState).orElse(null);
    if (!Objects.equals(orgState, setupState)) {
      problem("the organisation in the database (" + org.map(o -> o.name() + ", " + o.abbreviation()).orElse("none")
          + ") differs from the journal's last SETUP record: it was edited directly");
    }

    // 5. the anchors
    for (AnchorRow a : anchors.values()) {
      String recorded = anchorStates.remove(a.journalSeq());
      String state = Store.anchorState(a.anchoredSeq(), a.anchoredHash(), a.authority(), a.anchoredAt(), a.token());
      if (recorded == null) {
        problem("anchor " + a.journalSeq() + " has no ANCHOR journal record: it was inserted directly");
      } else if (!recorded.equals(state)) {
        problem("anchor " + a.journalSeq() + " differs from its journal record: it was edited directly");
      } else if (!a.anchoredHash().equals(hashes.get(a.anchoredSeq()))) {
        problem("anchor " + a.journalSeq() + " timestamps a hash that journal record " + a.anchoredSeq()
            + " no longer has: the journal was rewritten before record " + a.anchoredSeq());
      } else {
        try {
          TimestampTokens.check(Base64.getDecoder().decode(a.token()), Hex.unhex(a.anchoredHash()));
        } catch (DocumentException | IllegalArgumentException e) {
          problem("anchor " + a.journalSeq() + " is not valid: " + e.getMessage());
        }
      }
    }
    for (long seq : new TreeSet<>(anchorStates.keySet())) {
      problem("journal record " + seq + " records an anchor that is missing from the anchors table: it was deleted");
    }
    return new JournalVerification(records, entries, anchors.size(), problems);
  }

  private record Raw(long seq, String kind, String state, String hash) {}

  private long checkEntries() throws SQLException {
    long count = 0;
    try (PreparedStatement a = c.prepareStatement("SELECT " + prefixed("e") + ", j.state AS journal_state FROM entries e "
        + "LEFT JOIN journal j ON j.org = e.org AND j.seq = e.journal_seq WHERE e.org = ? ORDER BY e.id");
         PreparedStatement b = c.prepareStatement("SELECT entry_id, MAX(seq) FROM journal WHERE entry_id IS NOT NULL "
             + "AND org = ? GROUP BY entry_id ORDER BY entry_id")) {
      a.setString(1, store.org());
      b.setString(1, store.org());
      a.setFetchSize(1000);
      b.setFetchSize(1000);
      try (ResultSet ra = a.executeQuery(); ResultSet rb = b.executeQuery()) {
        boolean hasA = ra.next();
        boolean hasB = rb.next();
        while (hasA || hasB) {
          long idA = hasA ? ra.getLong(1) : Long.MAX_VALUE;
          long idB = hasB ? rb.getLong(1) : Long.MAX_VALUE;
          if (idA < idB) {
            count++;
            EntryRow row = EntryRow.read(ra);
            problem("entry " + row.label() + " has no journal record: it was inserted directly into the database");
            hasA = ra.next();
          } else if (idB < idA) {
            long latest = rb.getLong(2);
            problem("entry " + describeEntry(idB, latest) + " is missing from the register: it was deleted "
                + "(its journal record " + latest + " remains)");
            hasB = rb.next();
          } else {
            count++;
            EntryRow row = EntryRow.read(ra);
            String recorded = ra.getString("journal_state");
            long latest = rb.getLong(2);
            String actual;
            try {
              actual = row.state();
            } catch (RuntimeException ex) {
              actual = null;
            }
            if (actual == null) {
              problem("entry " + row.label() + " was altered: its data can no longer be read");
            } else if (row.journalSeq() != latest) {
              problem("entry " + row.label() + " does not show its latest journal record " + latest
                  + ": it was edited directly");
            } else if (recorded == null || !recorded.equals(actual)) {
              problem("entry " + row.label() + " was altered (" + differences(actual, recorded)
                  + " no longer as in journal record " + latest + ")");
            } else if (EntryStatus.VOID.name().equals(row.status()) && row.fileSha256() != null) {
              problem("entry " + row.label() + " is void but names an issued file: a void number is carried by no "
                  + "document");
            } else {
              EntryRow derived = row.recomputed();
              if (derived == null || !derived.equals(row)) {
                problem("entry " + row.label() + " was altered: its search or duplicate-check columns do not match "
                    + "its data");
              }
            }
            hasA = ra.next();
            hasB = rb.next();
          }
        }
      }
    }
    return count;
  }

  private void checkNumbering() throws SQLException {
    Map<String, Long> counters = new LinkedHashMap<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT register, year, series, last_number FROM counters WHERE org = ?")) {
      s.setString(1, store.org());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          counters.put(rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3), rs.getLong(4));
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT register, year, series, number FROM entries "
        + "WHERE org = ? ORDER BY register, year, series, number")) {
      s.setString(1, store.org());
      s.setFetchSize(1000);
      try (ResultSet rs = s.executeQuery()) {
        String group = null;
        long last = 0;
        while (rs.next()) {
          String g = rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3);
          long n = rs.getLong(4);
          if (!g.equals(group)) {
            if (group != null) {
              checkCounter(group, last, counters);
            }
            group = g;
            last = 0;
          }
          if (n != last + 1) {
            problem(groupName(g) + ": number " + (last + 1) + (n > last + 2 ? " to " + (n - 1) : "")
                + " is missing (numbers run without gaps; an entry was deleted or renumbered)");
          }
          last = n;
        }
        if (group != null) {
          checkCounter(group, last, counters);
        }
      }
    }
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      problem(groupName(e.getKey()) + ": the counter is at " + e.getValue() + " but the register has no entry: "
          + "entries were deleted");
    }
  }

  private void checkCounter(String group, long last, Map<String, Long> counters) {
    Long counter = counters.remove(group);
    if (counter == null || counter != last) {
      problem(groupName(group) + ": the last number is " + last + " but the counter is at "
          + (counter == null ? "nothing" : counter) + " (entries were deleted or the counter was edited)");
    }
  }

  private static String groupName(String g) {
    String[] p = g.split(" ", 3);
    return (p[0].equals("out") ? "outgoing " : "incoming ") + p[1] + (p[2].equals("administrative") ? "" : " " + p[2]);
  }

  private String describeEntry(long id, long latestSeq) throws SQLException {
    try {
      Optional<JournalRecord> r = store.record(c, latestSeq);
      if (r.isPresent() && Json.parse(r.get().state()) instanceof Map<?, ?> m && m.containsKey("register")) {
        return EntryRow.label(m);
      }
      return "id " + id;
    } catch (RuntimeException e) {
      return "id " + id;
    }
  }

  /** "ENTRY of outgoing 2026 no. 15 (15/QĐ-UBND)" from a record's state, or its kind when unreadable. */
  static String describe(String kind, String stateJson) {
    try {
      Object state = Json.parse(stateJson);
      if (state instanceof Map<?, ?> m) {
        if (m.containsKey("register")) {
          return kind + " of " + EntryRow.label(m);
        }
        if (m.containsKey("organisation")) {
          return kind + " of " + m.get("organisation");
        }
        if (m.containsKey("anchoredSeq")) {
          return kind + " of record " + m.get("anchoredSeq");
        }
      }
    } catch (RuntimeException e) {
      // fall through
    }
    return kind;
  }

  private static String differences(String actual, String recorded) {
    if (recorded == null) {
      return "its journal record is missing; all fields";
    }
    try {
      Map<?, ?> a = (Map<?, ?>) Json.parse(actual);
      Map<?, ?> r = (Map<?, ?>) Json.parse(recorded);
      List<String> keys = new ArrayList<>();
      Set<Object> all = new java.util.LinkedHashSet<>(a.keySet());
      all.addAll(r.keySet());
      for (Object k : all) {
        if (!Objects.equals(a.get(k), r.get(k))) {
          keys.add(String.valueOf(k));
        }
      }
      return keys.isEmpty() ? "its fields" : String.join(", ", keys);
    } catch (RuntimeException e) {
      return "its fields";
    }
  }

  private static String prefixed(String alias) {
    List<String> cols = new ArrayList<>();
    for (String col : EntryRow.COLUMN_NAMES) {
      cols.add(alias + "." + col);
    }
    return String.join(", ", cols);
  }
}
