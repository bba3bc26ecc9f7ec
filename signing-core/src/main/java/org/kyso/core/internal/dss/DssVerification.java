package org.kyso.core.internal.dss;

import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
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
import java.math.BigInteger;
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
import org.kyso.core.internal.verify.FileTail;
import org.kyso.core.internal.verify.HttpOnlyDataLoader;
import org.kyso.core.internal.verify.Messages;
import org.kyso.core.internal.verify.PdfChanges;
import org.kyso.core.internal.verify.PdfCoverage;
import org.kyso.core.internal.verify.PdfFieldInventory;
import org.kyso.core.internal.verify.PdfPermissions;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.TimestampResult;
import org.kyso.core.verify.VerificationReport;

/**
 * Runs DSS's validation and turns its reports into kyso's {@link VerificationReport}, adding kyso's own checks:
 * changes made to a PDF after a signature that are not a later signature, timestamp or validation data; bytes
 * appended to a PDF; XML signature wrapping; plain words for SHA-1 and short keys.
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
  /** The password of protected PDF documents, or null. */
  private final char[] password;

  public DssVerification(TrustAnchors trust, boolean online, boolean detailedReport, Clock clock) {
    this(new Settings(trust, online, false, detailedReport, clock, Optional.empty(), Duration.ofMinutes(2)));
  }

  public DssVerification(Settings settings) {
    this(settings, null);
  }

  /** With the password that opens protected PDF documents ({@code null}: none). */
  public DssVerification(Settings settings, char[] password) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.password = password == null ? null : password.clone();
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
    String name = file.getFileName().toString();
    return Bounded.run(name, settings.timeout(),
        () -> run(name, new FileDocument(file.toFile()), FileTail.Source.of(file), () -> Files.readAllBytes(file)));
  }

  public VerificationReport verify(byte[] content, String name) throws KysoException {
    return Bounded.run(name, settings.timeout(),
        () -> run(name, new InMemoryDocument(content, name), FileTail.Source.of(content), () -> content));
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
      boolean pdf = startsWithPdf(doc);
      SignedDocumentValidator validator;
      try {
        validator = SignedDocumentValidator.fromDocument(doc);
      } catch (RuntimeException e) {
        throw new DocumentException("The file " + name + " holds no signature that DSS can read, so there is no ETSI"
            + " validation report for it.", e);
      }
      validator.setCertificateVerifier(certificateVerifier());
      org.kyso.core.internal.fast.ValidatorTunings.apply(validator);
      validator.setValidationTime(Date.from(settings.clock().instant()));
      validator.setLocale(Locale.ENGLISH);
      validator.setSignaturePolicyProvider(new SignaturePolicyProvider());
      validator.setEnableEtsiValidationReport(true);
      if (!pdf) {
        validator.setDetachedContents(List.of(new InMemoryDocument(new byte[0], "kyso:no-external-content")));
      }
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

  private VerificationReport run(String name, DSSDocument doc, FileTail.Source source, Bytes bytes)
      throws KysoException {
    boolean pdf = startsWithPdf(doc);
    SignedDocumentValidator validator;
    try {
      validator = SignedDocumentValidator.fromDocument(doc);
    } catch (RuntimeException e) {
      if (!pdf && looksLikeXml(bytes)) {
        // well-formed XML without any signature DSS recognises
        return new VerificationReport(name, "XML", List.of(), List.of(), Optional.empty());
      }
      throw new DocumentException("The file " + name + " is neither a PDF nor an XML document that kyso can read.",
          e);
    }
    validator.setCertificateVerifier(certificateVerifier());
    // format modules' faster ways to the same result (the PDF module's validation service), if on the class path
    org.kyso.core.internal.fast.ValidatorTunings.apply(validator);
    if (password != null) {
      org.kyso.core.internal.fast.ValidatorTunings.password(validator, password);
    }
    validator.setValidationTime(Date.from(settings.clock().instant()));
    validator.setLocale(Locale.ENGLISH);
    validator.setSignaturePolicyProvider(new SignaturePolicyProvider()); // no data loader: never fetched
    validator.setEnableEtsiValidationReport(false);
    if (!pdf) {
      // claims every reference to content outside the XML, so that nothing is fetched or read from disk
      validator.setDetachedContents(List.of(new InMemoryDocument(new byte[0], "kyso:no-external-content")));
    }
    Reports reports;
    try {
      reports = settings.policy().isPresent()
          ? validator.validateDocument(new InMemoryDocument(settings.policy().get()))
          : validator.validateDocument(org.kyso.core.internal.fast.DefaultPolicy.get()); // DSS's default, loaded once
    } catch (RuntimeException e) {
      if (pdf && encryptedForRecipients(e)) {
        throw new DocumentException("The file " + name + " is encrypted for the certificates of chosen recipients"
            + " (public-key security) rather than with a password, so kyso cannot open it; decrypt it with the"
            + " recipient's key first, then verify the result.", e);
      }
      if (pdf && hostileEncryption(e)) {
        throw new DocumentException("The file " + name + " is encrypted with an unknown or damaged method (its"
            + " /Encrypt dictionary), so it cannot be opened or verified.", e);
      }
      if (pdf && encryptedWithoutPassword(e)) {
        throw new DocumentException("The file " + name + " is protected by a password"
            + (password == null ? "" : " and the password given does not open it") + "; give the password with"
            + " --password-env or --password-file (library: Verifier.Builder.password).", e);
      }
      // an algorithm this Java cannot compute (SHAKE-256 for Ed448): DSS gives up on the whole document; the
      // signatures are listed as not checkable rather than the file as unreadable
      Optional<String> missing = missingAlgorithm(e);
      List<PdfFieldInventory.Field> fields = pdf && missing.isPresent()
          ? PdfFieldInventory.find().map(i -> i.fields(doc, password)).orElse(List.of()) : List.of();
      if (fields.isEmpty()) {
        throw e;
      }
      List<SignatureResult> sigs = new ArrayList<>();
      try {
        for (PdfFieldInventory.Field f : fields) {
          sigs.add(PdfCoverage.algorithmNotSupported(f, source, missing.get()));
        }
      } catch (IOException io) {
        throw new FileAccessException("The file " + name + " cannot be read.", io);
      }
      return new VerificationReport(name, "PAdES", sigs, List.of(), Optional.empty());
    }
    try {
      List<PdfFieldInventory.Field> fields = pdf
          ? PdfFieldInventory.find().map(i -> i.fields(doc, password)).orElse(List.of()) : List.of();
      if (pdf && reports.getDiagnosticData().getSignatures().isEmpty()
          && reports.getDiagnosticData().getTimestampList().isEmpty() && fields.isEmpty()
          && holdsSignatureDictionary(source)) {
        throw new DocumentException("The file " + name
            + " holds a signature that cannot be read; the file may be truncated or damaged.");
      }
      return toReport(name, pdf ? source : null, reports, fields, pdf && brokenMetadata(reports, doc));
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

  VerificationReport toReport(String name, FileTail.Source pdfSource, Reports reports) throws IOException {
    return toReport(name, pdfSource, reports, List.of(), false);
  }

  /**
   * As above; {@code fields} are the PDF's signed fields found by walking its form: any that DSS did not list is
   * reported as a signature that could not be validated, with the reason. {@code metadataNotXml}: the document's
   * XMP metadata, changed after some signature, is not XML any more.
   */
  VerificationReport toReport(String name, FileTail.Source pdfSource, Reports reports,
      List<PdfFieldInventory.Field> fields, boolean metadataNotXml) throws IOException {
    SimpleReport simple = reports.getSimpleReport();
    DiagnosticData diag = reports.getDiagnosticData();
    long fileLength = pdfSource == null ? -1 : pdfSource.length();
    long lastSignedEnd = -1;
    List<Long> knownEnds = new ArrayList<>();
    for (SignatureWrapper s : diag.getSignatures()) {
      knownEnds.add(end(s.getPDFRevision()));
    }
    for (TimestampWrapper t : diag.getTimestampList()) {
      knownEnds.add(end(t.getPDFRevision()));
    }
    for (long e : knownEnds) {
      lastSignedEnd = Math.max(lastSignedEnd, e);
    }
    long junk = pdfSource != null && lastSignedEnd > 0 ? FileTail.junkAfterLastEof(pdfSource, lastSignedEnd) : 0;
    // what follows each signed revision, from one scan of the file (issue 20: linear in the number of signatures)
    FileTail.Index tails = pdfSource == null ? null : FileTail.index(pdfSource, knownEnds);

    List<SignatureResult> sigs = new ArrayList<>();
    Set<String> attached = new HashSet<>();
    String format = "UNKNOWN";
    List<SignatureWrapper> signatures = diag.getSignatures();
    // changes after each PDF signature, worked out first: a change made before a later signature that is itself
    // valid and followed by nothing suspicious was attested by that later signer (as the Decree 30 issuance
    // signature attests the number and date the clerk stamped after the approval signature)
    List<PdfChanges.Result> pdfChanges = new ArrayList<>();
    for (SignatureWrapper s : signatures) {
      PDFRevisionWrapper rev = s.getPDFRevision();
      pdfChanges.add(rev != null && pdfSource != null
          ? PdfChanges.analyse(rev, tails.after(Math.max(0, end(rev))),
              junk + tails.dataBetweenRevisionsAfter(end(rev))) : null);
    }
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
      boolean suspicious = false;
      String summary = null;
      boolean whole;
      PDFRevisionWrapper rev = s.getPDFRevision();
      if (rev != null && pdfSource != null) {
        long end = end(rev);
        whole = end == fileLength;
        PdfChanges.Result changes = pdfChanges.get(i);
        findings.addAll(changes.modifications());
        findings.addAll(changes.warnings());
        suspicious = changes.suspicious();
        summary = "error.changedAfterSigning";
        if (metadataNotXml && metadataChanged(s)) {
          findings.add(Messages.finding(Finding.Kind.MODIFICATION, "modification.metadataNotXml"));
          suspicious = true;
          whole = false;
        }
        Optional<Finding> uncovered = PdfCoverage.midRevision(pdfSource, end);
        if (uncovered.isPresent()) {
          findings.add(uncovered.get());
          suspicious = true;
          whole = false;
        }
        Optional<SignatureWrapper> attester = suspicious && changes.formFillOnly()
            ? attester(i, signatures, pdfChanges, simple) : Optional.empty();
        if (attester.isPresent()) {
          suspicious = false;
          findings.add(Messages.finding(Finding.Kind.WARNING, "warning.changesAttested",
              Optional.ofNullable(simple.getSignedBy(attester.get().getId())).orElse(attester.get().getId())));
        }
        int later = 0;
        for (SignatureWrapper o : signatures) {
          later += end(o.getPDFRevision()) > end ? 1 : 0;
        }
        PdfPermissions.Result rules = PdfPermissions.check(rev, changes, later);
        findings.addAll(0, rules.findings().stream().filter(f -> f.kind() == Finding.Kind.ERROR).toList());
        findings.addAll(rules.findings().stream().filter(f -> f.kind() != Finding.Kind.ERROR).toList());
        if (rules.permitted() && suspicious && uncovered.isEmpty()) {
          suspicious = false;
          findings.add(Messages.finding(Finding.Kind.WARNING, "warning.changesPermitted",
              Integer.toString(rules.certification())));
        }
        if (rules.violated()) {
          suspicious = false;
          indication = Indication.TOTAL_FAILED;
          sub = Optional.of(SubIndication.SIG_CONSTRAINTS_FAILURE.name());
        }
      } else {
        // XML signature wrapping is judged by the xml module (XmlInspection), which signing-core does not know
        whole = s.getSignatureScopes().stream()
            .anyMatch(sc -> sc.getScope() != null && "FULL".equals(sc.getScope().name()));
      }
      if (suspicious) {
        if (summary != null) {
          findings.add(0, Messages.finding(Finding.Kind.ERROR, summary));
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
          .withDetails(SignerDetailsOf.of(s, settings.trust(), settings.online())));
    }

    List<TimestampResult> docTs = new ArrayList<>();
    for (TimestampWrapper t : diag.getTimestampList()) {
      if (attached.contains(t.getId())) {
        continue;
      }
      TimestampResult r = timestamp(simple, t);
      PDFRevisionWrapper rev = t.getPDFRevision();
      if (rev != null && pdfSource != null && r.indication() == Indication.TOTAL_PASSED) {
        PdfChanges.Result changes = PdfChanges.analyse(rev, tails.after(Math.max(0, end(rev))),
            junk + tails.dataBetweenRevisionsAfter(end(rev)));
        if (changes.suspicious()) {
          r = new TimestampResult(r.id(), r.type(), r.time(), Indication.INDETERMINATE,
              Optional.of(SubIndication.SIG_CONSTRAINTS_FAILURE.name()), r.tsaName());
        }
      }
      docTs.add(r);
    }
    if (pdfSource != null) {
      for (PdfFieldInventory.Field f : fields) {
        if (!listed(f, diag)) {
          sigs.add(PdfCoverage.unlisted(f, pdfSource));
        }
      }
    }
    if ("UNKNOWN".equals(format) && (!docTs.isEmpty() || pdfSource != null)) {
      format = pdfSource != null ? "PAdES" : format;
    }
    if ("UNKNOWN".equals(format) && pdfSource == null) {
      format = "XML";
    }
    Optional<String> detailed = settings.detailedReport() ? Optional.of(reports.getXmlDetailedReport())
        : Optional.empty();
    return new VerificationReport(name, format, sigs, docTs, detailed);
  }

  /**
   * A later signature that covers every change made after signature {@code i} (only form fields filled or added:
   * see {@link PdfChanges.Result#formFillOnly()}): it signs a longer revision, DSS finds it TOTAL_PASSED, and
   * nothing suspicious follows it. Overlays, pages and content changes are never vouched for.
   */
  private static Optional<SignatureWrapper> attester(int i, List<SignatureWrapper> signatures,
      List<PdfChanges.Result> changes, SimpleReport simple) {
    long end = end(signatures.get(i).getPDFRevision());
    for (int j = 0; j < signatures.size(); j++) {
      SignatureWrapper later = signatures.get(j);
      PdfChanges.Result c = changes.get(j);
      if (j != i && c != null && !c.suspicious() && end(later.getPDFRevision()) > end
          && indication(simple.getIndication(later.getId())) == Indication.TOTAL_PASSED) {
        return Optional.of(later);
      }
    }
    return Optional.empty();
  }

  /**
   * XMP metadata replaced after a signature by something that is not XML: DSS files metadata updates as harmless
   * extensions, but a reader fed non-XML metadata is not looking at what was signed, so it is named as a change.
   */
  private boolean brokenMetadata(Reports reports, DSSDocument doc) {
    Optional<PdfFieldInventory> inv = PdfFieldInventory.find();
    boolean touched = reports.getDiagnosticData().getSignatures().stream().anyMatch(DssVerification::metadataChanged);
    if (inv.isEmpty() || !touched) {
      return false;
    }
    Optional<byte[]> xmp = inv.get().metadata(doc, password);
    return xmp.isPresent() && !wellFormedXml(xmp.get());
  }

  private static boolean metadataChanged(SignatureWrapper s) {
    return s.getPDFRevision() != null && s.getPDFRevision().getPdfExtensionChanges().stream()
        .anyMatch(m -> String.valueOf(m.getValue()).contains("/Metadata"));
  }

  private static boolean wellFormedXml(byte[] b) {
    try {
      javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      var builder = f.newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      builder.parse(new java.io.ByteArrayInputStream(b));
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Whether {@code e} says that a document is encrypted with public-key (certificate) security, not a password. */
  private static boolean encryptedForRecipients(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (m.contains("decryption material") || m.contains("keyStore") || m.contains("PubSec")) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} says that a document's encryption dictionary is unknown or broken. */
  private static boolean hostileEncryption(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (m.contains("security handler") || m.contains("/Encrypt") || m.contains("encryption dictionary")
          || m.contains("Unsupported encryption")) {
        return true;
      }
      // an entry of the wrong type (e.g. /OE an array): PDFBox's encryption code fails with a ClassCastException
      StackTraceElement[] at = c.getStackTrace();
      if (c instanceof ClassCastException && at.length > 0
          && at[0].getClassName().startsWith("org.apache.pdfbox.pdmodel.encryption.")) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code e} says that an encrypted document could not be opened (no or a wrong password). */
  private static boolean encryptedWithoutPassword(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = String.valueOf(c.getMessage());
      if (c.getClass().getSimpleName().equals("InvalidPasswordException") || m.contains("Encrypted document")
          || m.contains("Cannot decrypt PDF")) {
        return true;
      }
    }
    return false;
  }

  /** The algorithm named by a NoSuchAlgorithmException among the causes of {@code e}, if any. */
  static Optional<String> missingAlgorithm(Throwable e) {
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

  /** Whether DSS reported the signature or document timestamp of field {@code f} (by name or byte range). */
  private static boolean listed(PdfFieldInventory.Field f, DiagnosticData diag) {
    List<PDFRevisionWrapper> revs = new ArrayList<>();
    diag.getSignatures().forEach(s -> revs.add(s.getPDFRevision()));
    diag.getTimestampList().forEach(t -> revs.add(t.getPDFRevision()));
    for (PDFRevisionWrapper r : revs) {
      if (r == null) {
        continue;
      }
      List<String> names = r.getSignatureFieldNames();
      if (names != null && !f.name().isEmpty() && (names.contains(f.name())
          || names.stream().anyMatch(n -> f.name().endsWith("." + n)))) {
        return true;
      }
      List<BigInteger> br = r.getSignatureByteRange();
      if (br != null && !f.byteRange().isEmpty() && br.size() == f.byteRange().size()) {
        boolean same = true;
        for (int i = 0; i < br.size(); i++) {
          same &= br.get(i).longValue() == f.byteRange().get(i);
        }
        if (same) {
          return true;
        }
      }
    }
    return false;
  }

  private static long end(PDFRevisionWrapper rev) {
    if (rev == null) {
      return -1;
    }
    List<BigInteger> br = rev.getSignatureByteRange();
    if (br == null || br.size() != 4) {
      return -1;
    }
    return br.get(2).add(br.get(3)).longValue();
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

  /** Signs of a PDF signature dictionary in the raw bytes: a byte range, or a dictionary of type /Sig. */
  private static boolean holdsSignatureDictionary(FileTail.Source source) throws IOException {
    List<String> markers = new ArrayList<>(List.of("/ByteRange"));
    for (String type : List.of("/Type /Sig", "/Type/Sig")) {
      for (String after : List.of(" ", "/", ">", "\n", "\r")) {
        markers.add(type + after);
      }
    }
    return FileTail.containsAny(source, markers);
  }

  private static boolean startsWithPdf(DSSDocument doc) {
    try (InputStream in = doc.openStream()) {
      byte[] head = in.readNBytes(1024);
      String s = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
      return s.contains("%PDF-");
    } catch (IOException | RuntimeException e) {
      return false;
    }
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
