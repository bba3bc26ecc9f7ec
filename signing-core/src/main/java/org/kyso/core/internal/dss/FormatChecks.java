package org.kyso.core.internal.dss;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.kyso.core.KysoException;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.TimestampResult;
import org.kyso.core.verify.VerificationReport;

/**
 * What a document format adds to {@link DssVerification}'s generic run of DSS: how the validator is prepared (the
 * validation engine, a document password), what a failure of DSS means for this format, and the format's own
 * checks on each signature and timestamp DSS reports (for PDF: changes after signing, byte range coverage,
 * certification rules, signed fields DSS did not list). Implemented by a format module (the pdf module's
 * {@code PdfChecks}); signing-core knows no format. Internal: not part of kyso's API.
 */
public interface FormatChecks {
  /**
   * DSS's validator for {@code document}; by default the one DSS picks. A format may give a validator of its own
   * (the pdf module: one whose validation context scales with many signatures). Throws as DSS does when nothing can
   * read the document.
   */
  default SignedDocumentValidator validator(DSSDocument document) {
    return SignedDocumentValidator.fromDocument(document);
  }

  /** Prepares DSS's validator before it runs; {@code password} is the document password or null. */
  void prepare(SignedDocumentValidator validator, char[] password);

  /**
   * DSS's validation failed with {@code e}: a report, a clear {@link KysoException}, or empty to let {@code e}
   * through.
   */
  Optional<VerificationReport> failed(String name, DSSDocument doc, RuntimeException e, char[] password)
      throws KysoException;

  /** Starts the format's checks of one document DSS validated. */
  Reading read(String name, DSSDocument doc, Reports reports, char[] password) throws KysoException, IOException;

  /** The format's checks of one validated document. */
  interface Reading {
    /** The report's format when DSS names none (e.g. "PAdES" for a PDF with document timestamps only). */
    String format();

    /**
     * Adds the format's findings to the signature at {@code index} of DSS's diagnostic data; {@code draft} starts
     * with DSS's indication and findings, and {@code whole} as DSS's signature scope says.
     */
    void signature(int index, SignatureWrapper s, SignatureDraft draft) throws IOException;

    /** The document timestamp {@code t} as the format judges it, starting from DSS's {@code result}. */
    TimestampResult timestamp(TimestampWrapper t, TimestampResult result) throws IOException;

    /** Signatures the format found that DSS did not list. */
    List<SignatureResult> unlisted() throws IOException;
  }
}
