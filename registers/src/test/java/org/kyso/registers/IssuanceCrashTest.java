package org.kyso.registers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;

/**
 * Issue 18 acceptance: issuing is reserve → issue → commit → move, and a crash between any two steps leaves the
 * register and the files consistent. A separate JVM issues a document and is killed with SIGKILL at each step; the
 * registers are then reopened (which resolves the interrupted issuance) and checked: {@code verify()} clean, numbers
 * 1..n with every number registered or void (explained), no issued file without its entry, no entry naming a file
 * that is not there, no temporary file left.
 */
class IssuanceCrashTest extends DatabaseTestBase {
  static Stream<Arguments> crashes() {
    List<Arguments> out = new ArrayList<>();
    for (TestDatabase.Kind kind : TestDatabase.Kind.values()) {
      for (String step : List.of("reserved", "issuing", "issued", "committed", "moved")) {
        out.add(Arguments.of(kind, step));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}, killed at {1}")
  @MethodSource("crashes")
  void aProcessKilledAtAnyStepOfIssuingLeavesRegisterAndFilesConsistent(TestDatabase.Kind kind, String step)
      throws Exception {
    TestDatabase db = database(kind);
    Path dir = Files.createDirectory(tmp.resolve("issued"));
    Path target = dir.resolve("qd-02.pdf");
    try (Registers setup = Registers.builder(db.location).clock(CLOCK).build()) {
      setup.initialise(ORG);
      setup.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Trước đó").build());
    }
    Process proc = new ProcessBuilder(IssuanceWorker.command(db.location, target, step)).redirectErrorStream(true)
        .start();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> seen = new ArrayList<>();
      for (String line; (line = in.readLine()) != null; ) {
        seen.add(line);
        if (line.equals("at " + step)) {
          proc.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
          break;
        }
      }
      assertThat(seen).as("worker output").contains("at " + step);
    }
    assertThat(proc.waitFor(1, TimeUnit.MINUTES)).isTrue();

    Registers r = open(db); // resolves the interrupted issuance: the worker's process is gone
    EntryRef two = new EntryRef(RegisterKind.OUTGOING, 2026, Series.ADMINISTRATIVE, 2);
    OutgoingEntry e = (OutgoingEntry) r.find(two).orElseThrow();
    boolean fileWasComplete = List.of("issued", "committed", "moved").contains(step);
    if (fileWasComplete) {
      assertThat(e.status()).isEqualTo(EntryStatus.REGISTERED);
      assertThat(target).exists();
      assertThat(Files.readString(target)).isEqualTo("stamped 02/QĐ-UBND 2026-03-10");
      assertThat(e.fileSha256()).contains(Registers.sha256(target));
    } else {
      assertThat(e.status()).isEqualTo(EntryStatus.VOID);
      assertThat(e.fileSha256()).isEmpty();
      assertThat(target).doesNotExist();
      assertThat(r.history(two).get(r.history(two).size() - 1).note()).contains("issuing process ended");
    }
    assertConsistent(r, dir, 2);
    assertThat(r.recoverIssuances()).isEmpty();
    assertThat(r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Sau sự cố").build()).number())
        .isEqualTo(3);
    assertThat(r.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aFailedCommitVoidsTheNumberAndLeavesNoIssuedFile(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = database(kind);
    Path dir = Files.createDirectory(tmp.resolve("issued"));
    Path target = dir.resolve("qd-01.pdf");
    String refuse = kind == TestDatabase.Kind.SQLITE
        ? "CREATE TRIGGER refuse_commit BEFORE UPDATE ON entries WHEN new.status = 'REGISTERED' "
            + "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        : "CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; "
            + "END; $$; CREATE TRIGGER refuse_commit BEFORE UPDATE ON entries FOR EACH ROW "
            + "WHEN (new.status = 'REGISTERED') EXECUTE FUNCTION refuse_commit()";
    Registers r = Registers.builder(db.location).clock(CLOCK).issuanceHook(step -> {
      if (step.equals("issued")) {
        try {
          db.jdbc(refuse); // the database refuses the commit, as a full disk or a lost server would
        } catch (java.sql.SQLException x) {
          throw new AssertionError(x);
        }
      }
    }).build();
    try (r) {
      r.initialise(ORG);
      assertThatThrownBy(() -> r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Không ghi được")
          .build(), target, (reserved, out) -> {
            write(out, "stamped " + reserved.notation());
            return IssuedFile.of(out);
          })).isInstanceOf(KysoException.class);
      assertThat(target).doesNotExist();
      EntryRef one = new EntryRef(RegisterKind.OUTGOING, 2026, Series.ADMINISTRATIVE, 1);
      assertThat(r.find(one).orElseThrow().status()).isEqualTo(EntryStatus.VOID);
      assertThat(r.history(one).get(1).note()).contains("could not be registered");
      db.jdbc(kind == TestDatabase.Kind.SQLITE ? "DROP TRIGGER refuse_commit" : "DROP TRIGGER refuse_commit ON entries");
      assertConsistent(r, dir, 1);
      assertThat(r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Sau lỗi").build()).number())
          .isEqualTo(2);
      assertThat(r.verify().problems()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void issuingHoldsNoLockSoOthersRegisterMeanwhile(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    Path target = tmp.resolve("qd.pdf");
    List<OutgoingEntry> meanwhile = new ArrayList<>();
    OutgoingEntry issued = r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Chờ phê duyệt").build(),
        target, (reserved, out) -> {
          // a remote key waiting for approval: another clerk registers in the meantime (with the old design this
          // waited for the lock the issuance held)
          meanwhile.add(r.registerOutgoing(OutgoingDraft.builder(DocumentType.CONG_VAN, "Công văn khác").build()));
          assertThat(r.find(reserved.ref()).orElseThrow().status()).isEqualTo(EntryStatus.RESERVED);
          write(out, "stamped " + reserved.notation());
          return IssuedFile.of(out);
        });
    assertThat(issued.number()).isEqualTo(1);
    assertThat(meanwhile).extracting(OutgoingEntry::number).containsExactly(2L);
    assertThat(r.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aMissingOutputFolderIsRefusedBeforeANumberIsReserved(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    assertThatThrownBy(() -> r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "X").build(),
        tmp.resolve("missing/qd.pdf"), (reserved, out) -> {
          throw new AssertionError("not called");
        })).isInstanceOf(FileAccessException.class);
    assertThat(r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Y").build()).number()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aStepReturningAnotherDigestThanItsFileVoidsTheNumber(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    Path target = tmp.resolve("qd.pdf");
    assertThatThrownBy(() -> r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "X").build(), target,
        (reserved, out) -> {
          write(out, "stamped");
          return new IssuedFile("0".repeat(64), Optional.empty());
        })).hasMessageContaining("not the file whose digest");
    assertThat(target).doesNotExist();
    assertThat(r.verify().problems()).isEmpty();
  }

  /** Every outgoing number 1..n is registered or void, none reserved; the files match the entries. */
  private static void assertConsistent(Registers r, Path dir, int n) throws Exception {
    List<RegisterEntry> all = r.search(SearchQuery.builder().register(RegisterKind.OUTGOING).pageSize(100).build())
        .items();
    assertThat(all).extracting(RegisterEntry::number).containsExactlyElementsOf(
        java.util.stream.LongStream.rangeClosed(1, n).boxed().toList());
    assertThat(all).extracting(RegisterEntry::status).doesNotContain(EntryStatus.RESERVED);
    List<String> registered = all.stream().filter(x -> x.status() == EntryStatus.REGISTERED)
        .flatMap(x -> x.fileSha256().stream()).toList();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        assertThat(f.getFileName().toString()).as("temporary file left").doesNotContain(".kyso-");
        assertThat(registered).as("issued file without its entry: " + f).contains(Registers.sha256(f));
      }
    }
    for (RegisterEntry x : all) {
      if (x.status() == EntryStatus.VOID) {
        assertThat(x.fileSha256()).isEmpty();
        assertThat(r.history(x.ref()).get(r.history(x.ref()).size() - 1).note()).isNotBlank();
      }
    }
  }

  private static void write(Path out, String text) throws FileAccessException {
    try {
      Files.writeString(out, text);
    } catch (java.io.IOException x) {
      throw new FileAccessException("cannot write", x);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anIssuanceOfAnotherHostIsLeftAloneUntilStale(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = database(kind);
    Path target = tmp.resolve("qd.pdf");
    try (Registers r = Registers.builder(db.location).clock(CLOCK).issuanceHook(step -> {
      if (step.equals("reserved")) {
        throw new IllegalStateException("stopped after reserving"); // as if the host had gone away here
      }
    }).build()) {
      r.initialise(ORG);
      assertThatThrownBy(() -> r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Ở máy khác")
          .build(), target, (reserved, out) -> {
            throw new AssertionError("not reached");
          })).hasMessage("stopped after reserving");
    }
    db.jdbc("UPDATE issuances SET owner = 'another-host/12345/1'");
    EntryRef one = new EntryRef(RegisterKind.OUTGOING, 2026, Series.ADMINISTRATIVE, 1);
    // an hour later: the other host may still be waiting for an approval
    Registers soon = open(db, java.time.Clock.offset(CLOCK, java.time.Duration.ofHours(1)));
    assertThat(soon.find(one).orElseThrow().status()).isEqualTo(EntryStatus.RESERVED);
    assertThat(soon.verify().problems()).isEmpty();
    // two days later it is given up: void, explained
    Registers later = open(db, java.time.Clock.offset(CLOCK, java.time.Duration.ofDays(2)));
    assertThat(later.find(one).orElseThrow().status()).isEqualTo(EntryStatus.VOID);
    assertThat(later.verify().problems()).isEmpty();
    assertThat(later.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Tiếp").build()).number())
        .isEqualTo(2);
  }
}
