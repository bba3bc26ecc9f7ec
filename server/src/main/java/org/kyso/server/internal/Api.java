package org.kyso.server.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.kyso.core.DocumentException;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.PinSource;
import org.kyso.core.PreparedSignature;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.pdf.Appearance;
import org.kyso.pdf.CopyForm;
import org.kyso.pdf.Decree30;
import org.kyso.pdf.PdfSigner;
import org.kyso.pdf.SignatureImage;
import org.kyso.server.ServerConfig;
import org.kyso.server.ServerConfig.ApiToken;
import org.kyso.server.ServerConfig.OrganisationConfig;
import org.kyso.server.ServerConfig.Scope;
import org.kyso.token.KeyOptions;
import org.kyso.token.Keys;
import org.kyso.token.remote.RemoteKey;
import org.kyso.token.remote.RemoteSigning;
import org.kyso.token.remote.TransactionStore;
import org.kyso.xml.Packaging;
import org.kyso.xml.XmlFormat;
import org.kyso.xml.XmlProfile;
import org.kyso.xml.XmlSigner;
import org.kyso.core.internal.json.Json;

/**
 * The routes that need an API token: signing with an organisation's key held by the server, two-step signing for
 * keys held elsewhere, and the registers (see {@link RegisterRoutes}). Every signature and registration is written
 * to the audit log.
 */
public final class Api {
  private final ServerConfig config;
  private final Metrics metrics;
  private final Audit audit;
  private final RegisterRoutes registers;
  private final Verification verification;
  private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();
  private final Jobs jobs;

  private Api(ServerConfig config, Metrics metrics, Verification verification) {
    this.config = config;
    this.metrics = metrics;
    this.verification = verification;
    this.audit = new Audit(config.auditLog());
    this.registers = new RegisterRoutes(config, metrics, audit, verification);
    this.jobs = new Jobs(config, java.time.Clock.systemUTC());
  }

  public static Api create(ServerConfig config, Metrics metrics, Verification verification) {
    Api api = new Api(config, metrics, verification);
    if (!config.remoteKeys().isEmpty()) {
      // without remote keys there are no jobs: the database is not even opened (verification keeps nothing)
      api.jobs.start(api::runJob);
    }
    return api;
  }

  public void close() {
    jobs.close();
    for (SigningKey k : keys.values()) {
      try {
        k.close();
      } catch (RuntimeException ignored) {
        // closing at shutdown: nothing more to do
      }
    }
    keys.clear();
    registers.close();
  }

  /** Ready when the register database answers and every configured key opens. */
  public Router.Answer readiness() {
    Map<String, Object> checks = new LinkedHashMap<>();
    boolean ready = true;
    checks.put("verification", "ok");
    String db = registers.check();
    checks.put("database", db);
    ready &= db.equals("ok") || db.equals("not used yet");
    if (!config.remoteKeys().isEmpty()) {
      String j = jobs.check();
      checks.put("jobs", j);
      ready &= j.equals("ok");
    }
    for (OrganisationConfig o : config.organisations().values()) {
      if (o.key().isPresent()) {
        try {
          key(o);
          checks.put("key:" + o.id(), "ok");
        } catch (ApiException e) {
          checks.put("key:" + o.id(), e.getMessage());
          ready = false;
        }
      }
    }
    return Router.Answer.json(ready ? 200 : 503, Map.of("status", ready ? "ready" : "not ready", "checks", checks));
  }

  /** The token of the request, with the scope asked; 401 without a known token, 403 without the scope. */
  ApiToken authorise(Request request, Scope scope, Optional<String> organisation) throws ApiException {
    String h = request.getHeaders().get("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7) || h.length() < 8) {
      throw new ApiException(401, "unauthorized", "This address needs an API token: send Authorization: Bearer TOKEN.");
    }
    byte[] hash = HexFormat.of().parseHex(ServerConfig.hashToken(h.substring(7).trim()));
    ApiToken found = null;
    for (ApiToken t : config.tokens()) {
      // compare every token in constant time, so the time taken says nothing about near matches
      if (MessageDigest.isEqual(hash, HexFormat.of().parseHex(t.sha256()))) {
        found = t;
      }
    }
    if (found == null) {
      throw new ApiException(401, "unauthorized", "The API token is not known to this service.");
    }
    if (!found.scopes().contains(scope)) {
      throw new ApiException(403, "forbidden", "This API token may not " + scope.name().toLowerCase(Locale.ROOT)
          + "; ask for a token with that scope.");
    }
    if (organisation.isPresent() && !organisation.get().equals(found.organisation())) {
      throw new ApiException(403, "forbidden", "This API token belongs to another organisation.");
    }
    return found;
  }

  public Router.Answer route(Request request, String path, String method, Fields q, long deadline)
      throws ApiException {
    if (path.startsWith("/v1/orgs/")) {
      return registers.route(this, request, path, method, q, deadline);
    }
    if (path.startsWith("/v1/jobs/")) {
      return jobRoute(request, path, method, q, deadline);
    }
    switch (path) {
      case "/v1/sign/pdf", "/v1/sign/xml", "/v1/sign/pdf/prepare", "/v1/sign/pdf/complete", "/v1/sign/xml/prepare",
          "/v1/sign/xml/complete" -> {
        Router.requireMethod(method, "POST");
        ApiToken t = authorise(request, Scope.SIGN, Optional.ofNullable(q.getValue("org")));
        OrganisationConfig org = config.organisations().get(t.organisation());
        byte[] body = Uploads.body(request, config.maxUploadBytes(), deadline);
        Map<String, byte[]> parts = Uploads.parts(request, body);
        byte[] doc = parts.get("file");
        if (doc == null || doc.length == 0) {
          throw new ApiException(400, "no_file", "The request holds no document: send it as the part named file.");
        }
        long start = System.nanoTime();
        String digest = sha256(doc);
        String action = path.substring("/v1/".length()).replace('/', '.');
        try {
          Router.Answer a = switch (path) {
            case "/v1/sign/pdf" -> signPdf(org, doc, q);
            case "/v1/sign/xml" -> signXml(org, doc, q);
            case "/v1/sign/pdf/prepare" -> preparePdf(doc, parts, q);
            case "/v1/sign/xml/prepare" -> prepareXml(doc, parts, q);
            case "/v1/sign/xml/complete" -> completeXml(doc, parts, q);
            default -> completePdf(doc, parts, q);
          };
          audit.write(t, action, digest, "ok", a.headers().get("X-Kyso-Output-SHA256"));
          metrics.count("kyso_signatures_total", "operation=\"" + action + "\",result=\"ok\"");
          metrics.observe("kyso_signing_duration_seconds", "operation=\"" + action + "\"",
              (System.nanoTime() - start) / 1e9);
          return a;
        } catch (ApiException e) {
          audit.write(t, action, digest, e.code(), null);
          metrics.count("kyso_signatures_total", "operation=\"" + action + "\",result=\"" + e.code() + "\"");
          throw e;
        }
      }
      default -> throw new ApiException(404, "not_found", "There is nothing at this address.");
    }
  }

  private Router.Answer signPdf(OrganisationConfig org, byte[] pdf, Fields q) throws ApiException {
    SigningKey key = key(org);
    try {
      return document(pdfSigner(key, org, q).build().sign(pdf), "application/pdf");
    } catch (KysoException e) {
      throw failure(e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ApiException(400, "bad_parameter", e.getMessage());
    }
  }

  /** The PDF signer of the request's parameters (level, profile, reason, location) with the service's TSA. */
  private PdfSigner.Builder pdfSigner(SigningKey key, OrganisationConfig org, Fields q)
      throws ApiException, KysoException {
    PdfSigner.Builder b = PdfSigner.builder(key).level(level(q)).appearance(appearance(org, q))
        .trust(verification.trust());
    timestamps().ifPresent(b::timestamps);
    config.revocationCache().ifPresent(b::revocationCache);
    Optional.ofNullable(q.getValue("reason")).ifPresent(b::reason);
    Optional.ofNullable(q.getValue("location")).ifPresent(b::location);
    return b;
  }

  private Router.Answer signXml(OrganisationConfig org, byte[] xml, Fields q) throws ApiException {
    SigningKey key = key(org);
    try {
      return document(xmlSigner(key, q).build().sign(xml), "application/xml");
    } catch (KysoException e) {
      throw failure(e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ApiException(400, "bad_parameter", e.getMessage());
    }
  }

  /** The XML signer of the request's parameters (level, profile, format, packaging, reference, parent). */
  private XmlSigner.Builder xmlSigner(SigningKey key, Fields q) throws ApiException {
    XmlSigner.Builder b = XmlSigner.builder(key).level(level(q)).trust(verification.trust());
    timestamps().ifPresent(b::timestamps);
    // the pre-signing status check of every request reads the answers kept by the earlier ones while valid
    config.revocationCache().ifPresent(b::revocationCache);
    {
      if (q.getValue("profile") != null) {
        b.profile(XmlProfile.parse(q.getValue("profile")));
      }
      if (q.getValue("format") != null) {
        b.format(XmlFormat.parse(q.getValue("format")));
      }
      if (q.getValue("packaging") != null) {
        b.packaging(Packaging.parse(q.getValue("packaging")));
      }
      if (q.getValue("reference-id") != null) {
        b.referenceId(q.getValue("reference-id"));
      }
      if (q.getValue("parent-xpath") != null) {
        b.parentXPath(q.getValue("parent-xpath"));
      }
      return b;
    }
  }

  /**
   * First step for a key the server does not hold: the signer's certificate chain (PEM, part {@code certificate})
   * and the document; answers the digest to sign and a transaction that carries the frozen values. Nothing is kept:
   * the client sends the document, chain and transaction again with the signature value.
   */
  private Router.Answer preparePdf(byte[] pdf, Map<String, byte[]> parts, Fields q) throws ApiException {
    List<X509Certificate> chain = chain(parts);
    try {
      PdfSigner signer = twoStepSigner(chain, q);
      PreparedSignature p = signer.prepare(pdf);
      return prepared(p, pdf, "pdf");
    } catch (KysoException e) {
      throw failure(e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ApiException(400, "bad_parameter", e.getMessage());
    }
  }

  private Router.Answer completePdf(byte[] pdf, Map<String, byte[]> parts, Fields q) throws ApiException {
    List<X509Certificate> chain = chain(parts);
    String tx = text(parts, "transaction");
    String value = text(parts, "signatureValue");
    try {
      Map<String, Object> t = readTransaction(tx);
      if (t.get("kind") != null && !"pdf".equals(t.get("kind"))) {
        throw new ApiException(400, "bad_transaction", "This transaction was prepared for another document type.");
      }
      PreparedSignature p = preparedFor(t, pdf);
      PdfSigner signer = twoStepSigner(chain, q).newBuilder().clock(java.time.Clock.fixed(p.signingTime(),
          ZoneOffset.UTC)).build();
      return document(signer.complete(pdf, p, Base64.getDecoder().decode(value.trim())), "application/pdf");
    } catch (KysoException e) {
      throw failure(e);
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException | NullPointerException
        | java.time.format.DateTimeParseException e) {
      throw new ApiException(400, "bad_transaction", "The transaction or the signature value cannot be read.");
    }
  }

  /**
   * XML's first step: as {@link #preparePdf}, with the XML signer's parameters (profile, format, packaging...). The
   * signer object only knows the chain; the transaction carries the digest, algorithm and signing time.
   */
  private Router.Answer prepareXml(byte[] xml, Map<String, byte[]> parts, Fields q) throws ApiException {
    List<X509Certificate> chain = chain(parts);
    try (SigningKey elsewhere = new CertificateOnlyKey(chain)) {
      PreparedSignature p = xmlSigner(elsewhere, q).build().prepare(xml);
      return prepared(p, xml, "xml");
    } catch (KysoException e) {
      throw failure(e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ApiException(400, "bad_parameter", e.getMessage());
    }
  }

  private Router.Answer completeXml(byte[] xml, Map<String, byte[]> parts, Fields q) throws ApiException {
    List<X509Certificate> chain = chain(parts);
    String tx = text(parts, "transaction");
    String value = text(parts, "signatureValue");
    try (SigningKey elsewhere = new CertificateOnlyKey(chain)) {
      Map<String, Object> t = readTransaction(tx);
      if (!"xml".equals(t.get("kind"))) {
        throw new ApiException(400, "bad_transaction", "This transaction was prepared for another document type.");
      }
      PreparedSignature p = preparedFor(t, xml);
      XmlSigner signer = xmlSigner(elsewhere, q).clock(java.time.Clock.fixed(p.signingTime(), ZoneOffset.UTC))
          .build();
      return document(signer.complete(xml, p, Base64.getDecoder().decode(value.trim())), "application/xml");
    } catch (KysoException e) {
      throw failure(e);
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException | NullPointerException
        | java.time.format.DateTimeParseException e) {
      throw new ApiException(400, "bad_transaction", "The transaction or the signature value cannot be read, or the "
          + "signature value does not fit it.");
    }
  }

  /** The first step's answer: the transaction to send back, and what the key holder signs. */
  private static Router.Answer prepared(PreparedSignature p, byte[] document, String kind) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("transaction", transaction(p, document, kind));
    m.put("digest", Base64.getEncoder().encodeToString(p.digest()));
    m.put("digestAlgorithm", p.algorithm().digest().name());
    m.put("signatureAlgorithm", p.algorithm().name());
    m.put("signingTime", p.signingTime().toString());
    return Router.Answer.json(200, m);
  }

  /**
   * The second step's prepared signature, read back from transaction {@code t} once {@code document} is shown to be
   * the one it prepared (409 otherwise). A field that cannot be read throws the unchecked exception its parser throws,
   * which each caller answers as a bad transaction.
   */
  private static PreparedSignature preparedFor(Map<String, Object> t, byte[] document) throws ApiException {
    if (!sha256(document).equals(t.get("document"))) {
      throw new ApiException(409, "document_changed", "The document is not the one this transaction prepared.");
    }
    return new PreparedSignature(Base64.getDecoder().decode((String) t.get("digest")),
        SignatureAlgorithm.valueOf((String) t.get("algorithm")), Instant.parse((String) t.get("time")));
  }

  private PdfSigner twoStepSigner(List<X509Certificate> chain, Fields q) throws ApiException, KysoException {
    String profile = q.getValue("profile") == null ? "plain" : q.getValue("profile");
    if (!profile.equals("plain")) {
      throw new ApiException(400, "bad_parameter", "Two-step signing makes plain signatures here: use profile=plain.");
    }
    PdfSigner.Builder b = PdfSigner.builder(chain).level(level(q)).trust(verification.trust());
    timestamps().ifPresent(b::timestamps);
    config.revocationCache().ifPresent(b::revocationCache);
    return b.build();
  }

  /**
   * The timestamp authority of the configuration, its credentials read now from the environment variables named.
   *
   * @throws ApiException 503 if a variable named is not set
   */
  Optional<org.kyso.core.TimestampService> timestamps() throws ApiException {
    if (config.timestamps().isEmpty()) {
      return Optional.empty();
    }
    ServerConfig.TimestampConfig t = config.timestamps().get();
    org.kyso.core.TimestampService.Builder b = org.kyso.core.TimestampService.builder();
    t.urls().forEach(b::url);
    t.policy().ifPresent(b::policyOid);
    if (t.username().isPresent()) {
      b.basicAuth(t.username().get(), secret(t.passwordEnv().orElse(null), "timestamps.passwordEnv"));
    }
    if (t.bearerTokenEnv().isPresent()) {
      b.bearerToken(secret(t.bearerTokenEnv().get(), "timestamps.bearerTokenEnv"));
    }
    return Optional.of(b.build());
  }

  private static char[] secret(String env, String setting) throws ApiException {
    String v = env == null ? null : System.getenv(env);
    if (v == null) {
      throw new ApiException(503, "tsa_unavailable", "The timestamp authority's credential is not set ("
          + setting + " names an environment variable that is not set).");
    }
    return v.toCharArray();
  }

  /**
   * The PDF validation record of one verified file, sealed (PAdES, B-T when a timestamp authority is configured,
   * else B-B) by the organisation named by {@code seal} when there is one, otherwise unsigned and saying so.
   */
  Router.Answer validationRecord(Uploads.Upload f, Verification.Outcome o, java.util.Locale lang)
      throws ApiException {
    Optional<SigningKey> seal = Optional.empty();
    if (config.seal().isPresent()) {
      seal = Optional.of(key(config.organisations().get(config.seal().get())));
    }
    Optional<String> sealedBy = seal.map(k -> Page.dnPart(k.certificate().getSubjectX500Principal().getName(), "CN")
        .orElse(k.certificate().getSubjectX500Principal().getName()));
    byte[] pdf = ValidationRecord.create(f, o, lang, sealedBy, java.time.Clock.systemUTC());
    if (seal.isPresent()) {
      long start = System.nanoTime();
      try {
        Optional<org.kyso.core.TimestampService> tsa = timestamps();
        PdfSigner.Builder b = PdfSigner.builder(seal.get()).level(tsa.isPresent() ? Level.B_T : Level.B_B)
            .reason(lang.getLanguage().equals("en") ? "Validation record" : "Biên bản kiểm tra chữ ký số");
        tsa.ifPresent(b::timestamps);
        config.revocationCache().ifPresent(b::revocationCache);
        pdf = b.build().sign(pdf);
        metrics.count("kyso_signatures_total", "operation=\"validation-record\",result=\"ok\"");
        metrics.observe("kyso_signing_duration_seconds", "operation=\"validation-record\"",
            (System.nanoTime() - start) / 1e9);
      } catch (KysoException e) {
        metrics.count("kyso_signatures_total", "operation=\"validation-record\",result=\"failed\"");
        throw failure(e);
      }
    }
    String name = f.name().replaceAll("[^\\p{L}\\p{N}._-]", "_") + ".validation.pdf";
    return new Router.Answer(200, "application/pdf", pdf, Map.of(
        "Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^\\x20-\\x7e]", "_") + "\"",
        "X-Kyso-Verdict", o.report() == null ? "UNREADABLE" : o.report().verdict().name(),
        "X-Kyso-Sealed", Boolean.toString(seal.isPresent())));
  }

  private static String transaction(PreparedSignature p, byte[] doc, String kind) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", 1);
    m.put("kind", kind);
    m.put("digest", Base64.getEncoder().encodeToString(p.digest()));
    m.put("algorithm", p.algorithm().name());
    m.put("time", p.signingTime().toString());
    m.put("document", sha256(doc));
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Json.write(m, Json.Escaping.HTML_SAFE).getBytes(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readTransaction(String tx) {
    return (Map<String, Object>) Json.parse(new String(Base64.getUrlDecoder().decode(tx.trim()),
        StandardCharsets.UTF_8), Json.Numbers.DECIMAL);
  }

  private static String text(Map<String, byte[]> parts, String name) throws ApiException {
    byte[] v = parts.get(name);
    if (v == null) {
      throw new ApiException(400, "bad_parameter", "The part " + name + " is missing.");
    }
    return new String(v, StandardCharsets.UTF_8);
  }

  private static List<X509Certificate> chain(Map<String, byte[]> parts) throws ApiException {
    byte[] pem = parts.get("certificate");
    if (pem == null) {
      throw new ApiException(400, "bad_parameter", "The part certificate (the signer's chain, PEM) is missing.");
    }
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new CertificateException("empty");
      }
      return out;
    } catch (CertificateException e) {
      throw new ApiException(400, "bad_certificate", "The part certificate is not a PEM or DER certificate chain.");
    }
  }

  private Level level(Fields q) throws ApiException {
    String l = q.getValue("level");
    try {
      Level level = l == null ? Level.B_B : Level.parse(l);
      if (level.needsTimestamp() && config.timestamps().isEmpty()) {
        throw new ApiException(400, "bad_parameter", "Level " + l + " needs a timestamp authority, which this "
            + "service does not have configured; use level=B-B.");
      }
      return level;
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "bad_parameter", "level is B-B, B-T, B-LT or B-LTA.");
    }
  }

  private Appearance appearance(OrganisationConfig org, Fields q) throws ApiException, KysoException {
    String profile = q.getValue("profile") == null ? "plain" : q.getValue("profile");
    String number = q.getValue("number");
    LocalDate date;
    try {
      date = q.getValue("date") == null ? LocalDate.now(ZoneOffset.ofHours(7)) : LocalDate.parse(q.getValue("date"));
    } catch (java.time.format.DateTimeParseException e) {
      throw new ApiException(400, "bad_parameter", "date is YYYY-MM-DD, e.g. 2026-03-05.");
    }
    return switch (profile) {
      case "plain" -> Appearance.invisible();
      case "issuance" -> {
        if (org.sealImage().isEmpty()) {
          throw new ApiException(400, "bad_parameter", "The issuance profile needs the organisation's sealImage in "
              + "the service configuration.");
        }
        yield Decree30.issuance(required(number, "number"), date, SignatureImage.png(org.sealImage().get()));
      }
      case "appendix" -> Decree30.appendix(required(number, "number"));
      case "copy" -> Decree30.copy(CopyForm.parse(q.getValue("copy-form") == null ? "SAO Y" : q.getValue("copy-form")),
          org.name());
      case "incoming" -> Decree30.incoming(required(number, "number"), date, org.name());
      case "approval" -> throw new ApiException(400, "bad_parameter", "The approval profile is a person's signature: "
          + "sign it with the person's key through /v1/sign/pdf/prepare and /v1/sign/pdf/complete.");
      default -> throw new ApiException(400, "bad_parameter",
          "profile is plain, issuance, appendix, copy or incoming.");
    };
  }

  // ---- asynchronous jobs for keys held by remote signing services (CSC, the Vietnamese services) ----

  private Router.Answer jobRoute(Request request, String path, String method, Fields q, long deadline)
      throws ApiException {
    if (path.equals("/v1/jobs/sign/pdf") || path.equals("/v1/jobs/sign/xml")) {
      Router.requireMethod(method, "POST");
      ApiToken t = authorise(request, Scope.SIGN, Optional.ofNullable(q.getValue("org")));
      OrganisationConfig org = config.organisations().get(t.organisation());
      // read before the checks below answer, so that a refusal never leaves a half-read body on the connection
      byte[] body = Uploads.body(request, config.maxUploadBytes(), deadline);
      String keyName = q.getValue("key");
      if (keyName == null || keyName.isBlank()) {
        throw new ApiException(400, "bad_parameter", "Name the remote key to sign with: key=NAME.");
      }
      remoteKey(org.id(), keyName);
      level(q); // refuse a bad level now rather than in the job
      String kind = path.endsWith("/pdf") ? "pdf" : "xml";
      Optional<String> callback = Optional.ofNullable(q.getValue("callback"));
      if (callback.isPresent() && (config.callbackPrefixes().stream().noneMatch(callback.get()::startsWith)
          || !normalised(callback.get()))) {
        throw new ApiException(400, "bad_parameter", config.callbackPrefixes().isEmpty()
            ? "This service makes no callbacks: poll the job's address instead."
            : "The callback address is not one this service may call.");
      }
      Map<String, byte[]> parts = Uploads.parts(request, body);
      byte[] doc = parts.get("file");
      if (doc == null || doc.length == 0) {
        throw new ApiException(400, "no_file", "The request holds no document: send it as the part named file.");
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (Fields.Field f : q) {
        if (!f.getName().equals("callback") && !f.getName().equals("key") && !f.getName().equals("org")) {
          params.put(f.getName(), f.getValue());
        }
      }
      Jobs.Job job = jobs.create(org.id(), t.name(), kind, keyName, params, doc, callback);
      audit.write(t, "jobs.sign." + kind + ".start", sha256(doc), "accepted", null);
      metrics.count("kyso_jobs_total", "event=\"created\"");
      return Router.Answer.json(202, jobJson(job)).with("Location", "/v1/jobs/" + job.id());
    }
    String rest = path.substring("/v1/jobs/".length());
    boolean result = rest.endsWith("/result");
    String id = result ? rest.substring(0, rest.length() - "/result".length()) : rest;
    if (!id.matches("[0-9a-f]{32}")) {
      throw new ApiException(404, "not_found", "There is nothing at this address.");
    }
    Router.requireMethod(method, "GET");
    ApiToken t = authorise(request, Scope.SIGN, Optional.empty());
    if (config.remoteKeys().isEmpty()) {
      throw new ApiException(404, "no_such_job", "There is no such job: this service has no remote keys.");
    }
    Jobs.Job job = jobs.find(id).orElseThrow(() -> new ApiException(404, "no_such_job",
        "There is no such job: it never existed or it expired."));
    if (!job.organisation().equals(t.organisation())) {
      throw new ApiException(403, "forbidden", "This API token belongs to another organisation.");
    }
    if (!result) {
      return Router.Answer.json(200, jobJson(job));
    }
    byte[] signed = jobs.result(id).orElseThrow(() -> new ApiException(409, "job_not_done",
        "The job is " + job.state().toLowerCase(java.util.Locale.ROOT) + ": its document is not there."));
    return document(signed, job.kind().equals("pdf") ? "application/pdf" : "application/xml");
  }

  /** A URL with no dot segments, user info or fragment: what its prefix says is where it goes. */
  private static boolean normalised(String url) {
    try {
      java.net.URI u = new java.net.URI(url);
      return u.getScheme() != null && (u.getScheme().equals("http") || u.getScheme().equals("https"))
          && u.getRawUserInfo() == null && u.getRawFragment() == null && u.normalize().equals(u)
          && !u.getRawPath().contains("%2e") && !u.getRawPath().contains("%2E");
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static Map<String, Object> jobJson(Jobs.Job j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", j.id());
    m.put("state", j.state());
    m.put("kind", j.kind());
    m.put("key", j.remoteKey());
    m.put("attempts", j.attempts());
    m.put("created", j.created().toString());
    m.put("updated", j.updated().toString());
    m.put("expires", j.expires().toString());
    m.put("location", "/v1/jobs/" + j.id());
    if (j.state().equals("DONE")) {
      m.put("result", "/v1/jobs/" + j.id() + "/result");
    }
    j.errorCode().ifPresent(c -> m.put("error", Map.of("code", c, "message", j.errorMessage().orElse(""))));
    j.callbackState().ifPresent(c -> m.put("callback", c));
    return m;
  }

  private ServerConfig.RemoteKeyConfig remoteKey(String org, String name) throws ApiException {
    return config.remoteKeys().stream().filter(k -> k.organisation().equals(org) && k.name().equals(name))
        .findFirst().orElseThrow(() -> new ApiException(404, "unknown_key", "This organisation has no remote key "
            + "named " + name + "."));
  }

  /**
   * Runs a claimed job: opens the remote key, signs (a Vietnamese service's transaction is kept in the shared
   * database under the job's id, so a replica taking the job over resumes it instead of asking the user again),
   * and returns the signed document.
   */
  private byte[] runJob(Jobs.Job job, byte[] doc) throws ApiException {
    ServerConfig.RemoteKeyConfig rk = remoteKey(job.organisation(), job.remoteKey());
    OrganisationConfig org = config.organisations().get(job.organisation());
    Fields q = new Fields();
    job.params().forEach(q::put);
    PinSource pin = rk.pinEnv().map(PinSource::environment).or(() -> rk.pinFile().map(PinSource::file))
        .orElse(PinSource.of(new char[0]));
    KeyOptions.Builder ob = KeyOptions.builder(pin)
        .approvalTimeout(config.approvalTimeout());
    rk.clientSecretEnv().map(PinSource::environment).or(() -> rk.clientSecretFile().map(PinSource::file))
        .ifPresent(ob::serviceSecret);
    long start = System.nanoTime();
    String action = "jobs.sign." + job.kind();
    ApiToken who = new ApiToken(job.tokenName(), job.organisation(), java.util.Set.of(Scope.SIGN),
        "0".repeat(64));
    try (SigningKey key = Keys.open(rk.key(), ob.build())) {
      byte[] out;
      if (key instanceof RemoteKey remote) {
        out = runRemote(job, doc, remote, org, q);
      } else if (job.kind().equals("pdf")) {
        out = pdfSigner(key, org, q).build().sign(doc);
      } else {
        out = xmlSigner(key, q).build().sign(doc);
      }
      audit.write(who, action, sha256(doc), "ok", sha256(out));
      metrics.count("kyso_jobs_total", "event=\"done\"");
      metrics.count("kyso_signatures_total", "operation=\"" + action + "\",result=\"ok\"");
      metrics.observe("kyso_signing_duration_seconds", "operation=\"" + action + "\"",
          (System.nanoTime() - start) / 1e9);
      return out;
    } catch (KysoException e) {
      ApiException a = failure(e);
      audit.write(who, action, sha256(doc), a.code(), null);
      metrics.count("kyso_jobs_total", "event=\"failed\"");
      metrics.count("kyso_signatures_total", "operation=\"" + action + "\",result=\"" + a.code() + "\"");
      throw a;
    } catch (IllegalArgumentException | IllegalStateException e) {
      audit.write(who, action, sha256(doc), "bad_parameter", null);
      throw new ApiException(400, "bad_parameter", e.getMessage());
    }
  }

  private byte[] runRemote(Jobs.Job job, byte[] doc, RemoteKey key, OrganisationConfig org,
      Fields q) throws KysoException, ApiException {
    TransactionStore store = TransactionStore.open(config.database());
    RemoteSigning signing = RemoteSigning.builder(store)
        .approvalTimeout(config.approvalTimeout()).build();
    String name = job.params().getOrDefault("name", "document." + job.kind());
    if (job.kind().equals("pdf")) {
      PdfSigner signer = pdfSigner(key, org, q).build();
      RemoteSigning.Result r = signing.sign(key, "kyso serve job " + job.id(),
          () -> List.of(new RemoteSigning.Item(name, signer.prepare(doc))));
      PreparedSignature p = r.items().get(0).prepared();
      byte[] out = pdfSigner(key, org, q).clock(java.time.Clock.fixed(p.signingTime(), ZoneOffset.UTC)).build()
          .complete(doc, p, r.signatures().get(0));
      signing.completed(r.transaction());
      return out;
    }
    XmlSigner signer = xmlSigner(key, q).build();
    RemoteSigning.Result r = signing.sign(key, "kyso serve job " + job.id(),
        () -> List.of(new RemoteSigning.Item(name, signer.prepare(doc))));
    PreparedSignature p = r.items().get(0).prepared();
    byte[] out = xmlSigner(key, q).clock(java.time.Clock.fixed(p.signingTime(), ZoneOffset.UTC)).build()
        .complete(doc, p, r.signatures().get(0));
    signing.completed(r.transaction());
    return out;
  }

  private static String required(String v, String name) throws ApiException {
    if (v == null || v.isBlank()) {
      throw new ApiException(400, "bad_parameter", "This profile needs the parameter " + name + ".");
    }
    return v;
  }

  SigningKey key(OrganisationConfig org) throws ApiException {
    if (org.key().isEmpty()) {
      throw new ApiException(409, "no_key", "The service holds no key for this organisation.");
    }
    SigningKey k = keys.get(org.id());
    if (k != null) {
      return k;
    }
    synchronized (keys) {
      k = keys.get(org.id());
      if (k == null) {
        PinSource pin = org.pinEnv().map(PinSource::environment)
            .or(() -> org.pinFile().map(PinSource::file))
            .orElseThrow(() -> new ApiException(503, "key_unavailable", "The key of this organisation has no PIN "
                + "configured (pinEnv or pinFile)."));
        try {
          k = Keys.open(org.key().get(), pin);
        } catch (KysoException e) {
          throw new ApiException(503, "key_unavailable", "The key of this organisation cannot be opened: "
              + e.getMessage());
        }
        keys.put(org.id(), k);
      }
      return k;
    }
  }

  private static Router.Answer document(byte[] signed, String type) {
    return new Router.Answer(200, type, signed, Map.of("X-Kyso-Output-SHA256", sha256(signed)));
  }

  static ApiException failure(KysoException e) {
    if (e instanceof TokenException) {
      return new ApiException(503, "key_unavailable", e.getMessage());
    }
    if (e instanceof ServiceUnavailableException) {
      return new ApiException(503, "service_unavailable", e.getMessage());
    }
    if (e instanceof SignerCertificateException) {
      return new ApiException(422, "bad_certificate", e.getMessage());
    }
    if (e instanceof DocumentException) {
      return new ApiException(422, "bad_document", e.getMessage());
    }
    return new ApiException(422, "refused", e.getMessage());
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean exists(java.nio.file.Path p) {
    return Files.exists(p);
  }
}
