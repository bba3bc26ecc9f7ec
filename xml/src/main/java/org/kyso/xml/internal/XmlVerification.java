package org.kyso.xml.internal;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlDigestMatcher;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
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
import org.w3c.dom.Document;

/**
 * The verification behind {@link org.kyso.xml.XmlVerifier} and behind {@link org.kyso.core.verify.Verifier} for
 * XML (through {@link XmlFormatVerifier}): one code path, so that both judge XML the same way. Immutable and
 * thread-safe.
 */
public final class XmlVerification {
  /**
   * Everything a verification needs.
   *
   * @param policy a DSS validation policy (XML) that replaces both DSS's default policy and kyso's plain XMLDSig
   *     policy; empty for those
   * @param siblings read the contents that signatures name by a plain file name from the signed file's folder
   * @param maxSiblingSize the largest such file read; a larger one is refused
   */
  public record Settings(TrustAnchors trust, boolean online, boolean documentUrls, boolean detailedReport,
      Clock clock, Optional<byte[]> policy, boolean siblings, long maxSiblingSize) {
    public Settings {
      Objects.requireNonNull(trust, "trust");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(policy, "policy");
    }
  }

  private final Settings settings;

  public XmlVerification(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** See {@link org.kyso.xml.XmlVerifier#verify(Path, Map)}. */
  public VerificationReport verify(Path file, Map<String, byte[]> detachedContents) throws KysoException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(detachedContents, "detachedContents");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read: " + e.getMessage(), e);
    }
    Map<String, byte[]> contents = detachedContents;
    if (settings.siblings()) {
      contents = new LinkedHashMap<>(detachedContents);
      addSiblings(file, bytes, contents, settings.maxSiblingSize());
    }
    return verify(bytes, file.getFileName().toString(), contents);
  }

  /** Reads the external references not given by the caller from plain-named files next to the signed file. */
  private static void addSiblings(Path file, byte[] bytes, Map<String, byte[]> contents, long maxSize)
      throws KysoException {
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
            if (Files.size(p) > maxSize) {
              throw new DocumentException("The file " + name + " that a signature in " + file.getFileName()
                  + " covers is larger than the size limit of the verifier; raise the limit if it is expected.");
            }
            contents.put(uri, Files.readAllBytes(p));
          } catch (IOException e) {
            throw new FileAccessException("The file " + p + " cannot be read: " + e.getMessage(), e);
          }
        }
      }
    }
  }

  /** See {@link org.kyso.xml.XmlVerifier#verify(byte[], String, Map)}. */
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
    ValidationPolicy policy;
    if (settings.policy().isPresent()) {
      // the caller's policy, as given (checked when it was set)
      policy = ValidationPolicyLoader.fromValidationPolicy(new InMemoryDocument(settings.policy().get())).create();
    } else {
      policy = allPlain ? XmlPolicies.plainXmlDsig() : null;
    }
    DssDocumentVerification.Outcome outcome = DssDocumentVerification.verify(new InMemoryDocument(xml, name),
        xml.length, detached, policy, settings.trust(), settings.online(), settings.documentUrls(),
        settings.detailedReport(), settings.clock());
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
          claimed, r.provenSigningTime(), r.timestamps(), r.coversWholeDocument(), all).withDetails(r.details()));
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
}
