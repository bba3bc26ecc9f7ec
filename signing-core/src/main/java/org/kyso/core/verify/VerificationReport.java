package org.kyso.core.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verifier found in one file: its format, every signature and document timestamp, and the overall
 * {@link Verdict}. Immutable.
 *
 * @param file the file name as given
 * @param format PAdES, XAdES, XMLDSig, CAdES..., or UNKNOWN when no signature was found
 * @param signatures every signature, in document order
 * @param documentTimestamps timestamps that stand on their own (PDF document timestamps), not tied to a signature
 * @param detailedReportXml DSS's detailed report (XML), when it was asked for
 */
public record VerificationReport(String file, String format, List<SignatureResult> signatures,
    List<TimestampResult> documentTimestamps, Optional<String> detailedReportXml) {
  public VerificationReport {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    signatures = List.copyOf(signatures);
    documentTimestamps = List.copyOf(documentTimestamps);
    Objects.requireNonNull(detailedReportXml, "detailedReportXml");
  }

  /** The verdict over every signature and document timestamp. */
  public Verdict verdict() {
    List<Indication> all = new ArrayList<>();
    signatures.forEach(s -> all.add(s.indication()));
    documentTimestamps.forEach(t -> all.add(t.indication()));
    return Verdict.of(all);
  }
}
