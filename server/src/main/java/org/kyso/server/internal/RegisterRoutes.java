package org.kyso.server.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.kyso.core.KysoException;
import org.kyso.core.verify.Verdict;
import org.kyso.pdf.Decree30;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.SignatureImage;
import org.kyso.registers.DocumentType;
import org.kyso.registers.DuplicateEntryException;
import org.kyso.registers.EntryRef;
import org.kyso.registers.IncomingDraft;
import org.kyso.registers.IncomingEntry;
import org.kyso.registers.InvalidEntryException;
import org.kyso.registers.IssuedFile;
import org.kyso.registers.JournalVerification;
import org.kyso.registers.Organisation;
import org.kyso.registers.OutgoingDraft;
import org.kyso.registers.OutgoingEntry;
import org.kyso.registers.RegisterEntry;
import org.kyso.registers.RegisterKind;
import org.kyso.registers.Registers;
import org.kyso.registers.SearchQuery;
import org.kyso.registers.Series;
import org.kyso.registers.internal.view.EntryJson;
import org.kyso.server.ServerConfig;
import org.kyso.server.ServerConfig.ApiToken;
import org.kyso.server.ServerConfig.OrganisationConfig;
import org.kyso.server.ServerConfig.Scope;
import org.kyso.core.internal.json.Json;

/**
 * The registers of each organisation over HTTP, under {@code /v1/orgs/{org}/registers/}: outgoing registration
 * (with issuance: number and date stamped, the organisation's seal signature), incoming registration (with
 * verification), search, show, CSV and PDF book export, journal verification. One database for all organisations,
 * opened at the first register request; each organisation sees only its own entries.
 */
final class RegisterRoutes {
  private final ServerConfig config;
  private final Metrics metrics;
  private final Audit audit;
  private final Verification verification;
  private final Object lock = new Object();
  private volatile Registers database;
  private final Set<String> initialised = ConcurrentHashMap.newKeySet();

  RegisterRoutes(ServerConfig config, Metrics metrics, Audit audit, Verification verification) {
    this.config = config;
    this.metrics = metrics;
    this.audit = audit;
    this.verification = verification;
  }

  void close() {
    Registers r = database;
    if (r != null) {
      r.close();
    }
  }

  /** "ok", "not used yet" (SQLite file not opened yet) or why the database does not answer. */
  String check() {
    if (database == null && !config.database().startsWith("jdbc:")) {
      return "not used yet";
    }
    try {
      db().verify(); // a read of the default organisation's (usually empty) journal: the database answers
      return "ok";
    } catch (ApiException e) {
      return e.getMessage();
    } catch (KysoException e) {
      return "the register database does not answer: " + e.getMessage();
    }
  }

  private Registers db() throws ApiException {
    Registers r = database;
    if (r != null) {
      return r;
    }
    synchronized (lock) {
      if (database == null) {
        try {
          database = Registers.builder(config.database()).maxConnections(Math.max(4, config.verifyConcurrency() * 2))
              .build();
        } catch (KysoException e) {
          throw new ApiException(503, "database_unavailable", "The register database cannot be opened: "
              + e.getMessage());
        }
      }
      return database;
    }
  }

  private Registers registers(OrganisationConfig org) throws ApiException {
    Registers r = db().organisation(org.id());
    if (!initialised.contains(org.id())) {
      try {
        if (r.organisation().isEmpty()) {
          r.initialise(new Organisation(org.name(), org.abbreviation()));
        }
        initialised.add(org.id());
      } catch (KysoException e) {
        throw failure(e);
      }
    }
    return r;
  }

  Router.Answer route(Api api, Request request, String path, String method, Fields q, long deadline)
      throws ApiException {
    // /v1/orgs/{org}/registers/{what}...
    String[] p = path.split("/");
    if (p.length < 6 || !p[4].equals("registers")) {
      throw new ApiException(404, "not_found", "There is nothing at this address.");
    }
    String orgId = p[3];
    ApiToken token = api.authorise(request, Scope.REGISTER, Optional.of(orgId));
    OrganisationConfig org = config.organisations().get(orgId);
    if (org == null) {
      throw new ApiException(404, "unknown_organisation", "This service keeps no registers for " + orgId + ".");
    }
    Registers r = registers(org);
    String what = p[5];
    long start = System.nanoTime();
    String op = what + (p.length > 6 && (what.equals("out") || what.equals("in")) && method.equals("GET") ? ".show"
        : "");
    try {
      Router.Answer a = switch (what) {
        case "out" -> method.equals("POST") ? addOutgoing(api, token, org, r, request, deadline)
            : show(r, RegisterKind.OUTGOING, p, q);
        case "in" -> method.equals("POST") ? addIncoming(token, r, request, deadline) : show(r, RegisterKind.INCOMING,
            p, q);
        case "search" -> {
          Router.requireMethod(method, "GET");
          yield search(r, q);
        }
        case "export.csv" -> {
          Router.requireMethod(method, "GET");
          yield exportCsv(r, q);
        }
        case "export.pdf" -> {
          Router.requireMethod(method, "GET");
          yield exportBook(r, q);
        }
        case "verify" -> {
          Router.requireMethod(method, "GET");
          yield verify(r);
        }
        default -> throw new ApiException(404, "not_found", "There is nothing at this address.");
      };
      metrics.count("kyso_register_operations_total", "operation=\"" + op + "\",result=\"ok\"");
      metrics.observe("kyso_register_duration_seconds", "operation=\"" + op + "\"", (System.nanoTime() - start) / 1e9);
      return a;
    } catch (ApiException e) {
      metrics.count("kyso_register_operations_total", "operation=\"" + op + "\",result=\"" + e.code() + "\"");
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> jsonBody(Map<String, byte[]> parts, String name) throws ApiException {
    byte[] b = parts.get(name);
    if (b == null) {
      throw new ApiException(400, "bad_json", "The entry is missing: send it as JSON (the body, or the part entry).");
    }
    try {
      Object o = Json.parse(new String(b, StandardCharsets.UTF_8), Json.Numbers.DECIMAL);
      if (!(o instanceof Map)) {
        throw new IllegalArgumentException("The entry must be a JSON object.");
      }
      return (Map<String, Object>) o;
    } catch (Json.MalformedJson e) {
      throw new ApiException(400, "bad_json",
          "The body is not valid JSON (" + e.reason() + " at character " + e.offset() + ").");
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "bad_json", e.getMessage());
    }
  }

  private static Map<String, byte[]> parts(Request request, byte[] body, String jsonName) throws ApiException {
    Map<String, byte[]> parts = Uploads.parts(request, body);
    String type = request.getHeaders().get("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
      // a plain JSON body is the entry itself
      Map<String, byte[]> m = new LinkedHashMap<>();
      m.put(jsonName, body);
      return m;
    }
    return parts;
  }

  private static String str(Map<String, Object> m, String k) {
    Object v = m.get(k);
    return v == null ? null : String.valueOf(v);
  }

  private static LocalDate date(Map<String, Object> m, String k) throws ApiException {
    String v = str(m, k);
    try {
      return v == null ? null : LocalDate.parse(v);
    } catch (java.time.format.DateTimeParseException e) {
      throw new ApiException(400, "bad_parameter", k + " is a date YYYY-MM-DD, e.g. 2026-03-05.");
    }
  }

  private Router.Answer addOutgoing(Api api, ApiToken token, OrganisationConfig org, Registers r, Request request,
      long deadline) throws ApiException {
    byte[] body = Uploads.body(request, config.maxUploadBytes(), deadline);
    Map<String, byte[]> parts = parts(request, body, "entry");
    Map<String, Object> e = jsonBody(parts, "entry");
    byte[] file = parts.get("file");
    OutgoingDraft draft;
    try {
      OutgoingDraft.Builder b = OutgoingDraft.builder();
      if (str(e, "type") != null) {
        b.type(DocumentType.parse(str(e, "type")));
      }
      Optional.ofNullable(str(e, "summary")).ifPresent(b::summary);
      Optional.ofNullable(str(e, "signer")).ifPresent(b::signer);
      Optional.ofNullable(str(e, "recipients")).ifPresent(b::recipients);
      Optional.ofNullable(str(e, "filingUnit")).ifPresent(b::filingUnit);
      Optional.ofNullable(str(e, "unit")).ifPresent(b::unitAbbreviation);
      Optional.ofNullable(str(e, "series")).map(Series::new).ifPresent(b::series);
      Optional.ofNullable(date(e, "date")).ifPresent(b::date);
      draft = b.build();
    } catch (IllegalArgumentException x) {
      throw new ApiException(400, "bad_entry", x.getMessage());
    } catch (KysoException x) {
      throw failure(x);
    }
    String digest = file == null ? null : Api.sha256(file);
    try {
      Map<String, Object> out = new LinkedHashMap<>();
      OutgoingEntry entry;
      if (file == null) {
        entry = r.registerOutgoing(draft);
      } else {
        // issuance: what can be checked is checked before a number is taken (the seal is configured, the PDF is
        // signable with the number and date fields found, the certificate can sign; the key is not used), so a bad
        // upload uses no number. Then the number is reserved, the PDF stamped and sealed outside the register's
        // lock, and the entry committed; if signing fails after the reservation the number is void (journaled
        // with the reason), never given again.
        if (org.sealImage().isEmpty()) {
          throw new org.kyso.core.DocumentException("Issuance needs the organisation's sealImage in the service "
              + "configuration.");
        }
        SignatureImage seal = SignatureImage.png(org.sealImage().get());
        org.kyso.core.SigningKey key;
        try {
          key = api.key(org);
        } catch (ApiException x) {
          throw new org.kyso.core.ServiceUnavailableException(x.getMessage());
        }
        PdfSigner.Builder preflight = PdfSigner.builder(key).appearance(Decree30.issuance("01/PREFLIGHT",
            draft.date().orElse(LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh"))), seal)).reason("Ban hành");
        // the preflight's status check keeps the CA's answer for the signature itself (and later requests)
        config.revocationCache().ifPresent(preflight::revocationCache);
        preflight.build().prepare(file);
        AtomicReference<byte[]> issued = new AtomicReference<>();
        entry = issueInScratch(r, draft, (allocated, pdf) -> {
          PdfSigner.Builder issuing = PdfSigner.builder(key).appearance(Decree30.issuance(allocated.notation(),
              allocated.date(), seal)).reason("Ban hành");
          config.revocationCache().ifPresent(issuing::revocationCache);
          byte[] signed = issuing.build().sign(file);
          try {
            Files.write(pdf, signed);
          } catch (IOException x) {
            throw new org.kyso.core.FileAccessException("The server cannot write the issued document.", x);
          }
          issued.set(signed);
          return new IssuedFile(Api.sha256(signed), Optional.of(Verdict.TOTAL_PASSED));
        });
        out.put("issuedPdf", Base64.getEncoder().encodeToString(issued.get()));
      }
      out.put("entry", EntryJson.of(entry));
      audit.write(token, "register.out", digest, "ok", entry.fileSha256().orElse(null));
      return Router.Answer.json(201, out);
    } catch (KysoException x) {
      ApiException a = failure(x);
      audit.write(token, "register.out", digest, a.code(), null);
      throw a;
    }
  }

  /**
   * Issues into a scratch folder of the server (the register moves the issued file there once its entry is
   * committed; the answer carries its bytes), removed afterwards.
   */
  private static OutgoingEntry issueInScratch(Registers r, OutgoingDraft draft,
      org.kyso.registers.IssuanceStep step) throws KysoException {
    Path scratch;
    try {
      scratch = Files.createTempDirectory("kyso-issue");
    } catch (IOException x) {
      throw new org.kyso.core.FileAccessException("The server cannot create a scratch folder for issuing.", x);
    }
    try {
      return r.registerOutgoing(draft, scratch.resolve("issued.pdf"), step);
    } finally {
      try (var files = Files.list(scratch)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
        Files.deleteIfExists(scratch);
      } catch (IOException x) {
        // a scratch file left in the temporary folder holds nothing the answer does not carry
      }
    }
  }

  private Router.Answer addIncoming(ApiToken token, Registers r, Request request, long deadline)
      throws ApiException {
    byte[] body = Uploads.body(request, config.maxUploadBytes(), deadline);
    Map<String, byte[]> parts = parts(request, body, "entry");
    Map<String, Object> e = jsonBody(parts, "entry");
    byte[] file = parts.get("file");
    IncomingDraft.Builder b = IncomingDraft.builder();
    try {
      Optional.ofNullable(str(e, "author")).ifPresent(b::author);
      Optional.ofNullable(str(e, "code")).or(() -> Optional.ofNullable(str(e, "notation"))).ifPresent(b::notation);
      Optional.ofNullable(str(e, "summary")).ifPresent(b::summary);
      Optional.ofNullable(str(e, "receiver")).ifPresent(b::receiver);
      Optional.ofNullable(date(e, "documentDate")).ifPresent(b::documentDate);
      Optional.ofNullable(date(e, "arrivalDate")).ifPresent(b::arrivalDate);
      Optional.ofNullable(date(e, "dueDate")).ifPresent(b::dueDate);
      if (str(e, "type") != null) {
        b.type(DocumentType.parse(str(e, "type")));
      }
    } catch (IllegalArgumentException x) {
      throw new ApiException(400, "bad_entry", x.getMessage());
    } catch (KysoException x) {
      throw failure(x);
    }
    String digest = null;
    Map<String, Object> out = new LinkedHashMap<>();
    if (file != null) {
      digest = Api.sha256(file);
      b.fileSha256(digest);
      Verification.Outcome o = verification.verify(List.of(new Uploads.Upload("document", file))).get(0);
      if (o.report() != null) {
        b.verdict(o.report().verdict());
        out.put("verification", Json.parse(Verification.json(List.of(o)), Json.Numbers.DECIMAL));
      }
    }
    try {
      IncomingEntry entry = r.registerIncoming(b.build());
      out.put("entry", EntryJson.of(entry));
      audit.write(token, "register.in", digest, "ok", null);
      return Router.Answer.json(201, out);
    } catch (KysoException | IllegalArgumentException x) {
      ApiException a = x instanceof KysoException k ? failure(k) : new ApiException(400, "bad_entry", x.getMessage());
      audit.write(token, "register.in", digest, a.code(), null);
      throw a;
    }
  }

  private Router.Answer show(Registers r, RegisterKind kind, String[] p, Fields q) throws ApiException {
    // /v1/orgs/{org}/registers/{out|in}/{year}/{number}[?series=]
    if (p.length != 8) {
      throw new ApiException(404, "not_found", "Show an entry at .../registers/" + kind.code() + "/YEAR/NUMBER.");
    }
    try {
      int year = Integer.parseInt(p[6]);
      long number = Long.parseLong(p[7]);
      Series series = q.getValue("series") == null ? Series.ADMINISTRATIVE : new Series(q.getValue("series"));
      EntryRef ref = new EntryRef(kind, year, series, number);
      RegisterEntry e = r.find(ref).orElseThrow(() -> new ApiException(404, "no_such_entry",
          "There is no entry " + number + " of " + year + " in this register."));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("entry", EntryJson.of(e));
      List<Object> history = new ArrayList<>();
      for (var rec : r.history(ref)) {
        history.add(EntryJson.of(rec));
      }
      m.put("history", history);
      return Router.Answer.json(200, m);
    } catch (NumberFormatException e) {
      throw new ApiException(400, "bad_parameter", "The year and number are whole numbers.");
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "bad_parameter", e.getMessage());
    } catch (KysoException e) {
      throw failure(e);
    }
  }

  private static SearchQuery query(Fields q, int defaultPageSize) throws ApiException {
    try {
      SearchQuery.Builder b = SearchQuery.builder();
      if (q.getValue("register") != null) {
        b.register(RegisterKind.parse(q.getValue("register")));
      }
      if (q.getValue("year") != null) {
        b.year(Integer.parseInt(q.getValue("year")));
      }
      Optional.ofNullable(q.getValue("text")).ifPresent(b::text);
      Optional.ofNullable(q.getValue("summary")).ifPresent(b::summary);
      Optional.ofNullable(q.getValue("party")).ifPresent(b::party);
      Optional.ofNullable(q.getValue("notation")).ifPresent(b::notation);
      if (q.getValue("from") != null) {
        b.from(LocalDate.parse(q.getValue("from")));
      }
      if (q.getValue("to") != null) {
        b.to(LocalDate.parse(q.getValue("to")));
      }
      b.pageSize(q.getValue("pageSize") == null ? defaultPageSize : Integer.parseInt(q.getValue("pageSize")));
      if (q.getValue("page") != null) {
        b.page(Integer.parseInt(q.getValue("page")));
      }
      return b.build();
    } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
      throw new ApiException(400, "bad_parameter", "year, page and pageSize are whole numbers, from and to dates "
          + "YYYY-MM-DD.");
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "bad_parameter", e.getMessage());
    } catch (KysoException e) {
      throw failure(e);
    }
  }

  private Router.Answer search(Registers r, Fields q) throws ApiException {
    try {
      var page = r.search(query(q, 50));
      Map<String, Object> m = new LinkedHashMap<>();
      List<Object> items = new ArrayList<>();
      for (RegisterEntry e : page.items()) {
        items.add(EntryJson.of(e));
      }
      m.put("entries", items);
      m.put("page", page.page());
      m.put("pageSize", page.pageSize());
      m.put("hasNext", page.hasNext());
      return Router.Answer.json(200, m);
    } catch (KysoException e) {
      throw failure(e);
    }
  }

  private Router.Answer exportCsv(Registers r, Fields q) throws ApiException {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("kyso-export", ".csv");
      r.exportCsv(query(q, 100), tmp);
      return new Router.Answer(200, "text/csv; charset=utf-8", Files.readAllBytes(tmp),
          Map.of("Content-Disposition", "attachment; filename=\"so-van-ban.csv\""));
    } catch (KysoException e) {
      throw failure(e);
    } catch (IOException e) {
      throw new ApiException(500, "internal_error", "The export could not be written.");
    } finally {
      deleteQuietly(tmp);
    }
  }

  private Router.Answer exportBook(Registers r, Fields q) throws ApiException {
    Path tmp = null;
    try {
      RegisterKind kind = RegisterKind.parse(q.getValue("register") == null ? "out" : q.getValue("register"));
      int year = q.getValue("year") == null ? LocalDate.now().getYear() : Integer.parseInt(q.getValue("year"));
      tmp = Files.createTempFile("kyso-book", ".pdf");
      r.exportBook(kind, year, tmp);
      return new Router.Answer(200, "application/pdf", Files.readAllBytes(tmp),
          Map.of("Content-Disposition", "attachment; filename=\"so-" + kind.code() + "-" + year + ".pdf\""));
    } catch (KysoException e) {
      throw failure(e);
    } catch (NumberFormatException e) {
      throw new ApiException(400, "bad_parameter", "year is a whole number.");
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "bad_parameter", e.getMessage());
    } catch (IOException e) {
      throw new ApiException(500, "internal_error", "The export could not be written.");
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a temporary file left in the temporary folder
      }
    }
  }

  private Router.Answer verify(Registers r) throws ApiException {
    try {
      JournalVerification v = r.verify();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("intact", v.intact());
      m.put("records", v.records());
      m.put("entries", v.entries());
      m.put("anchors", v.anchors());
      m.put("problems", v.problems());
      return Router.Answer.json(200, m);
    } catch (KysoException e) {
      throw failure(e);
    }
  }

  static ApiException failure(KysoException e) {
    if (e instanceof DuplicateEntryException) {
      return new ApiException(409, "duplicate", e.getMessage());
    }
    if (e instanceof InvalidEntryException) {
      return new ApiException(400, "bad_entry", e.getMessage());
    }
    if (e instanceof org.kyso.core.ServiceUnavailableException) {
      return new ApiException(503, "service_unavailable", e.getMessage());
    }
    return Api.failure(e);
  }
}
