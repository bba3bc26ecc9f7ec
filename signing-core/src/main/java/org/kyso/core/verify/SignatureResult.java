package org.kyso.core.verify;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of validating one signature (ETSI EN 319 102-1, through DSS, with kyso's checks for changes made
 * after signing and for XML signature wrapping).
 *
 * @param id DSS's identifier of the signature ({@code S-…})
 * @param indication TOTAL_PASSED, TOTAL_FAILED or INDETERMINATE
 * @param subIndication the ETSI sub-indication (HASH_FAILURE, NO_CERTIFICATE_CHAIN_FOUND, ...) when not passed
 * @param level the level reached, e.g. {@code PAdES-BASELINE-LT}, or {@code XML-NOT-ETSI}
 * @param signedBy the signer's name (certificate common name)
 * @param certificateSubject the signer certificate's subject DN
 * @param claimedSigningTime the time the signer claims
 * @param provenSigningTime the earliest time proven by a valid timestamp, if any
 * @param timestamps the timestamps covering this signature
 * @param coversWholeDocument true when the signature covers the whole file as received (for XML: the whole
 *     document rather than one element of it)
 * @param modificationsAfterSigning changes made to the document after this signature, in plain English words
 * @param errors why validation failed, in plain English words
 * @param warnings points worth knowing that do not fail the signature, in plain English words
 * @param findings the same modifications, errors and warnings with stable codes, for translation
 * @param details the issuing CA, organisation, certificate serial and validity, revocation status and source,
 *     integrity and trust anchor (Circular 15/2025); {@link SignerDetails#UNKNOWN} when not known
 */
public record SignatureResult(String id, Indication indication, Optional<String> subIndication, String level,
    String signedBy, String certificateSubject, Optional<OffsetDateTime> claimedSigningTime,
    Optional<OffsetDateTime> provenSigningTime, List<TimestampResult> timestamps, boolean coversWholeDocument,
    List<String> modificationsAfterSigning, List<String> errors, List<String> warnings, List<Finding> findings,
    SignerDetails details) {
  public SignatureResult {
    Objects.requireNonNull(details, "details");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(indication, "indication");
    Objects.requireNonNull(subIndication, "subIndication");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(signedBy, "signedBy");
    Objects.requireNonNull(certificateSubject, "certificateSubject");
    Objects.requireNonNull(claimedSigningTime, "claimedSigningTime");
    Objects.requireNonNull(provenSigningTime, "provenSigningTime");
    timestamps = List.copyOf(timestamps);
    modificationsAfterSigning = List.copyOf(modificationsAfterSigning);
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    findings = List.copyOf(findings);
  }

  /** A result without {@link SignerDetails}. */
  public SignatureResult(String id, Indication indication, Optional<String> subIndication, String level,
      String signedBy, String certificateSubject, Optional<OffsetDateTime> claimedSigningTime,
      Optional<OffsetDateTime> provenSigningTime, List<TimestampResult> timestamps, boolean coversWholeDocument,
      List<String> modificationsAfterSigning, List<String> errors, List<String> warnings, List<Finding> findings) {
    this(id, indication, subIndication, level, signedBy, certificateSubject, claimedSigningTime, provenSigningTime,
        timestamps, coversWholeDocument, modificationsAfterSigning, errors, warnings, findings, SignerDetails.UNKNOWN);
  }

  /** This result with {@code details}. */
  public SignatureResult withDetails(SignerDetails details) {
    return new SignatureResult(id, indication, subIndication, level, signedBy, certificateSubject, claimedSigningTime,
        provenSigningTime, timestamps, coversWholeDocument, modificationsAfterSigning, errors, warnings, findings,
        details);
  }

  /**
   * Whether the signer's certificate was valid (in its validity period, not revoked) when signing: at the time
   * proven by a timestamp, else at the claimed time. Empty when neither time or the certificate is known.
   */
  public Optional<Boolean> validAtSigningTime() {
    return provenSigningTime.or(() -> claimedSigningTime).flatMap(details::validAt);
  }

  /** A result whose findings are plain English sentences without codes. */
  public SignatureResult(String id, Indication indication, Optional<String> subIndication, String level,
      String signedBy, String certificateSubject, Optional<OffsetDateTime> claimedSigningTime,
      Optional<OffsetDateTime> provenSigningTime, List<TimestampResult> timestamps, boolean coversWholeDocument,
      List<String> modificationsAfterSigning, List<String> errors, List<String> warnings) {
    this(id, indication, subIndication, level, signedBy, certificateSubject, claimedSigningTime, provenSigningTime,
        timestamps, coversWholeDocument, modificationsAfterSigning, errors, warnings,
        plain(modificationsAfterSigning, errors, warnings));
  }

  /** A result whose English lists are taken from {@code findings}. */
  public static SignatureResult of(String id, Indication indication, Optional<String> subIndication, String level,
      String signedBy, String certificateSubject, Optional<OffsetDateTime> claimedSigningTime,
      Optional<OffsetDateTime> provenSigningTime, List<TimestampResult> timestamps, boolean coversWholeDocument,
      List<Finding> findings) {
    return new SignatureResult(id, indication, subIndication, level, signedBy, certificateSubject,
        claimedSigningTime, provenSigningTime, timestamps, coversWholeDocument,
        texts(findings, Finding.Kind.MODIFICATION), texts(findings, Finding.Kind.ERROR),
        texts(findings, Finding.Kind.WARNING), findings);
  }

  /** True when this signature is TOTAL_PASSED. */
  public boolean passed() {
    return indication == Indication.TOTAL_PASSED;
  }

  private static List<String> texts(List<Finding> findings, Finding.Kind kind) {
    List<String> out = new ArrayList<>();
    for (Finding f : findings) {
      if (f.kind() == kind) {
        out.add(f.text());
      }
    }
    return out;
  }

  private static List<Finding> plain(List<String> mods, List<String> errors, List<String> warnings) {
    List<Finding> out = new ArrayList<>();
    mods.forEach(m -> out.add(new Finding(Finding.Kind.MODIFICATION, "text", List.of(m), m)));
    errors.forEach(m -> out.add(new Finding(Finding.Kind.ERROR, "text", List.of(m), m)));
    warnings.forEach(m -> out.add(new Finding(Finding.Kind.WARNING, "text", List.of(m), m)));
    return out;
  }
}
