package org.kyso.core.internal.dss;

import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlObjectModification;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.exception.IllegalInputException;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kyso.core.DocumentException;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.TimestampResult;
import org.kyso.core.verify.VerificationReport;

/** Runs DSS's validation and turns its reports into kyso's {@link VerificationReport}. */
public final class DssVerification {
  /** Vietnam's offset: times in reports are shown as local time there. */
  public static final ZoneOffset VN = ZoneOffset.ofHours(7);

  private final TrustAnchors trust;
  private final boolean online;
  private final boolean detailedReport;
  private final Clock clock;

  public DssVerification(TrustAnchors trust, boolean online, boolean detailedReport, Clock clock) {
    this.trust = trust;
    this.online = online;
    this.detailedReport = detailedReport;
    this.clock = clock;
  }

  public VerificationReport verify(Path file) throws KysoException {
    FileDocument doc = new FileDocument(file.toFile());
    SignedDocumentValidator validator;
    try {
      validator = SignedDocumentValidator.fromDocument(doc);
    } catch (IllegalInputException | UnsupportedOperationException e) {
      throw new DocumentException("The file " + file.getFileName()
          + " is neither a PDF nor an XML document that kyso can read.", e);
    }
    validator.setCertificateVerifier(DssVerifiers.create(trust, online));
    validator.setValidationTime(Date.from(clock.instant()));
    Reports reports;
    try {
      reports = validator.validateDocument();
    } catch (RuntimeException e) {
      throw new DocumentException("The file " + file.getFileName() + " cannot be parsed: "
          + oneLine(e.getMessage()), e);
    }
    return toReport(file.getFileName().toString(), file.toFile().length(), reports);
  }

  VerificationReport toReport(String name, long fileLength, Reports reports) {
    SimpleReport simple = reports.getSimpleReport();
    DiagnosticData diag = reports.getDiagnosticData();
    List<SignatureResult> sigs = new ArrayList<>();
    Set<String> attached = new HashSet<>();
    String format = "UNKNOWN";
    for (SignatureWrapper s : diag.getSignatures()) {
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
      List<String> errors = new ArrayList<>();
      for (Message m : simple.getAdESValidationErrors(id)) {
        errors.add(m.getValue());
      }
      List<String> warnings = new ArrayList<>();
      for (Message m : simple.getAdESValidationWarnings(id)) {
        warnings.add(m.getValue());
      }
      List<String> mods = new ArrayList<>();
      boolean whole = coversWhole(s, fileLength, mods);
      sigs.add(new SignatureResult(id, indication(simple.getIndication(id)), sub(simple.getSubIndication(id)),
          levelText, signedBy, subject, time(simple.getSigningTime(id)), provenTime(simple, s),
          ts, whole, mods, errors, warnings));
    }
    List<TimestampResult> docTs = new ArrayList<>();
    for (TimestampWrapper t : diag.getTimestampList()) {
      if (!attached.contains(t.getId())) {
        docTs.add(timestamp(simple, t));
      }
    }
    if ("UNKNOWN".equals(format) && !docTs.isEmpty()) {
      format = "PAdES";
    }
    Optional<String> detailed = detailedReport ? Optional.of(reports.getXmlDetailedReport()) : Optional.empty();
    return new VerificationReport(name, format, sigs, docTs, detailed);
  }

  private static boolean coversWhole(SignatureWrapper s, long fileLength, List<String> mods) {
    PDFRevisionWrapper rev = s.getPDFRevision();
    if (rev == null) {
      // XML and CMS: DSS reports the signed scopes; a FULL scope means the whole document
      return s.getSignatureScopes().stream().anyMatch(sc -> sc.getScope() != null
          && "FULL".equals(sc.getScope().name()));
    }
    List<BigInteger> br = rev.getSignatureByteRange();
    boolean whole = br != null && br.size() == 4
        && br.get(2).add(br.get(3)).longValue() == fileLength;
    for (BigInteger p : rev.getPdfPageDifferenceConcernedPages()) {
      mods.add("page " + p + " added or removed after signing");
    }
    for (BigInteger p : rev.getPdfAnnotationsOverlapConcernedPages()) {
      mods.add("annotation overlapping content on page " + p);
    }
    for (BigInteger p : rev.getPdfVisualDifferenceConcernedPages()) {
      mods.add("visual content of page " + p + " changed");
    }
    for (XmlObjectModification m : rev.getPdfAnnotationChanges()) {
      mods.add("annotation changed: " + describe(m));
    }
    for (XmlObjectModification m : rev.getPdfUndefinedChanges()) {
      mods.add("content changed: " + describe(m));
    }
    for (XmlObjectModification m : rev.getPdfSignatureOrFormFillChanges()) {
      mods.add("form field or signature changed: " + describe(m));
    }
    return whole;
  }

  private static String describe(XmlObjectModification m) {
    String type = m.getType() == null ? "" : m.getType().toString().toLowerCase(java.util.Locale.ROOT) + " ";
    return type + (m.getFieldName() != null ? m.getFieldName() : m.getValue());
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
        time(t.getProductionTime()).orElse(OffsetDateTime.ofInstant(java.time.Instant.EPOCH, VN)),
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

  private static String formatOf(String level) {
    int dash = level.indexOf('-');
    return dash > 0 ? level.substring(0, dash) : level;
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    String l = s.strip().lines().findFirst().orElse("");
    return l.length() > 200 ? l.substring(0, 200) + "…" : l;
  }
}
