package org.kyso.core.internal.dss;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.spi.exception.IllegalInputException;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.kyso.core.DocumentException;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.VerificationReport;

/**
 * DSS validation of a document held in memory, with detached contents (detached signatures, {@code cid:}
 * attachments) and an optional validation policy, for format modules that need more than
 * {@link org.kyso.core.verify.Verifier}. Returns DSS's reports next to kyso's report so that the caller can add
 * format-specific findings.
 */
public final class DssDocumentVerification {
  private DssDocumentVerification() {}

  /** DSS's reports and kyso's report built from them. */
  public record Outcome(Reports reports, VerificationReport report) {}

  /**
   * Validates {@code document}.
   *
   * @param detached the detached contents, each named as the signature refers to it
   * @param policy a validation policy, or null for DSS's default
   * @throws DocumentException if DSS cannot read the document
   */
  public static Outcome verify(DSSDocument document, long length, List<DSSDocument> detached,
      ValidationPolicy policy, TrustAnchors trust, boolean online, boolean detailedReport, Clock clock)
      throws KysoException {
    return verify(document, length, detached, policy, trust, online, false, detailedReport, clock);
  }

  /**
   * Validates {@code document}, also fetching missing issuer certificates from the documents' AIA addresses when
   * {@code documentUrls} (online only; see {@link DssVerification#certificateVerifier}).
   *
   * @throws DocumentException if DSS cannot read the document
   */
  public static Outcome verify(DSSDocument document, long length, List<DSSDocument> detached,
      ValidationPolicy policy, TrustAnchors trust, boolean online, boolean documentUrls, boolean detailedReport,
      Clock clock) throws KysoException {
    String name = document.getName() == null ? "document" : document.getName();
    SignedDocumentValidator validator;
    try {
      validator = SignedDocumentValidator.fromDocument(document);
    } catch (IllegalInputException | UnsupportedOperationException e) {
      throw new DocumentException("The file " + name + " is neither a PDF nor an XML document that kyso can read.",
          e);
    }
    validator.setCertificateVerifier(DssVerification.certificateVerifier(trust, online, documentUrls));
    validator.setValidationTime(Date.from(clock.instant()));
    if (!detached.isEmpty()) {
      validator.setDetachedContents(detached);
    }
    Reports reports;
    try {
      reports = policy == null ? validator.validateDocument() : validator.validateDocument(policy);
    } catch (RuntimeException e) {
      String m = e.getMessage() == null ? "unknown error" : e.getMessage().strip().lines().findFirst().orElse("");
      throw new DocumentException("The file " + name + " cannot be parsed: " + m, e);
    }
    try {
      // format-specific structure checks (XML signature wrapping) are the format module's: see the xml module
      VerificationReport report = new DssVerification(trust, online, detailedReport, clock)
          .toReport(name, null, reports);
      return new Outcome(reports, report);
    } catch (java.io.IOException e) {
      throw new org.kyso.core.FileAccessException("The file " + name + " cannot be read.", e);
    }
  }
}
