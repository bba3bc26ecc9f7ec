package org.kyso.registers;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.internal.io.AtomicOutput;
import org.kyso.core.verify.Verdict;
import org.kyso.registers.internal.FileDigest;
import org.kyso.registers.internal.store.Database;
import org.kyso.registers.internal.store.EntryRow;
import org.kyso.registers.internal.store.IssuanceTable;
import org.kyso.registers.internal.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issuing an outgoing document in four steps, none of which holds the register's lock while the document is
 * signed:
 * <ol>
 *   <li><b>reserve</b>: one short transaction gives the number to a {@link EntryStatus#RESERVED} entry (journaled,
 *       visible) and records the issuance (files, owner process) in the {@code issuances} table;
 *   <li><b>issue</b>: the {@link IssuanceStep} writes the stamped and signed file to a temporary file beside the
 *       target, outside any transaction; when it returns, the file is renamed to its "ready" name;
 *   <li><b>commit</b>: one short transaction records the file's digest and the status {@link EntryStatus#REGISTERED}
 *       (only if the entry is still reserved);
 *   <li><b>move</b>: the ready file is moved into place, then the issuance row is removed.
 * </ol>
 * A failed issuance or commit voids the number (a STATUS record saying why) and deletes the files: nothing already
 * visible is released, and no issued file reaches the target without its entry. A process that ends between two
 * steps leaves a row that {@link #recover} resolves: completed when the ready file exists, void otherwise.
 */
final class Issuance {
  private static final Logger LOG = LoggerFactory.getLogger(Issuance.class);
  /** This process, as recorded in the issuances it owns: {@code host/pid/start}. */
  static final String OWNER = currentOwner();

  private final Database db;
  private final Store store;
  private final Supplier<Instant> clock;
  private final Duration staleAfter;
  private final Consumer<String> hook;

  Issuance(Database db, Store store, Supplier<Instant> clock, Duration staleAfter, Consumer<String> hook) {
    this.db = db;
    this.store = store;
    this.clock = clock;
    this.staleAfter = staleAfter;
    this.hook = hook;
  }

  OutgoingEntry run(EntryRules.Outgoing draft, Path target, IssuanceStep step) throws KysoException {
    Path abs = target.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new FileAccessException("The folder of " + target + " does not exist.");
    }
    if (Files.isDirectory(abs)) {
      throw new FileAccessException(target + " is a folder; name the file to issue.");
    }
    if (!Files.isWritable(dir)) {
      throw new FileAccessException("Cannot write in the folder " + dir + ".");
    }
    if (Files.isRegularFile(abs) && !Files.isWritable(abs)) {
      // the final move would replace it: refused before a number is taken
      throw new FileAccessException("The output file " + target + " is read-only; kyso does not replace a file that"
          + " may not be written (make it writable, or choose another name).");
    }
    String token = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    Path part = dir.resolve("." + abs.getFileName() + "." + token + ".kyso-part");
    Path ready = dir.resolve("." + abs.getFileName() + "." + token + ".kyso-issued");
    Instant at = clock.get();

    // 1. reserve: the number is taken, journaled and visible; from here on it is never given again
    OutgoingEntry reserved = db.write(c -> {
      Store.Head head = store.lockHead(c);
      Organisation org = store.organisation(c).orElseThrow(EntryRules::notInitialised);
      long number = store.nextNumber(c, "out", draft.date().getYear(), draft.series().code());
      long id = head.seq() + 1;
      OutgoingEntry e = draft.entry(id, number, org, EntryStatus.RESERVED, at);
      store.appendEntry(c, head, EntryRow.of(e, id), "reserved for issuance");
      IssuanceTable.insert(c, new IssuanceTable.Row(store.org(), id, abs.toString(), part.toString(),
          ready.toString(), OWNER, at));
      return e;
    });
    hook.accept("reserved");

    // 2. issue, outside any transaction and lock
    String sha;
    Optional<Verdict> verdict;
    try {
      IssuedFile issued = step.issue(reserved, part);
      sha = FileDigest.sha256(part);
      if (!sha.equals(issued.sha256().trim().toLowerCase(Locale.ROOT))) {
        throw new DocumentException("The issued file " + target.getFileName() + " is not the file whose digest the "
            + "issuance returned.");
      }
      verdict = issued.verdict().or(draft.draft()::verdict);
      AtomicOutput.move(part, ready);
    } catch (KysoException | RuntimeException e) {
      deleteQuietly(part);
      deleteQuietly(ready);
      voidQuietly(reserved.id(), "issuance failed: " + reason(e));
      throw e;
    }
    hook.accept("issued");

    // 3. commit
    OutgoingEntry done;
    try {
      done = commit(store, reserved.id(), sha, verdict, "issued");
    } catch (KysoException | RuntimeException e) {
      done = afterFailedCommit(reserved.id(), sha, ready, e);
    }
    hook.accept("committed");

    // 4. move into place, then forget the issuance
    try {
      AtomicOutput.move(ready, abs);
    } catch (KysoException e) {
      abandonQuietly(reserved.id());
      throw new FileAccessException(done.notation() + " is registered, but its issued file is kept as "
          + ready.getFileName() + " and moved into place when the registers are next opened: " + e.getMessage(), e);
    }
    hook.accept("moved");
    try {
      db.write(c -> {
        IssuanceTable.delete(c, store.org(), reserved.id());
        return null;
      });
    } catch (KysoException e) {
      LOG.warn("The issuance of {} is complete; its working row will be removed when the registers are next "
          + "opened: {}", done.notation(), e.getMessage());
    }
    return done;
  }

  /**
   * The commit failed. If it did happen after all (the answer was lost), go on; otherwise the ready file is deleted
   * and the number voided, and the failure is thrown. When the database cannot even be read, the row and the ready
   * file stay for {@link #recover} (nothing is in the target).
   */
  private OutgoingEntry afterFailedCommit(long id, String sha, Path ready, Exception failure) throws KysoException {
    Optional<RegisterEntry> now;
    try {
      now = db.read(c -> store.entries().byId(c, id).map(EntryRow::toEntry));
    } catch (KysoException | RuntimeException e) {
      throw rethrow(failure);
    }
    if (now.isPresent() && now.get() instanceof OutgoingEntry o && o.status() == EntryStatus.REGISTERED
        && o.fileSha256().equals(Optional.of(sha))) {
      return o;
    }
    deleteQuietly(ready);
    voidQuietly(id, "the issued file could not be registered: " + reason(failure));
    throw rethrow(failure);
  }

  private static KysoException rethrow(Exception e) {
    if (e instanceof KysoException k) {
      return k;
    }
    throw (RuntimeException) e;
  }

  /** Records the issued file of a reserved entry; refused when the entry is no longer reserved. */
  private OutgoingEntry commit(Store s, long id, String sha, Optional<Verdict> verdict, String note)
      throws KysoException {
    Instant at = clock.get();
    return db.write(c -> {
      Store.Head head = s.lockHead(c);
      RegisterEntry old = s.entries().byId(c, id).map(EntryRow::toEntry).orElseThrow(() -> new InvalidEntryException(
          "The reserved entry " + id + " is missing from the register."));
      if (!(old instanceof OutgoingEntry o) || o.status() != EntryStatus.RESERVED) {
        throw new InvalidEntryException(old.ref() + " is no longer reserved (it is " + old.status() + "); the "
            + "issued file was not registered.");
      }
      OutgoingEntry updated = o.toBuilder().fileSha256(Optional.of(sha)).verdict(verdict)
          .status(EntryStatus.REGISTERED).build();
      s.appendChange(c, head, "STATUS", updated, at, note);
      return updated;
    });
  }

  /** Voids a reserved entry and forgets its issuance; does nothing to an entry no longer reserved. */
  private void voidEntry(Store s, long id, String why) throws KysoException {
    Instant at = clock.get();
    db.write(c -> {
      Store.Head head = s.lockHead(c);
      Optional<RegisterEntry> old = s.entries().byId(c, id).map(EntryRow::toEntry);
      if (old.isPresent() && old.get().status() == EntryStatus.RESERVED) {
        s.appendChange(c, head, "STATUS", ((OutgoingEntry) old.get()).withStatus(EntryStatus.VOID), at, why);
      }
      IssuanceTable.delete(c, s.org(), id);
      return null;
    });
  }

  private void voidQuietly(long id, String why) {
    try {
      voidEntry(store, id, why);
    } catch (KysoException | RuntimeException e) {
      // the reservation stays; recover() voids it once this process has ended
      LOG.warn("Could not void reserved entry {} yet: {}", id, e.getMessage());
    }
  }

  private void abandonQuietly(long id) {
    try {
      db.write(c -> IssuanceTable.claim(c, store.org(), id, OWNER, ""));
    } catch (KysoException | RuntimeException e) {
      LOG.warn("Could not hand issuance {} over to recovery: {}", id, e.getMessage());
    }
  }

  /**
   * Resolves the issuances whose process ended (same host: its process is gone; another host: older than
   * {@code staleAfter}; or handed over after a failed move), in every organisation of the database: a reserved
   * entry whose ready file exists is committed and its file moved into place; one without is voided; a committed
   * entry whose file was not moved yet is moved.
   *
   * @return the entries resolved, as they now stand
   */
  List<OutgoingEntry> recover() throws KysoException {
    List<IssuanceTable.Row> rows = db.read(IssuanceTable::all);
    List<OutgoingEntry> out = new ArrayList<>();
    for (IssuanceTable.Row row : rows) {
      if (!abandoned(row) || !db.write(c -> IssuanceTable.claim(c, row.org(), row.entryId(), row.owner(), OWNER))) {
        continue;
      }
      Store s = store.forOrganisation(row.org());
      try {
        resolve(s, row).ifPresent(out::add);
      } catch (KysoException | RuntimeException e) {
        LOG.warn("Could not resolve the interrupted issuance of entry {}: {}", row.entryId(), e.getMessage());
        db.write(c -> IssuanceTable.claim(c, row.org(), row.entryId(), OWNER, ""));
      }
    }
    return out;
  }

  private Optional<OutgoingEntry> resolve(Store s, IssuanceTable.Row row) throws KysoException {
    Path part = Path.of(row.partFile());
    Path ready = Path.of(row.readyFile());
    Path target = Path.of(row.target());
    Optional<RegisterEntry> found = db.read(c -> s.entries().byId(c, row.entryId()).map(EntryRow::toEntry));
    deleteQuietly(part);
    if (found.isEmpty() || !(found.get() instanceof OutgoingEntry e)) {
      deleteQuietly(ready);
      forget(s, row);
      return Optional.empty();
    }
    OutgoingEntry result = e;
    if (e.status() == EntryStatus.RESERVED) {
      if (Files.isRegularFile(ready)) {
        result = commit(s, e.id(), FileDigest.sha256(ready), e.verdict(),
            "issued; completed after the issuing process ended");
        AtomicOutput.move(ready, target);
      } else {
        voidEntry(s, e.id(), "the issuing process ended before the issued file was complete; the number is not "
            + "reused");
        return db.read(c -> s.entries().byId(c, e.id()).map(r -> (OutgoingEntry) r.toEntry()));
      }
    } else if (Files.isRegularFile(ready)) {
      if (e.status() != EntryStatus.VOID && e.fileSha256().equals(Optional.of(FileDigest.sha256(ready)))) {
        AtomicOutput.move(ready, target);
      } else {
        deleteQuietly(ready);
      }
    }
    forget(s, row);
    return Optional.of(result);
  }

  private void forget(Store s, IssuanceTable.Row row) throws KysoException {
    db.write(c -> {
      IssuanceTable.delete(c, s.org(), row.entryId());
      return null;
    });
  }

  private boolean abandoned(IssuanceTable.Row row) {
    if (row.owner().isEmpty()) {
      return true;
    }
    String[] p = row.owner().split("/", 3);
    if (p.length == 3 && p[0].equals(OWNER.split("/", 3)[0])) {
      try {
        long pid = Long.parseLong(p[1]);
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
          return true;
        }
        String start = startOf(h.get());
        // a pid reused by another process has another start time; an unknown start time counts as alive
        return !start.isEmpty() && !p[2].isEmpty() && !start.equals(p[2]);
      } catch (NumberFormatException e) {
        return true;
      }
    }
    // another host: its files are out of reach and it may still be working; give up on it only when stale
    return row.reservedAt().plus(staleAfter).isBefore(clock.get());
  }

  private static String currentOwner() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException | RuntimeException e) {
      host = "localhost";
    }
    ProcessHandle me = ProcessHandle.current();
    return host.replace('/', '_') + "/" + me.pid() + "/" + startOf(me);
  }

  private static String startOf(ProcessHandle h) {
    return h.info().startInstant().map(i -> String.valueOf(i.toEpochMilli())).orElse("");
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", p, e.getMessage());
    }
  }

  /** The failure on one line, for the journal (no stack trace, bounded). */
  private static String reason(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    m = m.replaceAll("\\s+", " ").strip();
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }
}
