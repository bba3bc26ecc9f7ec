package org.kyso.core.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param documentFields what the document says it is, by the element names of its layout (for an e-invoice
 *     {@code KHHDon}, {@code SHDon}, {@code NLap}, {@code NBan.MST}, {@code MCCQT}, {@code TgTTTBSo}...; for edXML
 *     the header fields), in document order; empty when kyso reads none
 * @param signatureRoles each signature's role by its {@link SignatureResult#id()}: a stable code such as {@code
 *     seller}, {@code buyer}, {@code taxAuthority}; signatures without a known place are absent
 * @param engine which engine validated the document: {@code dss+kyso-fast-pdf} (DSS with kyso's fast PDF reader),
 *     {@code dss+pdfbox} (DSS with its PDFBox reader), {@code dss+kyso-xml} (DSS with the xml module's rules);
 *     empty when not said (a report made by hand, a timestamp token)
 */
public record VerificationReport(String file, String format, List<SignatureResult> signatures,
    List<TimestampResult> documentTimestamps, Optional<String> detailedReportXml, Map<String, String> documentFields,
    Map<String, String> signatureRoles, String engine) {
  public VerificationReport {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    signatures = List.copyOf(signatures);
    documentTimestamps = List.copyOf(documentTimestamps);
    Objects.requireNonNull(detailedReportXml, "detailedReportXml");
    documentFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(documentFields));
    signatureRoles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(signatureRoles));
  }

  /** A report without document fields or roles. */
  public VerificationReport(String file, String format, List<SignatureResult> signatures,
      List<TimestampResult> documentTimestamps, Optional<String> detailedReportXml) {
    this(file, format, signatures, documentTimestamps, detailedReportXml, Map.of(), Map.of());
  }

  public VerificationReport(String file, String format, List<SignatureResult> signatures,
      List<TimestampResult> documentTimestamps, Optional<String> detailedReportXml, Map<String, String> documentFields,
      Map<String, String> signatureRoles) {
    this(file, format, signatures, documentTimestamps, detailedReportXml, documentFields, signatureRoles, "");
  }

  /**
   * This report with the name of the engine that validated the document (e.g. {@code "dss+kyso-fast-pdf"},
   * {@code "dss+pdfbox"}, {@code "dss+kyso-xml"}).
   */
  public VerificationReport withEngine(String engine) {
    return new VerificationReport(file, format, signatures, documentTimestamps, detailedReportXml, documentFields,
        signatureRoles, engine);
  }

  /** The role of {@code signature} in the document (seller, buyer, taxAuthority...), when known. */
  public Optional<String> role(SignatureResult signature) {
    return Optional.ofNullable(signatureRoles.get(signature.id()));
  }

  /** The verdict over every signature and document timestamp. */
  public Verdict verdict() {
    List<Indication> all = new ArrayList<>();
    signatures.forEach(s -> all.add(s.indication()));
    documentTimestamps.forEach(t -> all.add(t.indication()));
    return Verdict.of(all);
  }
}
