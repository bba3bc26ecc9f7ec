package org.kyso.xml;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlDigestMatcher;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.dss.DssDocumentVerification;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.xml.internal.SecureXml;
import org.kyso.xml.internal.XmlInspection;
import org.kyso.xml.internal.XmlPolicies;
import org.w3c.dom.Document;

/**
 * Verifies signed XML: XAdES and plain XMLDSig signatures (e-invoices, edXML envelopes), through DSS (ETSI EN 319
 * 102-1) and kyso's own checks, into the same {@link VerificationReport} as {@link org.kyso.core.verify.Verifier}.
 *
 * <p>On top of DSS it:
 *
 * <ul>
 *   <li>parses the XML safely first (no DTD, so no external entity and no entity bomb), and refuses signatures
 *       beyond limits on references (30), transforms (5 per reference) and XSLT transforms;
 *   <li>detects signature wrapping: an Id that occurs twice, a signed element moved into a signature's Object or
 *       into another signature, an e-invoice signature that does not cover its own invoice's {@code DLHDon}, a
 *       {@code ds:Object} that no reference covers; each makes the signature TOTAL_FAILED with the reason;
 *   <li>names each reference whose content does not match ({@code cid:} attachment, Id, detached file);
 *   <li>judges plain XMLDSig signatures with DSS's default policy except the XAdES signing-time requirement, and
 *       reports their signed {@code SigningTime} property as the claimed signing time;
 *   <li>gives DSS the detached contents and {@code cid:} attachments the caller provides; it never fetches a URL
 *       or file named by a signature.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class XmlVerifier {
  private final TrustAnchors trust;
  private final boolean online;
  private final boolean detailedReport;
  private final Clock clock;
  private final boolean siblings;

  private XmlVerifier(Builder b) {
    this.siblings = b.siblings;
    this.trust = b.trust;
    this.online = b.online;
    this.detailedReport = b.detailedReport;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * True when the file starts like XML (after an optional byte-order mark and white space, a {@code <}); a cheap
   * test for routing a file to this verifier rather than the PDF one.
   */
  public static boolean looksLikeXml(Path file) {
    try (var in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(1024);
      int i = 0;
      if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
        i = 3;
      }
      while (i < head.length && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) {
        i++;
      }
      return i < head.length && head[i] == '<';
    } catch (IOException e) {
      return false;
    }
  }

  /** Verifies a signed XML file that carries everything it signs (enveloped, enveloping). */
  public VerificationReport verify(Path file) throws KysoException {
    return verify(file, Map.of());
  }

  /**
   * Verifies a signed XML file, with the contents its signatures refer to outside the file: for an edXML envelope
   * the attachments by content id ({@code "cid:ID"} or just {@code "ID"}), for a detached signature the signed
   * file by the name the signature uses.
   *
   * @throws FileAccessException if the file is missing or unreadable
   * @throws DocumentException if it is not well-formed XML, declares a DTD, or exceeds kyso's limits
   */
  public VerificationReport verify(Path file, Map<String, byte[]> detachedContents) throws KysoException {
    Objects.requireNonNull(file, "file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read: " + e.getMessage(), e);
    }
    Map<String, byte[]> contents = detachedContents;
    if (siblings) {
      contents = new LinkedHashMap<>(detachedContents);
      addSiblings(file, bytes, contents);
    }
    return verify(bytes, file.getFileName().toString(), contents);
  }

  /** Reads the external references not given by the caller from plain-named files next to the signed file. */
  private static void addSiblings(Path file, byte[] bytes, Map<String, byte[]> contents) throws KysoException {
    Path folder = file.toAbsolutePath().getParent();
    List<XmlInspection.Findings> findings;
    try {
      findings = XmlInspection.inspect(SecureXml.parse(bytes, file.getFileName().toString()));
    } catch (XmlInspection.LimitExceeded e) {
      return; // refused with its message by verify(byte[], ...)
    }
    for (XmlInspection.Findings f : findings) {
      for (String uri : f.externalReferences()) {
        String name = uri.startsWith("cid:") ? uri.substring(4) : uri;
        if (contents.containsKey(uri) || contents.containsKey(name) || name.isEmpty() || name.contains("/")
            || name.contains("\\") || name.contains(":") || name.startsWith(".")) {
          continue;
        }
        Path p = folder.resolve(name);
        if (Files.isRegularFile(p)) {
          try {
            contents.put(uri, Files.readAllBytes(p));
          } catch (IOException e) {
            throw new FileAccessException("The file " + p + " cannot be read: " + e.getMessage(), e);
          }
        }
      }
    }
  }

  /** Verifies signed XML held in memory; see {@link #verify(Path, Map)}. */
  public VerificationReport verify(byte[] xml, String name, Map<String, byte[]> detachedContents)
      throws KysoException {
    Objects.requireNonNull(xml, "xml");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detachedContents, "detachedContents");
    Document doc = SecureXml.parse(xml, name);
    List<XmlInspection.Findings> findings;
    try {
      findings = XmlInspection.inspect(doc);
    } catch (XmlInspection.LimitExceeded e) {
      throw new DocumentException(e.getMessage() + " The file " + name + " is refused.", e);
    }
    if (findings.isEmpty()) {
      return new VerificationReport(name, "UNKNOWN", List.of(), List.of(), Optional.empty());
    }
    List<DSSDocument> detached = new ArrayList<>();
    for (XmlInspection.Findings f : findings) {
      for (String uri : f.externalReferences()) {
        byte[] content = detachedContents.get(uri);
        if (content == null && uri.startsWith("cid:")) {
          content = detachedContents.get(uri.substring(4));
        }
        if (content != null && detached.stream().noneMatch(d -> uri.equals(d.getName()))) {
          detached.add(new InMemoryDocument(content, uri));
        }
      }
    }
    if (org.apache.xml.security.Init.isInitialized()) {
      // someone in this JVM initialised Santuario with its default resolvers (local files, HTTP), which DSS's
      // validation would follow: refuse rather than let a signature make kyso fetch anything
      for (XmlInspection.Findings f : findings) {
        for (String uri : f.externalReferences()) {
          boolean given = detached.stream().anyMatch(d -> uri.equals(d.getName()));
          if (!given && uri.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !uri.startsWith("cid:")) {
            throw new DocumentException("A signature in " + name + " refers to " + uri
                + ", which kyso never fetches; give its content to the verifier.");
          }
        }
      }
    }
    boolean allPlain = findings.stream().noneMatch(XmlInspection.Findings::xades);
    ValidationPolicy policy = allPlain ? XmlPolicies.plainXmlDsig() : null;
    DssDocumentVerification.Outcome outcome = DssDocumentVerification.verify(new InMemoryDocument(xml, name),
        xml.length, detached, policy, trust, online, detailedReport, clock);
    return merge(outcome, findings, allPlain, detached);
  }

  private static VerificationReport merge(DssDocumentVerification.Outcome outcome,
      List<XmlInspection.Findings> findings, boolean allPlain, List<DSSDocument> detached) {
    VerificationReport dss = outcome.report();
    DiagnosticData diag = outcome.reports().getDiagnosticData();
    Map<String, SignatureWrapper> wrappers = new LinkedHashMap<>();
    for (SignatureWrapper w : diag.getSignatures()) {
      wrappers.put(w.getId(), w);
    }
    List<SignatureResult> out = new ArrayList<>();
    List<SignatureResult> results = dss.signatures();
    for (int i = 0; i < results.size(); i++) {
      SignatureResult r = results.get(i);
      SignatureWrapper w = wrappers.get(r.id());
      XmlInspection.Findings f = match(findings, w, i);
      // kyso's findings first (errors), then what DSS and the common wrapping analysis found
      List<Finding> added = new ArrayList<>();
      boolean brokenReference = false;
      if (w != null) {
        for (XmlDigestMatcher m : w.getDigestMatchers()) {
          String what = describe(m);
          if (!m.isDataFound()) {
            added.add(error("xml.referenceNotFound", "The reference " + what + " was not found" + (isExternal(m)
                ? "; give its content to the verifier (kyso never fetches it)." : ".")));
          } else if (!m.isDataIntact()) {
            brokenReference = true;
            added.add(error("xml.referenceChanged", "The reference " + what
                + " does not match: the content it covers was changed after signing."));
          }
        }
      }
      Indication indication = r.indication();
      Optional<String> sub = r.subIndication();
      if (brokenReference && indication != Indication.TOTAL_FAILED) {
        // a covered content that no longer matches its digest is a definite failure; DSS stops at INDETERMINATE
        // for plain XMLDSig only because, without XAdES properties, it finds the signer's certificate by checking
        // the whole signature, references included
        indication = Indication.TOTAL_FAILED;
        sub = Optional.of("HASH_FAILURE");
      }
      List<Finding> wrapping = new ArrayList<>();
      if (f != null) {
        for (XmlInspection.Issue issue : f.wrapping()) {
          String already = switch (issue.code()) {
            case "xml.duplicateId" -> "modification.xmlDuplicateId";
            case "xml.unsignedObject" -> "modification.xmlUnsignedObject";
            default -> null;
          };
          if (already == null || r.findings().stream().noneMatch(x -> already.equals(x.code()))) {
            wrapping.add(error(issue.code(), issue.text()));
          }
        }
      }
      if (f != null && !f.wrapping().isEmpty() && indication != Indication.TOTAL_FAILED) {
        indication = Indication.TOTAL_FAILED;
        sub = Optional.of("FORMAT_FAILURE");
      }
      var claimed = r.claimedSigningTime();
      if (claimed.isEmpty() && f != null) {
        claimed = f.signingTimeProperty();
      }
      List<Finding> all = new ArrayList<>(wrapping);
      all.addAll(added);
      for (Finding x : r.findings()) {
        if (all.stream().noneMatch(y -> y.text().equals(x.text()))) {
          all.add(x);
        }
      }
      out.add(SignatureResult.of(r.id(), indication, sub, r.level(), r.signedBy(), r.certificateSubject(),
          claimed, r.provenSigningTime(), r.timestamps(), r.coversWholeDocument(), all));
    }
    String format = allPlain ? "XMLDSig" : "XAdES";
    return new VerificationReport(dss.file(), format, out, dss.documentTimestamps(), dss.detailedReportXml());
  }

  private static XmlInspection.Findings match(List<XmlInspection.Findings> findings, SignatureWrapper w, int i) {
    if (w != null && w.getDAIdentifier() != null) {
      for (XmlInspection.Findings f : findings) {
        if (f.id().isPresent() && f.id().get().equals(w.getDAIdentifier())) {
          return f;
        }
      }
    }
    return i < findings.size() ? findings.get(i) : null;
  }

  private static String describe(XmlDigestMatcher m) {
    if (m.getUri() != null && !m.getUri().isEmpty()) {
      return "'" + m.getUri() + "'";
    }
    if (m.getUri() != null) {
      return "to the whole document";
    }
    if (m.getDocumentName() != null) {
      return "'" + m.getDocumentName() + "'";
    }
    return m.getId() != null ? "'" + m.getId() + "'" : "of type " + m.getType();
  }

  private static boolean isExternal(XmlDigestMatcher m) {
    return m.getUri() != null && !m.getUri().isEmpty() && !m.getUri().startsWith("#");
  }

  private static Finding error(String code, String text) {
    return new Finding(Finding.Kind.ERROR, code, List.of(), text);
  }

  /** Builds an {@link XmlVerifier}. */
  public static final class Builder {
    private TrustAnchors trust = TrustAnchors.none();
    private boolean online = true;
    private boolean detailedReport;
    private Clock clock = Clock.systemUTC();
    private boolean siblings;

    private Builder() {}

    /**
     * For {@link #verify(Path, Map)}: reads the contents that signatures refer to by a plain file name (a detached
     * signature's {@code report.pdf}, an edXML {@code cid:phu-luc.pdf}) from files of that name next to the signed
     * file, when the caller did not give them. Off by default; never reads outside that folder, never fetches URLs.
     */
    public Builder detachedContentsFromFolder(boolean read) {
      this.siblings = read;
      return this;
    }

    /** Trust anchors; several calls add up. */
    public Builder trust(TrustAnchors anchors) {
      this.trust = this.trust.plus(Objects.requireNonNull(anchors, "anchors"));
      return this;
    }

    /** Offline: no OCSP, CRL or certificate download; only what the document embeds. */
    public Builder offline(boolean offline) {
      this.online = !offline;
      return this;
    }

    /** Keeps DSS's detailed report (XML) in the result. */
    public Builder detailedReport(boolean keep) {
      this.detailedReport = keep;
      return this;
    }

    /** The validation time's clock (default: the system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public XmlVerifier build() {
      return new XmlVerifier(this);
    }
  }
}
