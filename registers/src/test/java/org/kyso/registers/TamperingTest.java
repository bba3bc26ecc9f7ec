package org.kyso.registers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kyso.core.testing.ExternalTools;

/**
 * Issue 9 acceptance: changes made directly in the database with its own command-line client (sqlite3, psql) are
 * refused by the append-only triggers or, once those are dropped, found by verify, which names the first bad record.
 */
class TamperingTest extends DatabaseTestBase {

  private Registers registers;
  private TestDatabase db;

  private void fill(TestDatabase.Kind kind) throws Exception {
    db = database(kind);
    registers = open(db);
    registers.initialise(ORG); // journal record 1
    for (int i = 1; i <= 5; i++) { // records 2..6, outgoing no. 1..5
      registers.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Quyết định số " + i).build());
    }
    registers.registerIncoming(IncomingDraft.builder("Sở Nội vụ", "12/SNV-VP", "Công văn đến").build()); // record 7
    assertThat(registers.verify().intact()).isTrue();
  }

  private ExternalTools.Result sql(String statement) {
    return ExternalTools.run(db.cliCommand(statement));
  }

  private void sqlOk(String statement) {
    ExternalTools.Result r = sql(statement);
    assertThat(r.exitCode()).as(r.all()).isZero();
  }

  private void dropTriggers() {
    if (db.kind == TestDatabase.Kind.SQLITE) {
      sqlOk("DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; DROP TRIGGER entries_no_delete;");
    } else {
      sqlOk("DROP TRIGGER journal_no_change ON journal; DROP TRIGGER entries_no_delete ON entries;");
    }
  }

  private String firstProblem() throws Exception {
    JournalVerification v = registers.verify();
    assertThat(v.intact()).isFalse();
    return v.firstProblem().orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void findsAnEntryUpdatedDirectly(TestDatabase.Kind kind) throws Exception {
    fill(kind);
    sqlOk("UPDATE entries SET summary = 'Quyết định đã bị sửa' WHERE register = 'out' AND number = 3");
    assertThat(firstProblem()).isEqualTo("entry outgoing 2026 no. 3 (03/QĐ-UBND) was altered (summary no longer as "
        + "in journal record 4)");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void refusesADeleteAndFindsItOnceTheTriggerIsDropped(TestDatabase.Kind kind) throws Exception {
    fill(kind);
    ExternalTools.Result refused = sql("DELETE FROM entries WHERE register = 'out' AND number = 2");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.all()).containsIgnoringCase("entries");
    assertThat(registers.verify().intact()).isTrue();

    dropTriggers();
    sqlOk("DELETE FROM entries WHERE register = 'out' AND number = 2");
    assertThat(firstProblem()).isEqualTo("entry outgoing 2026 no. 2 (02/QĐ-UBND) is missing from the "
        + "register: it was deleted (its journal record 3 remains)");
    assertThat(registers.verify().problems()).anyMatch(p -> p.contains("number 2 is missing"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void findsAJournalRecordRewritten(TestDatabase.Kind kind) throws Exception {
    fill(kind);
    assertThat(sql("UPDATE journal SET note = 'x' WHERE seq = 4").exitCode()).isNotZero();
    dropTriggers();
    sqlOk("UPDATE journal SET state = replace(state, 'Quyết định số 3', 'Quyết định số 9') WHERE seq = 4");
    assertThat(firstProblem()).isEqualTo("journal record 4 (ENTRY of outgoing 2026 no. 3 (03/QĐ-UBND)) was altered: "
        + "its content does not match its hash");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void findsAJournalRecordDeleted(TestDatabase.Kind kind) throws Exception {
    fill(kind);
    dropTriggers();
    sqlOk("DELETE FROM journal WHERE seq = 5");
    assertThat(firstProblem()).isEqualTo("journal record 5 is missing: the journal jumps from record 4 to 6 (records "
        + "were deleted)");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void findsJournalRecordsReordered(TestDatabase.Kind kind) throws Exception {
    fill(kind);
    dropTriggers();
    sqlOk("UPDATE journal SET seq = 100 WHERE seq = 3; UPDATE journal SET seq = 3 WHERE seq = 4; "
        + "UPDATE journal SET seq = 4 WHERE seq = 100;");
    assertThat(firstProblem()).startsWith("journal record 3 (ENTRY of outgoing 2026 no. 3 (03/QĐ-UBND)) was altered");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void findsAnEntryInsertedDirectly(TestDatabase.Kind kind) throws Exception {
    fill(kind);
    // columns named: since schema version 4 the table also holds the organisation (and, in SQLite, a row id)
    sqlOk("INSERT INTO entries (id, register, year, series, number, notation, issuer, entry_date, document_date, "
        + "doc_type, type_abbr, summary, signer, recipients, filing_unit, copies, receiver, due_date, trace, urgency, "
        + "confidentiality, file_sha256, verdict, status, registered_at, journal_seq, dedup_key, search_summary, "
        + "search_party, search_notation) SELECT 99, register, year, series, 6, '06/QĐ-UBND', issuer, entry_date, document_date, "
        + "doc_type, type_abbr, 'Chèn thêm', signer, recipients, filing_unit, copies, receiver, due_date, trace, urgency, "
        + "confidentiality, file_sha256, verdict, status, registered_at, journal_seq, 'fake', search_summary, "
        + "search_party, search_notation FROM entries WHERE register = 'out' AND number = 5");
    List<String> problems = registers.verify().problems();
    assertThat(problems.get(0)).isEqualTo("entry outgoing 2026 no. 6 (06/QĐ-UBND) has no journal record: it was "
        + "inserted directly into the database");
    assertThat(problems).anyMatch(p -> p.contains("the last number is 6 but the counter is at 5"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void findsTheHeadOutOfStepWithTheJournal(TestDatabase.Kind kind) throws Exception {
    fill(kind);
    sqlOk("UPDATE journal_head SET seq = 6");
    assertThat(firstProblem()).isEqualTo("the journal ends at record 7 but its head names record 6: records were "
        + "removed from the end of the journal, or the head was edited");
  }
}
