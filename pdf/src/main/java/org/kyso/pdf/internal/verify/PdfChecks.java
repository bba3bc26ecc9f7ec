package org.kyso.pdf.internal.verify;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.internal.dss.DssVerification;
import org.kyso.core.internal.dss.FormatChecks;
import org.kyso.core.internal.dss.SignatureDraft;
import org.kyso.core.internal.verify.Messages;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.TimestampResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.pdf.internal.PdfFieldReader;
import org.kyso.pdf.internal.fast.FastPdfValidatorTuning;

/**
 * kyso's PDF checks on top of DSS's validation: changes made after a signature that are not a later signature,
 * timestamp or validation data ({@link PdfChanges}), bytes appended after the last revision ({@link FileTail}),
 * signed ranges that end inside a revision and signed fields DSS did not list ({@link PdfCoverage}), certification
 * and field locks ({@link PdfPermissions}), XMP metadata replaced by something that is not XML.
 */
public final class PdfChecks implements FormatChecks {
  /**
   * Changes that neither signing, filling in a form, annotating nor adding validation data can explain: pages added
   * or removed, page content, fonts or images replaced, other objects of the document changed (pyHanko's
   * modification level OTHER). After them a signature is TOTAL_FAILED whether or not it certified the document.
   * Form and annotation changes nobody vouched for, bytes after the last revision and updates that cannot be
   * analysed stay INDETERMINATE.
   */
  static final java.util.Set<String> DISALLOWED = java.util.Set.of("modification.pageAdded",
      "modification.pageRemoved", "modification.pageAddedOrRemoved", "modification.visual",
      "modification.xobjectReplaced", "modification.fontReplaced", "modification.contentReplaced",
      "modification.objectChanged");

  private final PdfFieldInventory inventory = new PdfFieldReader();
  private final FastPdfValidatorTuning engine;

  /** With kyso's fast PDF reader ({@code fast}) or DSS's PDFBox reader for the signed revisions. */
  public PdfChecks(boolean fast) {
    this.engine = new FastPdfValidatorTuning(fast);
  }

  @Override
  public SignedDocumentValidator validator(DSSDocument document) {
    return engine.validator(document);
  }

  @Override
  public void prepare(SignedDocumentValidator validator, char[] password) {
    engine.tune(validator, password);
  }

  @Override
  public Optional<VerificationReport> failed(String name, DSSDocument doc, RuntimeException e, char[] password)
      throws KysoException {
    if (encryptedForRecipients(e)) {
      throw new DocumentException("The file " + name + " is encrypted for the certificates of chosen recipients"
          + " (public-key security) rather than with a password, so kyso cannot open it; decrypt it with the"
          + " recipient's key first, then verify the result.", e);
    }
    if (hostileEncryption(e)) {
      throw new DocumentException("The file " + name + " is encrypted with an unknown or damaged method (its"
          + " /Encrypt dictionary), so it cannot be opened or verified.", e);
    }
    if (encryptedWithoutPassword(e)) {
      throw new DocumentException("The file " + name + " is protected by a password"
          + (password == null ? "" : " and the password given does not open it") + "; give the password with"
          + " --password-env or --password-file (library: Verifier.Builder.password).", e);
    }
    // an algorithm this Java cannot compute (SHAKE-256 for Ed448): DSS gives up on the whole document; the
    // signatures are listed as not checkable rather than the file as unreadable
    Optional<String> missing = DssVerification.missingAlgorithm(e);
    List<PdfFieldInventory.Field> fields = missing.isPresent() ? inventory.fields(doc, password) : List.of();
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    List<SignatureResult> sigs = new ArrayList<>();
    try {
      FileTail.Source source = source(doc);
      for (PdfFieldInventory.Field f : fields) {
        sigs.add(PdfCoverage.algorithmNotSupported(f, source, missing.get()));
      }
    } catch (IOException io) {
      throw new FileAccessException("The file " + name + " cannot be read.", io);
    }
    return Optional.of(new VerificationReport(name, "PAdES", sigs, List.of(), Optional.empty()));
  }

  @Override
  public Reading read(String name, DSSDocument doc, Reports reports, char[] password)
      throws KysoException, IOException {
    FileTail.Source source = source(doc);
    List<PdfFieldInventory.Field> fields = inventory.fields(doc, password);
    DiagnosticData diag = reports.getDiagnosticData();
    if (diag.getSignatures().isEmpty() && diag.getTimestampList().isEmpty() && fields.isEmpty()
        && holdsSignatureDictionary(source)) {
      throw new DocumentException("The file " + name
          + " holds a signature that cannot be read; the file may be truncated or damaged.");
    }
    return new PdfReading(source, reports, fields, brokenMetadata(reports, doc, password),
        new FieldNames(inventory, doc, password));
  }

  private static FileTail.Source source(DSSDocument doc) throws IOException {
    if (doc instanceof FileDocument f) {
      return FileTail.Source.of(f.getFile().toPath());
    }
    try (InputStream in = doc.openStream()) {
      return FileTail.Source.of(in.readAllBytes());
    }
  }

  /** Field names by object number, read from the document the first time a change needs one. */
  private static final class FieldNames implements java.util.function.LongFunction<String> {
    private final PdfFieldInventory inventory;
    private final DSSDocument doc;
    private final char[] password;
    private java.util.Map<Long, String> names;

    FieldNames(PdfFieldInventory inventory, DSSDocument doc, char[] password) {
      this.inventory = inventory;
      this.doc = doc;
      this.password = password;
    }

    @Override
    public String apply(long number) {
      if (names == null) {
        names = inventory.fieldNames(doc, password);
      }
      return names.get(number);
    }
  }

  /** The checks of one PDF, with what is worked out once for all its signatures. */
  private static final class PdfReading implements Reading {
    private final FileTail.Source pdfSource;
    private final SimpleReport simple;
    private final DiagnosticData diag;
    private final List<PdfFieldInventory.Field> fields;
    private final boolean metadataNotXml;
    private final long fileLength;
    private final List<Long> knownEnds = new ArrayList<>();
    private final long junk;
    private final FileTail.Index tails;
    private final List<SignatureWrapper> signatures;
    private final List<PdfChanges.Result> pdfChanges = new ArrayList<>();

    PdfReading(FileTail.Source pdfSource, Reports reports, List<PdfFieldInventory.Field> fields,
        boolean metadataNotXml, FieldNames names) throws IOException {
      this.pdfSource = pdfSource;
      this.simple = reports.getSimpleReport();
      this.diag = reports.getDiagnosticData();
      this.fields = fields;
      this.metadataNotXml = metadataNotXml;
      this.fileLength = pdfSource.length();
      long lastSignedEnd = -1;
      for (SignatureWrapper s : diag.getSignatures()) {
        knownEnds.add(end(s.getPDFRevision()));
      }
      for (TimestampWrapper t : diag.getTimestampList()) {
        knownEnds.add(end(t.getPDFRevision()));
      }
      for (long e : knownEnds) {
        lastSignedEnd = Math.max(lastSignedEnd, e);
      }
      this.junk = lastSignedEnd > 0 ? FileTail.junkAfterLastEof(pdfSource, lastSignedEnd) : 0;
      // what follows each signed revision, from one scan of the file (issue 20: linear in the number of signatures)
      this.tails = FileTail.index(pdfSource, knownEnds);
      this.signatures = diag.getSignatures();
      // changes after each PDF signature, worked out first: a change made before a later signature that is itself
      // valid and followed by nothing suspicious was attested by that later signer (as the Decree 30 issuance
      // signature attests the number and date the clerk stamped after the approval signature)
      for (SignatureWrapper s : signatures) {
        PDFRevisionWrapper rev = s.getPDFRevision();
        pdfChanges.add(rev != null
            ? PdfChanges.analyse(rev, tails.after(Math.max(0, end(rev))),
                junk + tails.dataBetweenRevisionsAfter(end(rev)), names)
            : null);
      }
    }

    @Override
    public String format() {
      return "PAdES";
    }

    /** The ends of every signature's revision, sorted; made once (not once per signature: issue 20). */
    private long[] sortedEnds;

    /** How many signatures end after {@code end}. */
    private int laterThan(long end) {
      if (sortedEnds == null) {
        sortedEnds = signatures.stream().mapToLong(o -> end(o.getPDFRevision())).sorted().toArray();
      }
      int lo = 0;
      int hi = sortedEnds.length;
      while (lo < hi) { // the first index whose end is greater than end
        int mid = (lo + hi) >>> 1;
        if (sortedEnds[mid] > end) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return sortedEnds.length - lo;
    }

    @Override
    public void signature(int i, SignatureWrapper s, SignatureDraft d) throws IOException {
      PDFRevisionWrapper rev = s.getPDFRevision();
      if (rev == null) {
        return; // not a signature of this PDF's revisions (DSS lists none such today): DSS's judgement stands
      }
      List<Finding> findings = d.findings;
      edDsaCheckedByKyso(s, d);
      long end = end(rev);
      d.whole = end == fileLength;
      PdfChanges.Result changes = pdfChanges.get(i);
      findings.addAll(changes.modifications());
      findings.addAll(changes.warnings());
      d.suspicious = changes.suspicious();
      d.summary = "error.changedAfterSigning";
      if (metadataNotXml && metadataChanged(s)) {
        findings.add(Messages.finding(Finding.Kind.MODIFICATION, "modification.metadataNotXml"));
        d.suspicious = true;
        d.whole = false;
      }
      Optional<Finding> uncovered = PdfCoverage.midRevision(pdfSource, end);
      if (uncovered.isPresent()) {
        findings.add(uncovered.get());
        d.suspicious = true;
        d.whole = false;
      }
      Optional<SignatureWrapper> attester = d.suspicious && changes.formFillOnly()
          ? attester(i, signatures, pdfChanges, simple) : Optional.empty();
      if (attester.isPresent()) {
        d.suspicious = false;
        findings.add(Messages.finding(Finding.Kind.WARNING, "warning.changesAttested",
            Optional.ofNullable(simple.getSignedBy(attester.get().getId())).orElse(attester.get().getId())));
      }
      int later = laterThan(end);
      PdfPermissions.Result rules = PdfPermissions.check(rev, changes, later);
      findings.addAll(0, rules.findings().stream().filter(f -> f.kind() == Finding.Kind.ERROR).toList());
      findings.addAll(rules.findings().stream().filter(f -> f.kind() != Finding.Kind.ERROR).toList());
      if (rules.permitted() && d.suspicious && uncovered.isEmpty()) {
        d.suspicious = false;
        findings.add(Messages.finding(Finding.Kind.WARNING, "warning.changesPermitted",
            Integer.toString(rules.certification())));
      }
      if (rules.violated()) {
        d.suspicious = false;
        d.indication = Indication.TOTAL_FAILED;
        d.subIndication = Optional.of(SubIndication.SIG_CONSTRAINTS_FAILURE.name());
      } else if (d.suspicious && changes.modifications().stream().anyMatch(f -> DISALLOWED.contains(f.code()))) {
        // what no later signer may do, certified or not (pyHanko's modification level OTHER): the signature fails
        d.summary = "error.disallowedChange";
        d.indication = Indication.TOTAL_FAILED;
        d.subIndication = Optional.of(SubIndication.SIG_CONSTRAINTS_FAILURE.name());
      }
    }

    /**
     * An EdDSA signature DSS calls broken although the signed bytes' digest matched: DSS's CMS stack does not check
     * every EdDSA encoding (Ed448 with id-shake256 without its length). kyso checks it with BouncyCastle; intact,
     * it is INDETERMINATE (DSS's policy does not authorise the algorithm) instead of TOTAL_FAILED.
     */
    private void edDsaCheckedByKyso(SignatureWrapper s, SignatureDraft d) {
      var enc = s.getEncryptionAlgorithm();
      List<BigInteger> br = s.getPDFRevision() == null ? null : s.getPDFRevision().getSignatureByteRange();
      boolean digestIntact = !s.getDigestMatchers().isEmpty()
          && s.getDigestMatchers().stream().allMatch(m -> m.isDataFound() && m.isDataIntact());
      if (d.indication != Indication.TOTAL_FAILED || enc == null || !enc.name().startsWith("EDDSA") || !digestIntact
          || br == null || br.size() != 4) {
        return;
      }
      PdfFieldInventory.Field f = new PdfFieldInventory.Field("", "Sig", "",
          br.stream().map(BigInteger::longValue).toList(), 0, false);
      Optional<CmsIntegrity.Outcome> bc = CmsIntegrity.check(f, pdfSource);
      if (bc.isPresent() && bc.get().intact()) {
        d.indication = Indication.INDETERMINATE;
        d.subIndication = Optional.of(SubIndication.CRYPTO_CONSTRAINTS_FAILURE.name());
        d.findings.removeIf(x -> "dss.BBB_CV_ISI_ANS".equals(x.code()));
        String alg = s.getSignatureAlgorithm() == null ? "EdDSA" : s.getSignatureAlgorithm().getName();
        d.findings.add(0, Messages.finding(Finding.Kind.WARNING, "warning.intactCheckedByKyso", alg));
      }
    }

    @Override
    public TimestampResult timestamp(TimestampWrapper t, TimestampResult r) throws IOException {
      PDFRevisionWrapper rev = t.getPDFRevision();
      if (rev != null && r.indication() == Indication.TOTAL_PASSED) {
        PdfChanges.Result changes = PdfChanges.analyse(rev, tails.after(Math.max(0, end(rev))),
            junk + tails.dataBetweenRevisionsAfter(end(rev)));
        if (changes.suspicious()) {
          return new TimestampResult(r.id(), r.type(), r.time(), Indication.INDETERMINATE,
              Optional.of(SubIndication.SIG_CONSTRAINTS_FAILURE.name()), r.tsaName());
        }
      }
      return r;
    }

    @Override
    public List<SignatureResult> unlisted() throws IOException {
      List<SignatureResult> out = new ArrayList<>();
      Listed listed = new Listed(diag);
      for (PdfFieldInventory.Field f : fields) {
        if (!listed.has(f)) {
          out.add(PdfCoverage.unlisted(f, pdfSource));
        }
      }
      return out;
    }
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
          && DssVerification.indication(simple.getIndication(later.getId())) == Indication.TOTAL_PASSED) {
        return Optional.of(later);
      }
    }
    return Optional.empty();
  }

  /**
   * XMP metadata replaced after a signature by something that is not XML: DSS files metadata updates as harmless
   * extensions, but a reader fed non-XML metadata is not looking at what was signed, so it is named as a change.
   */
  private boolean brokenMetadata(Reports reports, DSSDocument doc, char[] password) {
    boolean touched = reports.getDiagnosticData().getSignatures().stream().anyMatch(PdfChecks::metadataChanged);
    if (!touched) {
      return false;
    }
    Optional<byte[]> xmp = inventory.metadata(doc, password);
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

  /**
   * The field names and byte ranges of what DSS reported (signatures and document timestamps), looked up in sets
   * (issue 20: one pass over DSS's list, not one per field).
   */
  private static final class Listed {
    private final java.util.Set<String> names = new java.util.HashSet<>();
    private final java.util.Set<List<Long>> ranges = new java.util.HashSet<>();

    Listed(DiagnosticData diag) {
      List<PDFRevisionWrapper> revs = new ArrayList<>();
      diag.getSignatures().forEach(s -> revs.add(s.getPDFRevision()));
      diag.getTimestampList().forEach(t -> revs.add(t.getPDFRevision()));
      for (PDFRevisionWrapper r : revs) {
        if (r == null) {
          continue;
        }
        if (r.getSignatureFieldNames() != null) {
          names.addAll(r.getSignatureFieldNames());
        }
        List<BigInteger> br = r.getSignatureByteRange();
        if (br != null) {
          List<Long> range = new ArrayList<>(br.size());
          br.forEach(b -> range.add(b.longValue()));
          ranges.add(range);
        }
      }
    }

    /**
     * Whether DSS reported the signature or document timestamp of field {@code f}: by its name, or a name it ends
     * with after a dot (a field in a hierarchy), or by its byte range.
     */
    boolean has(PdfFieldInventory.Field f) {
      String name = f.name();
      if (!name.isEmpty()) {
        if (names.contains(name)) {
          return true;
        }
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
          if (names.contains(name.substring(dot + 1))) {
            return true;
          }
        }
      }
      return !f.byteRange().isEmpty() && ranges.contains(List.copyOf(f.byteRange()));
    }
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
}
