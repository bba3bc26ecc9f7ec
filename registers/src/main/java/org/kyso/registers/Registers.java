package org.kyso.registers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.verify.Verdict;
import org.kyso.core.verify.Verifier;
import org.kyso.registers.internal.Fold;
import org.kyso.registers.internal.Hex;
import org.kyso.registers.internal.anchor.TimestampTokens;
import org.kyso.registers.internal.export.CsvExport;
import org.kyso.registers.internal.export.PdfBook;
import org.kyso.registers.internal.store.Database;
import org.kyso.registers.internal.store.EntryRow;
import org.kyso.registers.internal.store.JournalCheck;
import org.kyso.registers.internal.store.Migrations;
import org.kyso.registers.internal.store.RegisterFiles;
import org.kyso.registers.internal.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registers of outgoing and incoming documents of one organisation, kept in a SQLite file or a PostgreSQL
 * database. Thread-safe: one instance serves every thread of an application; several processes (or application
 * servers, with PostgreSQL) may write to the same database at once.
 *
 * <pre>{@code
 * try (Registers registers = Registers.open("so-van-ban.db")) {
 *   registers.initialise(new Organisation("UBND phường Điện Biên", "UBND"));
 *   OutgoingEntry e = registers.registerOutgoing(
 *       OutgoingDraft.builder(DocumentType.QUYET_DINH, "Về việc thành lập tổ công tác").signer("Nguyễn Văn An").build());
 *   e.notation();   // "01/QĐ-UBND"
 *   JournalVerification v = registers.verify();   // v.intact()
 * }
 * }</pre>
 *
 * <p>Guarantees: numbers run 1, 2, 3... per register, year and series, without gap or duplicate, whatever the
 * number of concurrent writers; a refused entry writes nothing and uses no number; every write is one journal
 * record chained by SHA-256 to the previous one, and {@link #verify()} detects any change made to the database
 * behind kyso's back.
 */
public final class Registers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Registers.class);

  private final Database db;
  private final Store store;
  private final Clock clock;
  private final ZoneId zone;
  private final ChainAnchor anchor;
  private final int anchorEvery;
  private final AtomicInteger sinceAnchor = new AtomicInteger();
  private final boolean ownsDatabase;

  private Registers(Builder b, Database db) {
    this(db, new Store(db.dialect(), b.organisation), b.clock, b.zone, b.anchor, b.anchorEvery, true);
  }

  private Registers(Database db, Store store, Clock clock, ZoneId zone, ChainAnchor anchor, int anchorEvery,
      boolean ownsDatabase) {
    this.db = db;
    this.store = store;
    this.clock = clock;
    this.zone = zone;
    this.anchor = anchor;
    this.anchorEvery = anchorEvery;
    this.ownsDatabase = ownsDatabase;
  }

  /**
   * The registers of another organisation in the same database, sharing this instance's connections: its own
   * series, counters, journal and hash chain; its search, export and verification never see another organisation's
   * entries. Valid while this instance is open; closing the returned one does nothing.
   *
   * @param id the organisation's id: lowercase letters, digits and '-', e.g. {@code phuong-dien-bien}; {@code ""}
   *     is the organisation of a single-organisation database
   */
  public Registers organisation(String id) {
    return new Registers(db, new Store(db.dialect(), checkOrganisationId(id)), clock, zone, anchor, anchorEvery, false);
  }

  /** The id of the organisation these registers belong to ({@code ""} in a single-organisation database). */
  public String organisationId() {
    return store.org();
  }

  static String checkOrganisationId(String id) {
    Objects.requireNonNull(id, "id");
    if (!id.isEmpty() && !id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("An organisation id is lowercase letters, digits and '-' (at most 63): "
          + id);
    }
    return id;
  }

  /**
   * Opens (creating it when missing) the registers at {@code database}: a SQLite file path, or a
   * {@code jdbc:postgresql://host:port/db?user=...&password=...} URL.
   */
  public static Registers open(String database) throws KysoException {
    return builder(database).build();
  }

  public static Builder builder(String database) {
    return new Builder(database);
  }

  /**
   * Sets the organisation that keeps the registers; needed once, before the first entry. Calling it again with the
   * same organisation does nothing.
   *
   * @throws InvalidEntryException if the registers already belong to another organisation
   */
  public Organisation initialise(Organisation organisation) throws KysoException {
    Objects.requireNonNull(organisation, "organisation");
    Instant now = now();
    return db.write(c -> {
      Store.Head head = store.lockHead(c);
      Optional<Organisation> existing = store.organisation(c);
      if (existing.isPresent()) {
        if (existing.get().equals(organisation)) {
          return organisation;
        }
        throw new InvalidEntryException("These registers already belong to " + existing.get().name() + " ("
            + existing.get().abbreviation() + "); use changeOrganisation to rename it.");
      }
      store.setOrganisation(c, organisation);
      store.append(c, head, "SETUP", null, now, "", Store.organisationState(organisation));
      return organisation;
    });
  }

  /**
   * Renames the organisation (e.g. after a merger); earlier entries keep the notation they were given. Journaled.
   *
   * @throws InvalidEntryException if the registers were never initialised or the reason is empty
   */
  public Organisation changeOrganisation(Organisation organisation, String reason) throws KysoException {
    Objects.requireNonNull(organisation, "organisation");
    String why = Fold.line(Objects.requireNonNull(reason, "reason"));
    if (why.isEmpty()) {
      throw new InvalidEntryException("Say why the organisation changes (the reason is kept in the journal).");
    }
    Instant now = now();
    return db.write(c -> {
      Store.Head head = store.lockHead(c);
      if (store.organisation(c).isEmpty()) {
        throw notInitialised();
      }
      store.setOrganisation(c, organisation);
      store.append(c, head, "SETUP", null, now, why, Store.organisationState(organisation));
      return organisation;
    });
  }

  /** The organisation, once initialised. */
  public Optional<Organisation> organisation() throws KysoException {
    return db.read(store::organisation);
  }

  /**
   * Registers an outgoing document: gives it the next number of its year and series, and its notation.
   *
   * @throws InvalidEntryException if a required field is missing, the date is in the future, or the registers were
   *     not initialised; nothing is written
   */
  public OutgoingEntry registerOutgoing(OutgoingDraft draft) throws KysoException {
    return registerOutgoing(draft, null);
  }

  /**
   * Registers an outgoing document and issues it in the same step: {@code issuance} receives the entry with its
   * number, notation and date, writes the issued (stamped and signed) file and returns its digest, which is
   * registered with the entry. If it throws, nothing is registered and the number is not used.
   */
  public OutgoingEntry registerOutgoing(OutgoingDraft draft, IssuanceStep issuance) throws KysoException {
    Objects.requireNonNull(draft, "draft");
    PreparedOutgoing p = prepare(draft, today());
    Instant now = now();
    OutgoingEntry result = db.write(c -> {
      Store.Head head = store.lockHead(c);
      Organisation org = store.organisation(c).orElseThrow(Registers::notInitialised);
      return insertOutgoing(c, head, org, p, issuance, now).entry();
    });
    afterWrite();
    return result;
  }

  /**
   * Registers several outgoing documents in one transaction (e.g. importing a paper register): all or none, with
   * consecutive numbers in the order given.
   *
   * @throws InvalidEntryException if any draft is bad (naming its position); nothing is written
   */
  public List<OutgoingEntry> registerOutgoing(List<OutgoingDraft> drafts) throws KysoException {
    Objects.requireNonNull(drafts, "drafts");
    LocalDate today = today();
    List<PreparedOutgoing> prepared = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      try {
        prepared.add(prepare(Objects.requireNonNull(drafts.get(i), "draft"), today));
      } catch (InvalidEntryException e) {
        throw new InvalidEntryException("Draft " + (i + 1) + " of " + drafts.size() + ": " + e.getMessage(), e);
      }
    }
    if (prepared.isEmpty()) {
      return List.of();
    }
    Instant now = now();
    List<OutgoingEntry> result = db.write(c -> {
      Store.Head head = store.lockHead(c);
      Organisation org = store.organisation(c).orElseThrow(Registers::notInitialised);
      List<OutgoingEntry> out = new ArrayList<>(prepared.size());
      for (PreparedOutgoing p : prepared) {
        Inserted<OutgoingEntry> ins = insertOutgoing(c, head, org, p, null, now);
        head = ins.head();
        out.add(ins.entry());
      }
      return out;
    });
    afterWrite();
    return result;
  }

  private record PreparedOutgoing(OutgoingDraft draft, DocumentType type, String summary, LocalDate date,
      Series series, String unit, Optional<String> sha) {}

  private record Inserted<T>(T entry, Store.Head head) {}

  private static PreparedOutgoing prepare(OutgoingDraft draft, LocalDate today) throws InvalidEntryException {
    DocumentType type = draft.type().orElseThrow(() -> new InvalidEntryException(
        "The document type is required (QĐ, TB, KH, BC, TTr, ..., or CV for a công văn)."));
    String summary = required(draft.summary(), "The summary (trích yếu) is required.");
    LocalDate date = draft.date().orElse(today);
    notInFuture(date, "issue date", today);
    Series series = draft.series().orElse(draft.confidentiality() == Confidentiality.NONE
        ? Series.ADMINISTRATIVE : Series.CONFIDENTIAL);
    if (series.isNormative() && !series.code().endsWith(":" + type.abbreviation())) {
      throw new InvalidEntryException("The series " + series + " numbers " + series.code().substring(
          series.code().indexOf(':') + 1) + " documents, not " + type.key() + ".");
    }
    if (draft.copies() < 0) {
      throw new InvalidEntryException("The number of copies cannot be negative.");
    }
    String unit = Fold.line(draft.unitAbbreviation());
    if (unit.contains("/") || unit.contains(" ")) {
      throw new InvalidEntryException("The unit abbreviation cannot contain '/' or spaces: " + unit);
    }
    return new PreparedOutgoing(draft, type, summary, date, series, unit, sha256Of(draft.fileSha256()));
  }

  private Inserted<OutgoingEntry> insertOutgoing(Connection c, Store.Head head, Organisation org, PreparedOutgoing p,
      IssuanceStep issuance, Instant now) throws SQLException, KysoException {
    OutgoingDraft draft = p.draft();
    LocalDate date = p.date();
    long number = store.nextNumber(c, "out", date.getYear(), p.series().code());
    long id = head.seq() + 1;
    String notation = notation(number, date.getYear(), p.series(), p.type(), org.abbreviation(), p.unit());
    OutgoingEntry entry = new OutgoingEntry(id, date.getYear(), p.series(), number, notation, org.abbreviation(),
        date, p.type(), p.summary(), Fold.line(draft.signer()), Fold.line(draft.recipients()),
        Fold.line(draft.filingUnit()), draft.copies(), draft.urgency(), draft.confidentiality(), p.sha(),
        draft.verdict(), EntryStatus.REGISTERED, now);
    if (issuance != null) {
      IssuedFile issued = issuance.issue(entry);
      entry = new OutgoingEntry(id, entry.year(), p.series(), number, notation, entry.issuer(), date, p.type(),
          p.summary(), entry.signer(), entry.recipients(), entry.filingUnit(), entry.copies(), entry.urgency(),
          entry.confidentiality(), sha256Of(Optional.of(issued.sha256())), issued.verdict().or(draft::verdict),
          EntryStatus.REGISTERED, now);
    }
    Store.Head after = insertNew(c, head, EntryRow.of(entry, id));
    return new Inserted<>(entry, after);
  }

  /**
   * Registers an incoming document: gives it the next arrival number (số đến) of its year and series.
   *
   * @throws InvalidEntryException if a required field is missing, a date is in the future, the document date is
   *     after the arrival date, or the registers were not initialised; nothing is written
   * @throws DuplicateEntryException if the same document (author, number and notation, year) is already registered
   */
  public IncomingEntry registerIncoming(IncomingDraft draft) throws KysoException {
    Objects.requireNonNull(draft, "draft");
    String author = required(draft.author(), "The author (tác giả: the issuing organisation) is required.");
    String code = required(draft.notation(), "The document's number and notation (e.g. 15/QĐ-UBND) is required.");
    String summary = required(draft.summary(), "The summary (trích yếu) is required.");
    LocalDate today = today();
    LocalDate arrival = draft.arrivalDate().orElse(today);
    notInFuture(arrival, "arrival date", today);
    if (draft.documentDate().isPresent()) {
      notInFuture(draft.documentDate().get(), "document date", today);
      if (draft.documentDate().get().isAfter(arrival)) {
        throw new InvalidEntryException("The document date " + draft.documentDate().get() + " is after its arrival "
            + "date " + arrival + "; check both dates.");
      }
    }
    DocumentType type = draft.type().orElse(DocumentType.fromNotation(code));
    Series series = draft.series().orElse(draft.confidentiality() == Confidentiality.NONE
        ? Series.ADMINISTRATIVE : Series.CONFIDENTIAL);
    Optional<String> sha = sha256Of(draft.fileSha256());
    Instant now = now();
    IncomingEntry result = db.write(c -> {
      Store.Head head = store.lockHead(c);
      store.organisation(c).orElseThrow(Registers::notInitialised);
      long number = store.nextNumber(c, "in", arrival.getYear(), series.code());
      long id = head.seq() + 1;
      IncomingEntry entry = new IncomingEntry(id, arrival.getYear(), series, number, arrival, author, code,
          draft.documentDate(), type, summary, Fold.line(draft.receiver()), draft.dueDate(), draft.trace(),
          draft.urgency(), draft.confidentiality(), sha, draft.verdict(), EntryStatus.REGISTERED, now);
      insertNew(c, head, EntryRow.of(entry, id));
      return entry;
    });
    afterWrite();
    return result;
  }

  /**
   * Registers a received file: its SHA-256 and the verdict of {@code verifier} on its signatures are recorded with
   * the draft's fields. A file the verifier cannot read as PDF or XML (a scan, an office document) is registered
   * without a verdict ({@link RegisterEntry#verdict()} empty).
   *
   * @throws org.kyso.core.FileAccessException if the file is missing or unreadable; nothing is written
   */
  public IncomingEntry registerIncoming(IncomingDraft draft, Path file, Verifier verifier) throws KysoException {
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(verifier, "verifier");
    IncomingDraft.Builder b = draft.toBuilder().fileSha256(sha256(file));
    try {
      b.verdict(verifier.verify(file).verdict());
    } catch (DocumentException e) {
      LOG.info("The signatures of {} could not be checked: {}", file.getFileName(), e.getMessage());
    }
    return registerIncoming(b.build());
  }

  private Store.Head insertNew(Connection c, Store.Head head, EntryRow row) throws SQLException, KysoException {
    Optional<EntryRow> same = store.byDedupKey(c, row.dedupKey());
    if (same.isPresent()) {
      EntryRow s = same.get();
      throw new DuplicateEntryException("The document " + s.notation() + " from " + s.issuer() + " is already "
          + "registered as " + s.label() + "; nothing was written.");
    }
    Store.Head after = store.append(c, head, "ENTRY", row.id(), Instant.parse(row.registeredAt()), "", row.state());
    store.insert(c, row);
    return after;
  }

  /**
   * Corrects descriptive fields of an entry. The entry keeps its number; the journal keeps the old values and
   * the reason.
   *
   * @throws InvalidEntryException if there is no such entry, the reason is empty, a field does not apply to this
   *     register, or the correction changes nothing
   */
  public RegisterEntry correct(EntryRef ref, Correction correction) throws KysoException {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(correction, "correction");
    String reason = required(correction.reason(), "Say why the entry is corrected (the reason is kept in the journal).");
    Instant now = now();
    return db.write(c -> {
      Store.Head head = store.lockHead(c);
      RegisterEntry old = store.byRef(c, ref).orElseThrow(() -> noSuchEntry(ref)).toEntry();
      RegisterEntry updated = applyCorrection(old, correction);
      if (updated.equals(old)) {
        throw new InvalidEntryException("The correction changes nothing in " + ref + ".");
      }
      Store.Head h = store.append(c, head, "CORRECTION", old.id(), now, reason, EntryRow.of(updated, 0).state());
      store.replace(c, EntryRow.of(updated, h.seq()));
      return updated;
    });
  }

  /**
   * Changes an entry's status (e.g. an outgoing document withdrawn, an incoming one handled). Journaled with the
   * note.
   *
   * @throws InvalidEntryException if there is no such entry or it already has this status
   */
  public RegisterEntry changeStatus(EntryRef ref, EntryStatus status, String note) throws KysoException {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(status, "status");
    String why = Fold.line(Objects.requireNonNull(note, "note"));
    Instant now = now();
    return db.write(c -> {
      Store.Head head = store.lockHead(c);
      RegisterEntry old = store.byRef(c, ref).orElseThrow(() -> noSuchEntry(ref)).toEntry();
      if (old.status() == status) {
        throw new InvalidEntryException(ref + " already has the status " + status + ".");
      }
      RegisterEntry updated = withStatus(old, status, null);
      Store.Head h = store.append(c, head, "STATUS", old.id(), now, why, EntryRow.of(updated, 0).state());
      store.replace(c, EntryRow.of(updated, h.seq()));
      return updated;
    });
  }

  /**
   * Adds a step to an incoming document's processing trace; a REGISTERED entry becomes IN_PROGRESS. Journaled.
   *
   * @throws InvalidEntryException if there is no such incoming entry
   */
  public IncomingEntry addProcessingStep(EntryRef ref, ProcessingStep step) throws KysoException {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(step, "step");
    if (ref.register() != RegisterKind.INCOMING) {
      throw new InvalidEntryException("Processing steps are kept for incoming documents only.");
    }
    Instant now = now();
    return db.write(c -> {
      Store.Head head = store.lockHead(c);
      IncomingEntry old = (IncomingEntry) store.byRef(c, ref).orElseThrow(() -> noSuchEntry(ref)).toEntry();
      EntryStatus status = old.status() == EntryStatus.REGISTERED ? EntryStatus.IN_PROGRESS : old.status();
      IncomingEntry updated = (IncomingEntry) withStatus(old, status, step);
      Store.Head h = store.append(c, head, "STATUS", old.id(), now, step.actor() + ": " + step.action(),
          EntryRow.of(updated, 0).state());
      store.replace(c, EntryRow.of(updated, h.seq()));
      return updated;
    });
  }

  public Optional<RegisterEntry> find(EntryRef ref) throws KysoException {
    Objects.requireNonNull(ref, "ref");
    return db.read(c -> store.byRef(c, ref).map(EntryRow::toEntry));
  }

  /** The journal records of an entry, oldest first (its registration, corrections and status changes). */
  public List<JournalRecord> history(EntryRef ref) throws KysoException {
    Objects.requireNonNull(ref, "ref");
    return db.read(c -> {
      Optional<EntryRow> row = store.byRef(c, ref);
      return row.isEmpty() ? List.<JournalRecord>of() : store.history(c, row.get().id());
    });
  }

  /** One page of the entries matching {@code query}; see {@link SearchQuery} for how text matches. */
  public Page<RegisterEntry> search(SearchQuery query) throws KysoException {
    Objects.requireNonNull(query, "query");
    int offset = (query.page() - 1) * query.pageSize();
    List<RegisterEntry> found = db.read(c -> store.search(c, query, offset, query.pageSize() + 1));
    boolean more = found.size() > query.pageSize();
    return new Page<>(more ? found.subList(0, query.pageSize()) : found, query.page(), query.pageSize(), more);
  }

  /**
   * Checks the whole database against its journal: the hash chain, every entry, the numbering, the anchors.
   * Runs on one consistent snapshot while writers go on.
   */
  public JournalVerification verify() throws KysoException {
    return db.read(c -> JournalCheck.run(c, store));
  }

  /**
   * Anchors the journal's head now with the configured {@link ChainAnchor}: obtains a timestamp over the head's
   * hash and appends it as an ANCHOR record.
   *
   * @return the ANCHOR record, or empty when the journal is empty or its head is already anchored
   * @throws IllegalStateException if no anchor was configured
   * @throws org.kyso.core.ServiceUnavailableException if the timestamp authority cannot be reached
   */
  public Optional<JournalRecord> anchorNow() throws KysoException {
    if (anchor == null) {
      throw new IllegalStateException("No chain anchor was configured (Registers.Builder.anchor).");
    }
    Store.Head head = db.read(store::head);
    if (head.seq() == 0) {
      return Optional.empty();
    }
    Optional<JournalRecord> last = db.read(c -> store.record(c, head.seq()));
    if (last.isPresent() && last.get().kind().equals("ANCHOR")) {
      return Optional.empty();
    }
    byte[] digest = Hex.unhex(head.hash());
    AnchorToken token = anchor.anchor(digest);
    TimestampTokens.Checked checked = TimestampTokens.check(token.token(), digest);
    String b64 = Base64.getEncoder().encodeToString(token.token());
    String time = checked.time().toString();
    Instant now = now();
    JournalRecord rec = db.write(c -> {
      Store.Head h = store.lockHead(c);
      String state = Store.anchorState(head.seq(), head.hash(), token.authority(), time, b64);
      Store.Head after = store.append(c, h, "ANCHOR", null, now, "", state);
      store.insertAnchor(c, after.seq(), head.seq(), head.hash(), token.authority(), time, b64);
      return store.record(c, after.seq()).orElseThrow();
    });
    sinceAnchor.set(0);
    return Optional.of(rec);
  }

  /**
   * Writes the entries matching {@code query} (all pages, in its order) as CSV: UTF-8 with a byte order mark so
   * that Excel reads Vietnamese correctly, RFC 4180 quoting, CRLF line ends. Written atomically.
   */
  public void exportCsv(SearchQuery query, Path out) throws KysoException {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(out, "out");
    CsvExport.write(out, sink -> db.read(c -> {
      store.forEach(c, query, 0, Integer.MAX_VALUE, r -> sink.accept(r.toEntry()));
      return null;
    }));
  }

  /**
   * Writes the printable register book of one register and year as PDF (A4 landscape, the columns of Decree 30
   * Appendix IV, an embedded Unicode font). Written atomically.
   */
  public void exportBook(RegisterKind register, int year, Path out) throws KysoException {
    Objects.requireNonNull(register, "register");
    Objects.requireNonNull(out, "out");
    Organisation org = organisation().orElseThrow(Registers::notInitialised);
    List<RegisterEntry> entries = new ArrayList<>();
    SearchQuery q = SearchQuery.builder().register(register).year(year).build();
    db.read(c -> {
      store.forEach(c, q, 0, Integer.MAX_VALUE, r -> entries.add(r.toEntry()));
      return null;
    });
    PdfBook.write(out, register, year, org, entries, clock.instant().atZone(zone).toLocalDate());
  }

  /**
   * The SHA-256 of a file, as 64 lowercase hex digits.
   *
   * @throws FileAccessException if it cannot be read
   */
  public static String sha256(Path file) throws KysoException {
    Objects.requireNonNull(file, "file");
    MessageDigest md = Hex.sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read.", e);
    }
    return Hex.hex(md.digest());
  }

  /** The database, for messages: a file path or a URL without credentials. */
  public String database() {
    return db.display();
  }

  @Override
  public void close() {
    if (ownsDatabase) {
      db.close();
    }
  }

  // --- helpers

  static String notation(long number, int year, Series series, DocumentType type, String org, String unit) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%02d", number)).append('/');
    if (series.isNormative()) {
      sb.append(year).append('/');
    }
    if (!type.isCongVan()) {
      sb.append(type.abbreviation()).append('-');
    }
    sb.append(org);
    if (!unit.isEmpty()) {
      sb.append('-').append(unit);
    }
    return sb.toString();
  }

  private static RegisterEntry applyCorrection(RegisterEntry old, Correction k) throws InvalidEntryException {
    Optional<String> sha = k.fileSha256().isPresent() ? sha256Of(k.fileSha256()) : old.fileSha256();
    Optional<Verdict> verdict = k.verdict().isPresent() ? k.verdict() : old.verdict();
    String summary = k.summary().map(Fold::line).orElse(old.summary());
    if (summary.isEmpty()) {
      throw new InvalidEntryException("The summary (trích yếu) cannot be made empty.");
    }
    Urgency u = k.urgency().orElse(old.urgency());
    Confidentiality conf = k.confidentiality().orElse(old.confidentiality());
    if (old instanceof OutgoingEntry o) {
      if (k.receiver().isPresent() || k.dueDate().isPresent()) {
        throw new InvalidEntryException("An outgoing entry has no receiver or due date; correct the incoming entry.");
      }
      int copies = k.copies().orElse(o.copies());
      if (copies < 0) {
        throw new InvalidEntryException("The number of copies cannot be negative.");
      }
      return new OutgoingEntry(o.id(), o.year(), o.series(), o.number(), o.notation(), o.issuer(), o.entryDate(),
          o.type(), summary, k.signer().map(Fold::line).orElse(o.signer()),
          k.recipients().map(Fold::line).orElse(o.recipients()), k.filingUnit().map(Fold::line).orElse(o.filingUnit()),
          copies, u, conf, sha, verdict, o.status(), o.registeredAt());
    }
    IncomingEntry i = (IncomingEntry) old;
    if (k.signer().isPresent() || k.recipients().isPresent() || k.filingUnit().isPresent() || k.copies().isPresent()) {
      throw new InvalidEntryException("An incoming entry has no signer, recipients, filing unit or copies.");
    }
    return new IncomingEntry(i.id(), i.year(), i.series(), i.number(), i.entryDate(), i.author(), i.notation(),
        i.documentDate(), i.type(), summary, k.receiver().map(Fold::line).orElse(i.receiver()),
        k.dueDate().isPresent() ? k.dueDate() : i.dueDate(), i.trace(), u, conf, sha, verdict, i.status(),
        i.registeredAt());
  }

  private static RegisterEntry withStatus(RegisterEntry old, EntryStatus status, ProcessingStep step) {
    if (old instanceof OutgoingEntry o) {
      return new OutgoingEntry(o.id(), o.year(), o.series(), o.number(), o.notation(), o.issuer(), o.entryDate(),
          o.type(), o.summary(), o.signer(), o.recipients(), o.filingUnit(), o.copies(), o.urgency(),
          o.confidentiality(), o.fileSha256(), o.verdict(), status, o.registeredAt());
    }
    IncomingEntry i = (IncomingEntry) old;
    List<ProcessingStep> trace = new ArrayList<>(i.trace());
    if (step != null) {
      trace.add(step);
    }
    return new IncomingEntry(i.id(), i.year(), i.series(), i.number(), i.entryDate(), i.author(), i.notation(),
        i.documentDate(), i.type(), i.summary(), i.receiver(), i.dueDate(), trace, i.urgency(), i.confidentiality(),
        i.fileSha256(), i.verdict(), status, i.registeredAt());
  }

  private static Optional<String> sha256Of(Optional<String> hex) throws InvalidEntryException {
    if (hex.isEmpty()) {
      return hex;
    }
    String h = hex.get().trim().toLowerCase(Locale.ROOT);
    if (!Hex.isSha256Hex(h)) {
      throw new InvalidEntryException("A file digest must be a SHA-256 value of 64 hex digits.");
    }
    return Optional.of(h);
  }

  private static String required(String value, String message) throws InvalidEntryException {
    String v = value == null ? "" : Fold.line(value);
    if (v.isEmpty()) {
      throw new InvalidEntryException(message);
    }
    return v;
  }

  private static void notInFuture(LocalDate d, String what, LocalDate today) throws InvalidEntryException {
    if (d.isAfter(today)) {
      throw new InvalidEntryException("The " + what + " " + d + " is in the future (today is " + today
          + "); a document is registered on or after its date.");
    }
  }

  private static InvalidEntryException notInitialised() {
    return new InvalidEntryException("The registers have not been set up: run 'kyso register init' (or "
        + "Registers.initialise) with the organisation's name and abbreviation first.");
  }

  private static InvalidEntryException noSuchEntry(EntryRef ref) {
    return new InvalidEntryException("There is no entry " + ref + " in the registers.");
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), zone);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private void afterWrite() {
    if (anchor == null || anchorEvery <= 0 || sinceAnchor.incrementAndGet() < anchorEvery) {
      return;
    }
    try {
      anchorNow();
    } catch (KysoException | RuntimeException e) {
      // the entry is registered; anchoring is retried after the next writes
      LOG.warn("Could not anchor the register journal: {}", e.getMessage());
    }
  }

  /** Builds {@link Registers}. */
  public static final class Builder {
    private final String database;
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
    private ChainAnchor anchor;
    private int anchorEvery;
    private int maxConnections = 4;
    private boolean mustExist;
    private String organisation = "";

    private Builder(String database) {
      this.database = Objects.requireNonNull(database, "database");
    }

    /** The clock for dates and record times (tests inject a fixed one). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The time zone that decides "today" and the year of a number; Asia/Ho_Chi_Minh by default. */
    public Builder zone(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
      return this;
    }

    /**
     * Anchors the journal head with {@code anchor} after every {@code everyRecords} registrations made through this
     * instance (0: only when {@link #anchorNow()} is called). A failing anchor is logged and retried later; it never
     * refuses a registration.
     */
    public Builder anchor(ChainAnchor anchor, int everyRecords) {
      this.anchor = Objects.requireNonNull(anchor, "anchor");
      if (everyRecords < 0) {
        throw new IllegalArgumentException("everyRecords cannot be negative.");
      }
      this.anchorEvery = everyRecords;
      return this;
    }

    /** Connections kept open to the database (default 4). */
    public Builder maxConnections(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("At least one connection is needed.");
      }
      this.maxConnections = n;
      return this;
    }

    /**
     * The organisation whose registers these are, in a database holding several (see {@link
     * Registers#organisation(String)}); {@code ""} (the default) for a single-organisation database.
     */
    public Builder organisation(String id) {
      this.organisation = checkOrganisationId(id);
      return this;
    }

    /** Refuse to create a SQLite file that does not exist yet (the command line does, except for init). */
    public Builder mustExist(boolean mustExist) {
      this.mustExist = mustExist;
      return this;
    }

    /**
     * Connects and brings the schema up to date (versioned migrations).
     *
     * @throws FileAccessException if the SQLite file is missing (with {@link #mustExist}) or cannot be opened
     * @throws org.kyso.core.ServiceUnavailableException if PostgreSQL cannot be reached
     */
    public Registers build() throws KysoException {
      Optional<Path> file = Database.sqliteFile(database);
      if (file.isPresent()) {
        Path f = file.get();
        if (mustExist && !Files.isRegularFile(f)) {
          throw new FileAccessException("The register database " + f + " does not exist; create it with "
              + "'kyso register init'.");
        }
        Path parent = f.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
          throw new FileAccessException("The folder " + parent + " of the register database does not exist.");
        }
        if (mustExist) {
          RegisterFiles.requireKysoRegister(f);
        }
      }
      Database db = Database.open(database, maxConnections);
      try {
        if (mustExist && file.isEmpty() && !Migrations.hasSchema(db)) {
          throw new DocumentException("The register database " + db.display() + " holds no kyso registers; create "
              + "them with 'kyso register init', or check the URL's currentSchema.");
        }
        Migrations.apply(db, clock);
        return new Registers(this, db);
      } catch (KysoException | RuntimeException e) {
        db.close();
        throw e;
      }
    }
  }
}
