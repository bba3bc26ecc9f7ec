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
import org.kyso.core.internal.verify.Messages;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.w3c.dom.Document;

/**
 * The verification behind {@link org.kyso.xml.XmlVerifier} and behind {@link org.kyso.core.verify.Verifier} for
 * XML (through {@link org.kyso.xml.XmlVerification}): one code path, so that both judge XML the same way. Immutable and
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
      return new VerificationReport(name, "UNKNOWN", List.of(), List.of(), Optional.empty(),
          XmlRoles.documentFields(doc), Map.of());
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
    return merge(outcome, findings, allPlain, detached, XmlRoles.documentFields(doc), settings.clock());
  }

  private static VerificationReport merge(DssDocumentVerification.Outcome outcome,
      List<XmlInspection.Findings> findings, boolean allPlain, List<DSSDocument> detached,
      Map<String, String> documentFields, Clock clock) {
    VerificationReport dss = outcome.report();
    DiagnosticData diag = outcome.reports().getDiagnosticData();
    Map<String, SignatureWrapper> wrappers = new LinkedHashMap<>();
    for (SignatureWrapper w : diag.getSignatures()) {
      wrappers.put(w.getId(), w);
    }
    List<SignatureResult> out = new ArrayList<>();
    Map<String, String> roles = new LinkedHashMap<>();
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
          String label = f == null || m.getId() == null ? null : f.referenceLabels().get(m.getId());
          String what = label != null ? "'" + label + "'" : describe(m);
          if (!m.isDataFound()) {
            added.add(new Finding(Finding.Kind.ERROR, isExternal(m) ? "xml.externalReferenceNotGiven"
                : "xml.referenceNotFound", List.of(what), "The reference " + what + " was not found"
                + (isExternal(m) ? "; give its content to the verifier (kyso never fetches it)." : ".")));
          } else if (!m.isDataIntact()) {
            brokenReference = true;
            added.add(new Finding(Finding.Kind.ERROR, "xml.referenceChanged", List.of(what), "The reference " + what
                + " does not match: the content it covers was changed after signing."));
          }
        }
      }
      String signedBy = r.signedBy();
      String subject = r.certificateSubject();
      boolean valueFailed = false;
      if (f != null) {
        for (String uri : f.core().brokenReferences()) {
          String what = "'" + uri + "'";
          if (added.stream().noneMatch(x -> x.arguments().contains(what))) {
            brokenReference = true;
            added.add(new Finding(Finding.Kind.ERROR, "xml.referenceChanged", List.of(what), "The reference " + what
                + " does not match: the content it covers was changed after signing."));
          }
        }
        if (f.core().value() == XmlCoreCheck.Value.FAILED) {
          valueFailed = true;
          added.add(0, new Finding(Finding.Kind.ERROR, "xml.signatureValueInvalid", List.of(),
              "The signature value does not verify with the key of the certificate the signature carries: the"
                  + " signature, its SignedInfo or its certificate was altered, or it was never signed with that key."));
        }
        if (f.core().signer().isPresent() && ("?".equals(signedBy) || subject.isEmpty())) {
          var cert = f.core().signer().get();
          subject = cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
          signedBy = commonName(cert).orElse(signedBy);
        }
      }
      Indication indication = r.indication();
      Optional<String> sub = r.subIndication();
      if (valueFailed) {
        // the signature does not verify with its own certificate's key: forged or altered, trusted chain or not
        indication = Indication.TOTAL_FAILED;
        sub = Optional.of("SIG_CRYPTO_FAILURE");
      } else if (brokenReference && indication != Indication.TOTAL_FAILED) {
        // a covered content that no longer matches its digest is a definite failure; DSS stops at INDETERMINATE
        // for plain XMLDSig only because, without XAdES properties, it finds the signer's certificate by checking
        // the whole signature, references included
        indication = Indication.TOTAL_FAILED;
        sub = Optional.of("HASH_FAILURE");
      }
      List<Finding> wrapping = new ArrayList<>();
      if (f != null) {
        for (XmlInspection.Issue issue : f.wrapping()) {
          // a duplicated Id and an unsigned Object are changes to the document: reported as such, as before
          wrapping.add(switch (issue.code()) {
            case "xml.duplicateId" -> Messages.finding(Finding.Kind.MODIFICATION, "modification.xmlDuplicateId",
                issue.arguments().toArray(String[]::new));
            case "xml.unsignedObject" -> Messages.finding(Finding.Kind.MODIFICATION, "modification.xmlUnsignedObject",
                issue.arguments().get(0).isEmpty() ? "" : "Id=\"" + issue.arguments().get(0) + "\"");
            default -> new Finding(Finding.Kind.ERROR, issue.code(), issue.arguments(), issue.text());
          });
        }
      }
      if (f != null && !f.wrapping().isEmpty() && indication != Indication.TOTAL_FAILED) {
        indication = Indication.TOTAL_FAILED;
        sub = Optional.of("FORMAT_FAILURE");
      }
      if (f != null) {
        for (String id : f.unsignedPropertyObjects()) {
          added.add(new Finding(Finding.Kind.WARNING, "xml.unsignedProperties", List.of(id), "The signature"
              + " properties in the Object" + (id.isEmpty() ? "" : " '" + id + "'") + " are not signed: their"
              + " signing time is not the signer's claim and is not reported."));
        }
      }
      if (f != null && !f.unsignedTwins().isEmpty()) {
        // not proof of forgery (documents may repeat names), but what an application reads may not be signed
        wrapping.add(Messages.finding(Finding.Kind.ERROR, "error.xmlWrapping"));
        for (String name : f.unsignedTwins()) {
          wrapping.add(Messages.finding(Finding.Kind.MODIFICATION, "modification.xmlUnsignedTwin", name));
        }
        if (indication == Indication.TOTAL_PASSED) {
          indication = Indication.INDETERMINATE;
          sub = Optional.of("SIG_CONSTRAINTS_FAILURE");
        }
      }
      var claimed = r.claimedSigningTime();
      if (claimed.isEmpty() && f != null) {
        claimed = f.signingTimeProperty();
        if (f.signingTimeWrittenAsUtc() && claimed.isPresent() && looksLikeLocalTimeAsUtc(claimed.get(), clock)) {
          added.add(new Finding(Finding.Kind.WARNING, "xml.signingTimeLocalAsUtc",
              List.of(claimed.get().toLocalDateTime().toString()), "The signing time "
              + claimed.get().toLocalDateTime() + " is written as UTC but lies in the future: it is most likely"
              + " Vietnam time (+07:00) written with the wrong offset."));
        }
      }
      if (f != null && f.role().isPresent()) {
        roles.put(r.id(), f.role().get().code());
      }
      List<Finding> all = new ArrayList<>(wrapping);
      all.addAll(added);
      boolean plain = f != null && !f.xades();
      boolean keyKnown = f != null && f.core().value() == XmlCoreCheck.Value.VERIFIED;
      for (Finding x : r.findings()) {
        if (plain && PLAIN_NOISE.contains(x.code()) || keyKnown && "dss.ASCCM_PKSK_ANS".equals(x.code())) {
          continue; // XAdES properties a plain XMLDSig signature cannot have; a key size kyso did read
        }
        Finding y = legacyCrypto(x, sub.filter(v -> v.startsWith("CRYPTO_CONSTRAINTS")).isPresent());
        if (all.stream().noneMatch(z -> z.text().equals(y.text()))) {
          all.add(y);
        }
      }
      out.add(SignatureResult.of(r.id(), indication, sub, r.level(), signedBy, subject,
          claimed, r.provenSigningTime(), r.timestamps(), r.coversWholeDocument(), all).withDetails(r.details()));
    }
    String format = allPlain ? "XMLDSig" : "XAdES";
    return new VerificationReport(dss.file(), format, out, dss.documentTimestamps(), dss.detailedReportXml(),
        documentFields, roles);
  }

  /** DSS's findings about XAdES properties, which plain XMLDSig (e-invoices, edXML) never has: not reported. */
  private static final java.util.Set<String> PLAIN_NOISE = java.util.Set.of("dss.BBB_ICS_ISASCP_ANS",
      "dss.BBB_SAV_ISQPSTP_ANS", "dss.BBB_SAV_ISQPMDOSPP_ANS");

  /**
   * SHA-1 and short keys (legacy invoices) are warnings that name the rule they break, never a failure by
   * themselves: kyso's crypto notes name the rule, and they and DSS's algorithm findings are warnings, unless they
   * are the very reason the signature did not pass (a CRYPTO_CONSTRAINTS sub-indication: then they are errors).
   */
  private static Finding legacyCrypto(Finding x, boolean reason) {
    Finding.Kind kind = reason ? Finding.Kind.ERROR : Finding.Kind.WARNING;
    return switch (x.code()) {
      case "crypto.weakDigest", "crypto.legacyDigest" -> Messages.finding(kind,
          "crypto.legacyDigest", x.arguments().toArray(String[]::new));
      case "crypto.shortKey", "crypto.legacyShortKey" -> Messages.finding(kind,
          "crypto.legacyShortKey", x.arguments().toArray(String[]::new));
      case "dss.ASCCM_AR_ANS_ANR", "dss.ASCCM_AR_ANS_AKSNR" -> reason ? x
          : new Finding(Finding.Kind.WARNING, x.code(), x.arguments(), x.text());
      default -> x;
    };
  }

  /** A UTC time after now but not more than Vietnam's offset ahead: local time written with a Z. */
  private static boolean looksLikeLocalTimeAsUtc(java.time.OffsetDateTime t, Clock clock) {
    java.time.Instant now = clock.instant();
    java.time.Instant i = t.toInstant();
    return i.isAfter(now) && !i.isAfter(now.plus(java.time.Duration.ofHours(7).plusMinutes(5)));
  }

  private static Optional<String> commonName(java.security.cert.X509Certificate c) {
    try {
      for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(c.getSubjectX500Principal()
          .getName(javax.security.auth.x500.X500Principal.RFC2253)).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return Optional.of(String.valueOf(rdn.getValue()));
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      return Optional.empty();
    }
    return Optional.empty();
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
}
