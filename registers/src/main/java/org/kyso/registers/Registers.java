package org.kyso.registers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.verify.Verifier;
import org.kyso.registers.internal.FileDigest;
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
 * behind kyso's back. Issuing ({@link #registerOutgoing(OutgoingDraft, Path, IssuanceStep)}) signs outside the
 * write lock: an issued file reaches its target only with its entry, and a number reserved for a document that
 * was not issued becomes {@link EntryStatus#VOID}, never reused.
 *
 * <p>The rules an entry keeps are in {@code EntryRules}, the issuing steps and their recovery in {@code Issuance};
 * this class runs the transactions.
 */
public final class Registers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Registers.class);

  private final Database db;
  private final Store store;
  private final Settings settings;
  private final Clock clock;
  private final ZoneId zone;
  private final ChainAnchor anchor;
  private final int anchorEvery;
  private final AtomicInteger sinceAnchor = new AtomicInteger();
  private final boolean ownsDatabase;
  private final Issuance issuance;

  /** What a builder configured, shared by the registers of every organisation of one database. */
  private record Settings(Clock clock, ZoneId zone, ChainAnchor anchor, int anchorEvery, Duration staleIssuance,
      Consumer<String> issuanceHook) {}

  private Registers(Database db, Store store, Settings settings, boolean ownsDatabase) {
    this.db = db;
    this.store = store;
    this.settings = settings;
    this.clock = settings.clock();
    this.zone = settings.zone();
    this.anchor = settings.anchor();
    this.anchorEvery = settings.anchorEvery();
    this.ownsDatabase = ownsDatabase;
    this.issuance = new Issuance(db, store, this::now, settings.staleIssuance(), settings.issuanceHook());
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
    return new Registers(db, new Store(db.dialect(), checkOrganisationId(id)), settings, false);
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
        throw EntryRules.notInitialised();
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
    Objects.requireNonNull(draft, "draft");
    EntryRules.Outgoing p = EntryRules.outgoing(draft, today());
    Instant now = now();
    OutgoingEntry result = db.write(c -> {
      Store.Head head = store.lockHead(c);
      Organisation org = store.organisation(c).orElseThrow(EntryRules::notInitialised);
      OutgoingEntry e = p.entry(head.seq() + 1, store.nextNumber(c, "out", p.date().getYear(), p.series().code()),
          org, EntryStatus.REGISTERED, now);
      store.appendEntry(c, head, EntryRow.of(e, e.id()), "");
      return e;
    });
    afterWrite();
    return result;
  }

  /**
   * Registers an outgoing document and issues it: the number is reserved (a {@link EntryStatus#RESERVED} entry,
   * journaled, in one short transaction); {@code issuance} writes the issued (stamped and signed) file for that
   * number and date to a temporary file beside {@code issuedFile}, outside any transaction or lock, so a remote
   * signature may wait for approval without blocking other registrations; the entry is then committed with the
   * file's digest (status {@link EntryStatus#REGISTERED}) and the file moved to {@code issuedFile}.
   *
   * <p>If the issuance or the commit fails, the temporary file is deleted, nothing is written to {@code issuedFile},
   * and the number becomes {@link EntryStatus#VOID} with the reason in the journal: it is never given again, and
   * {@link #verify()} counts it as an explained number. A process that ends in between leaves a reservation that
   * the next {@link Builder#build()} (or {@link #recoverIssuances()}) resolves.
   *
   * @throws InvalidEntryException if the draft is bad or the registers were not initialised; nothing is written
   * @throws FileAccessException if the folder of {@code issuedFile} does not exist or cannot be written (checked
   *     before a number is reserved)
   * @throws KysoException what {@code issuance} threw; the number is then void
   */
  public OutgoingEntry registerOutgoing(OutgoingDraft draft, Path issuedFile, IssuanceStep issuance)
      throws KysoException {
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(issuedFile, "issuedFile");
    Objects.requireNonNull(issuance, "issuance");
    EntryRules.Outgoing p = EntryRules.outgoing(draft, today());
    OutgoingEntry result = this.issuance.run(p, issuedFile, issuance);
    afterWrite();
    return result;
  }

  /**
   * Resolves the issuances left unfinished by processes that ended (killed, crashed, a host gone for longer than
   * {@link Builder#staleIssuanceAfter}), in every organisation of this database: a reserved number whose issued file
   * was complete is committed and its file moved into place; one without becomes {@link EntryStatus#VOID} (the
   * journal says why); a committed entry whose file was not yet moved is moved. {@link Builder#build()} calls it;
   * issuances of live processes are left alone.
   *
   * @return the entries resolved, as they now stand
   */
  public List<OutgoingEntry> recoverIssuances() throws KysoException {
    return issuance.recover();
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
    List<EntryRules.Outgoing> prepared = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      try {
        prepared.add(EntryRules.outgoing(Objects.requireNonNull(drafts.get(i), "draft"), today));
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
      Organisation org = store.organisation(c).orElseThrow(EntryRules::notInitialised);
      List<OutgoingEntry> out = new ArrayList<>(prepared.size());
      for (EntryRules.Outgoing p : prepared) {
        OutgoingEntry e = p.entry(head.seq() + 1, store.nextNumber(c, "out", p.date().getYear(), p.series().code()),
            org, EntryStatus.REGISTERED, now);
        head = store.appendEntry(c, head, EntryRow.of(e, e.id()), "");
        out.add(e);
      }
      return out;
    });
    afterWrite();
    return result;
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
    EntryRules.Incoming p = EntryRules.incoming(draft, today());
    Instant now = now();
    IncomingEntry result = db.write(c -> {
      Store.Head head = store.lockHead(c);
      store.organisation(c).orElseThrow(EntryRules::notInitialised);
      IncomingEntry e = p.entry(head.seq() + 1, store.nextNumber(c, "in", p.arrival().getYear(), p.series().code()),
          now);
      store.appendEntry(c, head, EntryRow.of(e, e.id()), "");
      return e;
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
    String reason = EntryRules.required(correction.reason(),
        "Say why the entry is corrected (the reason is kept in the journal).");
    Instant now = now();
    return db.write(c -> {
      Store.Head head = store.lockHead(c);
      RegisterEntry old = store.entries().byRef(c, ref).orElseThrow(() -> EntryRules.noSuchEntry(ref)).toEntry();
      RegisterEntry updated = EntryRules.corrected(old, correction);
      if (updated.equals(old)) {
        throw new InvalidEntryException("The correction changes nothing in " + ref + ".");
      }
      store.appendChange(c, head, "CORRECTION", updated, now, reason);
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
      RegisterEntry old = store.entries().byRef(c, ref).orElseThrow(() -> EntryRules.noSuchEntry(ref)).toEntry();
      EntryRules.statusChange(old, status);
      RegisterEntry updated = old instanceof OutgoingEntry o ? o.withStatus(status)
          : ((IncomingEntry) old).withStatus(status);
      store.appendChange(c, head, "STATUS", updated, now, why);
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
      IncomingEntry old = (IncomingEntry) store.entries().byRef(c, ref).orElseThrow(() -> EntryRules.noSuchEntry(ref))
          .toEntry();
      IncomingEntry updated = EntryRules.withStep(old, step);
      store.appendChange(c, head, "STATUS", updated, now, step.actor() + ": " + step.action());
      return updated;
    });
  }

  public Optional<RegisterEntry> find(EntryRef ref) throws KysoException {
    Objects.requireNonNull(ref, "ref");
    return db.read(c -> store.entries().byRef(c, ref).map(EntryRow::toEntry));
  }

  /** The journal records of an entry, oldest first (its registration, corrections and status changes). */
  public List<JournalRecord> history(EntryRef ref) throws KysoException {
    Objects.requireNonNull(ref, "ref");
    return db.read(c -> {
      Optional<EntryRow> row = store.entries().byRef(c, ref);
      return row.isEmpty() ? List.<JournalRecord>of() : store.history(c, row.get().id());
    });
  }

  /** One page of the entries matching {@code query}; see {@link SearchQuery} for how text matches. */
  public Page<RegisterEntry> search(SearchQuery query) throws KysoException {
    Objects.requireNonNull(query, "query");
    int offset = (query.page() - 1) * query.pageSize();
    List<RegisterEntry> found = db.read(c -> store.entries().search(c, query, offset, query.pageSize() + 1));
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
      store.entries().forEach(c, query, 0, Integer.MAX_VALUE, r -> sink.accept(r.toEntry()));
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
    Organisation org = organisation().orElseThrow(EntryRules::notInitialised);
    List<RegisterEntry> entries = new ArrayList<>();
    SearchQuery q = SearchQuery.builder().register(register).year(year).build();
    db.read(c -> {
      store.entries().forEach(c, q, 0, Integer.MAX_VALUE, r -> entries.add(r.toEntry()));
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
    return FileDigest.sha256(file);
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
    private Duration staleIssuance = Duration.ofDays(1);
    private Consumer<String> issuanceHook = step -> { };

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

    /**
     * How long an issuance started on another host may stay unfinished before {@link Registers#recoverIssuances()}
     * gives up on it and voids its number (default one day). Issuances of this host are resolved as soon as their
     * process has ended.
     */
    public Builder staleIssuanceAfter(Duration d) {
      if (Objects.requireNonNull(d, "d").isNegative()) {
        throw new IllegalArgumentException("The duration cannot be negative.");
      }
      this.staleIssuance = d;
      return this;
    }

    /** Called with "reserved", "issued", "committed", "moved" as an issuance passes each step (crash tests). */
    Builder issuanceHook(Consumer<String> hook) {
      this.issuanceHook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** Refuse to create a SQLite file that does not exist yet (the command line does, except for init). */
    public Builder mustExist(boolean mustExist) {
      this.mustExist = mustExist;
      return this;
    }

    /**
     * Connects, brings the schema up to date (versioned migrations) and resolves the issuances left unfinished by
     * processes that ended ({@link Registers#recoverIssuances()}).
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
        Registers r = new Registers(db, new Store(db.dialect(), organisation),
            new Settings(clock, zone, anchor, anchorEvery, staleIssuance, issuanceHook), true);
        try {
          r.recoverIssuances();
        } catch (KysoException e) {
          // opening must not depend on it; the reservations stay and are resolved at a later opening
          LOG.warn("Could not resolve unfinished issuances: {}", e.getMessage());
        }
        return r;
      } catch (KysoException | RuntimeException e) {
        db.close();
        throw e;
      }
    }
  }
}
