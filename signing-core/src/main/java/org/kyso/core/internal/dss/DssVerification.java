package org.kyso.core.internal.dss;

import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.policy.SignaturePolicyProvider;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.verify.Bounded;
import org.kyso.core.internal.verify.CryptoNotes;
import org.kyso.core.internal.verify.HttpOnlyDataLoader;
import org.kyso.core.internal.verify.Messages;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.TimestampResult;
import org.kyso.core.verify.VerificationReport;

/**
 * Runs DSS's validation and turns its reports into kyso's {@link VerificationReport}, with plain words for SHA-1
 * and short keys, and with the checks of the document's format when it is given {@link FormatChecks} (the pdf
 * module's: changes made to a PDF after a signature, bytes appended, certification rules). Generic: signing-core
 * knows no PDF; without format checks, DSS's judgement only.
 *
 * <p>What is fetched from the network: nothing when offline. Online, CRLs and OCSP responses for certificates that
 * chain to a trust anchor (their addresses were written by a CA the user trusts). Missing issuer certificates
 * from the AIA addresses in documents' certificates only when {@code documentUrls} is enabled, and then only over
 * http/https. Never signature policy documents, never content that an XML reference points to.
 */
public final class DssVerification {
  /** Vietnam's offset: times in reports are shown as local time there. */
  public static final ZoneOffset VN = ZoneOffset.ofHours(7);

  /** DSS warnings that kyso replaces with its own plainer findings, or that only add noise. */
  private static final Set<String> SUPPRESSED = Set.of("BBB_XCV_AIA_PRES_ANS", "BBB_FC_IAOD_ANS",
      "BBB_FC_IVDBSFR_ANS", "BBB_FC_DSCNUOM_ANS", "BBB_FC_DSCNACMDM_ANS", "BBB_FC_DSCNFFSM_ANS");

  /** Everything a verification needs; immutable. */
  public record Settings(TrustAnchors trust, boolean online, boolean documentUrls, boolean detailedReport,
      Clock clock, Optional<byte[]> policy, Duration timeout) {
    public Settings {
      Objects.requireNonNull(trust, "trust");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  private final Settings settings;
  /** The password of protected documents, or null. */
  private final char[] password;
  /** The checks of the documents' format, or null (DSS alone, with every reference to outside content claimed). */
  private final FormatChecks checks;

  public DssVerification(TrustAnchors trust, boolean online, boolean detailedReport, Clock clock) {
    this(new Settings(trust, online, false, detailedReport, clock, Optional.empty(), Duration.ofMinutes(2)));
  }

  public DssVerification(Settings settings) {
    this(settings, null);
  }

  /** With the password that opens protected documents ({@code null}: none). */
  public DssVerification(Settings settings, char[] password) {
    this(settings, password, null);
  }

  /**
   * With the password that opens protected documents ({@code null}: none) and the checks of the documents'
   * format ({@code null}: none).
   */
  public DssVerification(Settings settings, char[] password, FormatChecks checks) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.password = password == null ? null : password.clone();
    this.checks = checks;
  }

  /**
   * Checks that {@code policy} is a DSS validation policy (XML) that DSS can load.
   *
   * @throws DocumentException if it is not
   */
  public static void checkPolicy(byte[] policy, String name) throws DocumentException {
    try {
      ValidationPolicyLoader.fromValidationPolicy(new InMemoryDocument(policy)).create();
    } catch (RuntimeException e) {
      throw new DocumentException("The validation policy " + name
          + " is not a DSS validation policy that kyso can use: " + Bounded.oneLine(e) + ".", e);
    }
  }

  public VerificationReport verify(Path file) throws KysoException {
    return verify(file, null);
  }

  /**
   * {@link #verify(Path)}, with {@code alongside} (may be null) run meanwhile on the calling thread: when it throws,
   * that is the outcome ({@link Bounded#run(String, Duration, Bounded.Work, Bounded.Check)}).
   */
  public VerificationReport verify(Path file, Bounded.Check alongside) throws KysoException {
    String name = file.getFileName().toString();
    return Bounded.run(name, settings.timeout(),
        () -> run(name, new FileDocument(file.toFile()), () -> Files.readAllBytes(file)), alongside);
  }

  public VerificationReport verify(byte[] content, String name) throws KysoException {
    return verify(content, name, null);
  }

  /** {@link #verify(byte[], String)} with a check alongside, as {@link #verify(Path, Bounded.Check)}. */
  public VerificationReport verify(byte[] content, String name, Bounded.Check alongside) throws KysoException {
    return Bounded.run(name, settings.timeout(),
        () -> run(name, new InMemoryDocument(content, name), () -> content), alongside);
  }

  /**
   * DSS's ETSI TS 119 102-2 validation report (XML) for {@code file}, validated with the same trust, fetch rules,
   * policy and time as {@link #verify(Path)}, by DSS alone (without kyso's own checks, which the ETSI report has no
   * place for).
   *
   * @throws DocumentException if the file is neither a PDF nor an XML document DSS can read
   */
  public String etsiReport(Path file) throws KysoException {
    String name = file.getFileName().toString();
    return Bounded.run(name, settings.timeout(), () -> {
      DSSDocument doc = new FileDocument(file.toFile());
      SignedDocumentValidator validator;
      try {
        validator = checks == null ? SignedDocumentValidator.fromDocument(doc) : checks.validator(doc);
      } catch (RuntimeException e) {
        throw new DocumentException("The file " + name + " holds no signature that DSS can read, so there is no ETSI"
            + " validation report for it.", e);
      }
      validator.setCertificateVerifier(certificateVerifier());
      prepare(validator);
      validator.setValidationTime(Date.from(settings.clock().instant()));
      validator.setLocale(Locale.ENGLISH);
      validator.setSignaturePolicyProvider(new SignaturePolicyProvider());
      validator.setEnableEtsiValidationReport(true);
      Reports reports = settings.policy().isPresent()
          ? validator.validateDocument(new InMemoryDocument(settings.policy().get()))
          : validator.validateDocument(org.kyso.core.internal.fast.DefaultPolicy.get());
      String xml = reports.getXmlValidationReport();
      if (xml == null) {
        throw new DocumentException("DSS made no ETSI validation report for " + name + ".");
      }
      return xml;
    });
  }

  private interface Bytes {
    byte[] get() throws IOException;
  }

  /**
   * The format's preparation (validation engine, password); without format checks, every reference to content
   * outside the document is claimed, so that nothing is fetched or read from disk.
   */
  private void prepare(SignedDocumentValidator validator) {
    if (checks != null) {
      checks.prepare(validator, password);
    } else {
      validator.setDetachedContents(List.of(new InMemoryDocument(new byte[0], "kyso:no-external-content")));
    }
  }

  private VerificationReport run(String name, DSSDocument doc, Bytes bytes) throws KysoException {
    if (settings.policy().isEmpty()) {
      org.kyso.core.internal.fast.DefaultPolicy.prepareAhead(); // made while DSS's validator starts up
    }
    org.kyso.core.internal.BouncyCastle.ready(); // DSS's validator builds the provider on first use
    SignedDocumentValidator validator;
    try {
      validator = checks == null ? SignedDocumentValidator.fromDocument(doc) : checks.validator(doc);
    } catch (RuntimeException e) {
      if (checks == null && looksLikeXml(bytes)) {
        // well-formed XML without any signature DSS recognises
        return new VerificationReport(name, "XML", List.of(), List.of(), Optional.empty());
      }
      throw new DocumentException("The file " + name + " is neither a PDF nor an XML document that kyso can read.",
          e);
    }
    validator.setCertificateVerifier(certificateVerifier());
    prepare(validator);
    validator.setValidationTime(Date.from(settings.clock().instant()));
    validator.setLocale(Locale.ENGLISH);
    validator.setSignaturePolicyProvider(new SignaturePolicyProvider()); // no data loader: never fetched
    validator.setEnableEtsiValidationReport(false);
    Reports reports;
    try {
      reports = settings.policy().isPresent()
          ? validator.validateDocument(new InMemoryDocument(settings.policy().get()))
          : validator.validateDocument(org.kyso.core.internal.fast.DefaultPolicy.get()); // DSS's default, loaded once
    } catch (RuntimeException e) {
      Optional<VerificationReport> instead = checks == null ? Optional.empty()
          : checks.failed(name, doc, e, password);
      if (instead.isPresent()) {
        return instead.get();
      }
      throw e;
    }
    try {
      return toReport(name, checks == null ? null : checks.read(name, doc, reports, password), reports);
    } catch (IOException e) {
      throw new FileAccessException("The file " + name + " cannot be read.", e);
    }
  }

  private CertificateVerifier certificateVerifier() {
    return certificateVerifier(settings.trust(), settings.online(), settings.documentUrls());
  }

  /**
   * The DSS certificate verifier for validating documents, with kyso's fetch rules: nothing offline; online, CRLs
   * and OCSP for chains that reach a trust anchor only; issuer certificates from the documents' AIA addresses only
   * with {@code documentUrls}, over http/https. Other validation paths (e.g. {@code DssDocumentVerification})
   * should use this rather than {@link DssVerifiers#create} so that the rules are the same everywhere.
   */
  public static CertificateVerifier certificateVerifier(TrustAnchors trust, boolean online, boolean documentUrls) {
    CertificateVerifier cv = DssVerifiers.create(trust, online);
    cv.setCheckRevocationForUntrustedChains(false);
    if (online && documentUrls) {
      cv.setAIASource(new DefaultAIASource(new HttpOnlyDataLoader()));
    } else {
      cv.setAIASource(null);
    }
    return cv;
  }

  /** The report for a document that no format checks judge (e.g. a timestamp token's CMS). */
  VerificationReport toReport(String name, Reports reports) throws IOException {
    return toReport(name, null, reports);
  }

  /**
   * Turns DSS's reports into kyso's; {@code reading} adds the format's own checks to every signature and document
   * timestamp (null: none).
   */
  VerificationReport toReport(String name, FormatChecks.Reading reading, Reports reports) throws IOException {
    SimpleReport simple = reports.getSimpleReport();
    DiagnosticData diag = reports.getDiagnosticData();
    List<SignatureResult> sigs = new ArrayList<>();
    Set<String> attached = new HashSet<>();
    String format = "UNKNOWN";
    List<SignatureWrapper> signatures = diag.getSignatures();
    for (int i = 0; i < signatures.size(); i++) {
      SignatureWrapper s = signatures.get(i);
      String id = s.getId();
      List<TimestampResult> ts = new ArrayList<>();
      for (TimestampWrapper t : s.getTimestampList()) {
        attached.add(t.getId());
        ts.add(timestamp(simple, t));
      }
      var level = simple.getSignatureFormat(id);
      String levelText = level == null ? "UNKNOWN" : level.toString();
      if ("UNKNOWN".equals(format) && level != null) {
        format = formatOf(levelText);
      }
      CertificateWrapper signer = s.getSigningCertificate();
      String signedBy = Optional.ofNullable(simple.getSignedBy(id))
          .orElse(signer == null ? "?" : Optional.ofNullable(signer.getCommonName()).orElse("?"));
      String subject = signer == null ? "" : signer.getCertificateDN();

      Indication indication = indication(simple.getIndication(id));
      Optional<String> sub = sub(simple.getSubIndication(id));
      List<Finding> findings = new ArrayList<>();
      for (Message m : simple.getAdESValidationErrors(id)) {
        findings.add(dss(Finding.Kind.ERROR, m));
      }
      for (Message m : simple.getAdESValidationWarnings(id)) {
        if (!SUPPRESSED.contains(m.getKey())) {
          findings.add(dss(Finding.Kind.WARNING, m));
        }
      }
      SignatureDraft draft = new SignatureDraft(indication, sub, findings);
      draft.whole = fullScope(s);
      if (reading != null) {
        reading.signature(i, s, draft);
      }
      indication = draft.indication;
      sub = draft.subIndication;
      boolean whole = draft.whole;
      if (draft.suspicious) {
        if (draft.summary != null) {
          findings.add(0, Messages.finding(Finding.Kind.ERROR, draft.summary));
        }
        if (indication == Indication.TOTAL_PASSED) {
          indication = Indication.INDETERMINATE;
          sub = Optional.of(SubIndication.SIG_CONSTRAINTS_FAILURE.name());
        }
      }
      Optional<String> unsupported = indication == Indication.TOTAL_FAILED ? unsupportedAlgorithm(s) : Optional.empty();
      if (unsupported.isPresent()) {
        // not "broken": kyso could not compute what the check needs
        indication = Indication.INDETERMINATE;
        sub = Optional.of(SubIndication.CRYPTO_CONSTRAINTS_FAILURE.name());
        findings.add(0, Messages.finding(Finding.Kind.ERROR, "error.algorithmNotSupported", unsupported.get()));
      }
      findings.addAll(CryptoNotes.of(s, indication == Indication.TOTAL_PASSED));
      sigs.add(SignatureResult.of(id, indication, sub, levelText, signedBy, subject,
          time(simple.getSigningTime(id)), provenTime(simple, s), ts, whole, findings)
          .withDetails(intactPerKyso(SignerDetailsOf.of(s, settings.trust(), settings.online()), findings)));
    }

    List<TimestampResult> docTs = new ArrayList<>();
    for (TimestampWrapper t : diag.getTimestampList()) {
      if (attached.contains(t.getId())) {
        continue;
      }
      TimestampResult r = timestamp(simple, t);
      if (reading != null) {
        r = reading.timestamp(t, r);
      }
      docTs.add(r);
    }
    if (reading != null) {
      sigs.addAll(reading.unlisted());
    }
    if ("UNKNOWN".equals(format)) {
      format = reading != null ? reading.format() : "XML";
    }
    Optional<String> detailed = settings.detailedReport() ? Optional.of(reports.getXmlDetailedReport())
        : Optional.empty();
    return new VerificationReport(name, format, sigs, docTs, detailed);
  }

  /** {@code d}, intact when a format check verified the signature value that DSS could not (Ed448 with SHAKE-256). */
  private static org.kyso.core.verify.SignerDetails intactPerKyso(org.kyso.core.verify.SignerDetails d,
      List<Finding> findings) {
    if (findings.stream().noneMatch(f -> "warning.intactCheckedByKyso".equals(f.code()))) {
      return d;
    }
    return new org.kyso.core.verify.SignerDetails(d.issuer(), d.issuerName(), d.organisation(),
        d.organisationalUnit(), d.identifiers(), d.serialNumber(), d.validFrom(), d.validTo(), d.revocation(),
        Optional.of(true), d.trustAnchor(), d.trustSource());
  }

  /** The algorithm named by a NoSuchAlgorithmException among the causes of {@code e}, if any. */
  public static Optional<String> missingAlgorithm(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.security.NoSuchAlgorithmException) {
        String m = String.valueOf(c.getMessage());
        int cut = m.indexOf(' ');
        return Optional.of(cut > 0 ? m.substring(0, cut) : m);
      }
    }
    return Optional.empty();
  }

  /**
   * The digest or signature algorithm of {@code s} when this Java runtime cannot compute it (SHAKE digests, used
   * with Ed448), in which case DSS's "not intact" says nothing about the signature.
   */
  private static Optional<String> unsupportedAlgorithm(SignatureWrapper s) {
    List<eu.europa.esig.dss.enumerations.DigestAlgorithm> digests = new ArrayList<>();
    if (s.getDigestAlgorithm() != null) {
      digests.add(s.getDigestAlgorithm());
    }
    for (var m : s.getDigestMatchers()) {
      if (m.getDigestMethod() != null) {
        digests.add(m.getDigestMethod());
      }
    }
    for (var digest : digests) {
      try {
        java.security.MessageDigest.getInstance(digest.getJavaName());
      } catch (java.security.NoSuchAlgorithmException e) {
        return Optional.of(digest.getName());
      }
    }
    var enc = s.getEncryptionAlgorithm();
    if (enc != null && enc.name().startsWith("EDDSA")) {
      // the content digest matched, only the EdDSA signature value check failed: DSS's CMS stack (BouncyCastle)
      // does not verify every EdDSA encoding (e.g. Ed448 with id-shake256 without its length), so kyso cannot tell
      boolean digestIntact = !s.getDigestMatchers().isEmpty()
          && s.getDigestMatchers().stream().allMatch(m -> m.isDataFound() && m.isDataIntact());
      if (digestIntact) {
        var alg = s.getSignatureAlgorithm();
        return Optional.of(alg == null ? "EdDSA" : alg.getName());
      }
    }
    return Optional.empty();
  }

  /** Whether DSS found that {@code s} covers its whole document (a FULL signature scope). */
  private static boolean fullScope(SignatureWrapper s) {
    return s.getSignatureScopes().stream()
        .anyMatch(sc -> sc.getScope() != null && "FULL".equals(sc.getScope().name()));
  }

  private static Finding dss(Finding.Kind kind, Message m) {
    String key = m.getKey() == null ? "UNKNOWN" : m.getKey();
    return new Finding(kind, "dss." + key, List.of(), m.getValue() == null ? key : m.getValue());
  }

  private static Optional<OffsetDateTime> provenTime(SimpleReport simple, SignatureWrapper s) {
    Date best = simple.getBestSignatureTime(s.getId());
    boolean anyValidTs = s.getTimestampList().stream()
        .anyMatch(t -> simple.getIndication(t.getId()) == eu.europa.esig.dss.enumerations.Indication.PASSED
            || simple.getIndication(t.getId()) == eu.europa.esig.dss.enumerations.Indication.TOTAL_PASSED);
    return anyValidTs ? time(best) : Optional.empty();
  }

  private static TimestampResult timestamp(SimpleReport simple, TimestampWrapper t) {
    return new TimestampResult(t.getId(), t.getType() == null ? "TIMESTAMP" : t.getType().name(),
        time(t.getProductionTime()).orElse(OffsetDateTime.ofInstant(Instant.EPOCH, VN)),
        indication(simple.getIndication(t.getId())), sub(simple.getSubIndication(t.getId())),
        Optional.ofNullable(simple.getProducedBy(t.getId())));
  }

  public static Indication indication(eu.europa.esig.dss.enumerations.Indication i) {
    if (i == null) {
      return Indication.INDETERMINATE;
    }
    return switch (i) {
      case TOTAL_PASSED, PASSED -> Indication.TOTAL_PASSED;
      case TOTAL_FAILED, FAILED -> Indication.TOTAL_FAILED;
      default -> Indication.INDETERMINATE;
    };
  }

  private static Optional<String> sub(SubIndication s) {
    return s == null ? Optional.empty() : Optional.of(s.name());
  }

  private static Optional<OffsetDateTime> time(Date d) {
    return d == null ? Optional.empty() : Optional.of(OffsetDateTime.ofInstant(d.toInstant(), VN));
  }

  static String formatOf(String level) {
    if (level.startsWith("XML-NOT-ETSI")) {
      return "XMLDSig";
    }
    int dash = level.indexOf('-');
    return dash > 0 ? level.substring(0, dash) : level;
  }

  /** Starts like XML (after an optional UTF-8 byte-order mark and white space, a {@code <}); nothing is parsed. */
  private static boolean looksLikeXml(Bytes bytes) {
    try {
      byte[] b = bytes.get();
      int i = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
      while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
        i++;
      }
      return i < b.length && b[i] == '<';
    } catch (IOException e) {
      return false;
    }
  }

}
