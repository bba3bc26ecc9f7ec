package org.kyso.core.verify;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of validating one signature (ETSI EN 319 102-1, through DSS).
 *
 * @param id DSS's identifier of the signature ({@code S-…})
 * @param indication TOTAL_PASSED, TOTAL_FAILED or INDETERMINATE
 * @param subIndication the ETSI sub-indication (HASH_FAILURE, NO_CERTIFICATE_CHAIN_FOUND, ...) when not passed
 * @param level the level reached, e.g. {@code PAdES-BASELINE-LT}, or {@code NOT_ETSI}
 * @param signedBy the signer's name (certificate common name)
 * @param certificateSubject the signer certificate's subject DN
 * @param claimedSigningTime the time the signer claims
 * @param provenSigningTime the earliest time proven by a valid timestamp, if any
 * @param timestamps the timestamps covering this signature
 * @param coversWholeDocument true when the signature covers the whole file as received
 * @param modificationsAfterSigning changes made to the document after this signature, in plain words
 * @param errors why validation failed, in plain words
 * @param warnings points worth knowing that do not fail the signature (e.g. SHA-1 used)
 */
public record SignatureResult(String id, Indication indication, Optional<String> subIndication, String level,
    String signedBy, String certificateSubject, Optional<OffsetDateTime> claimedSigningTime,
    Optional<OffsetDateTime> provenSigningTime, List<TimestampResult> timestamps, boolean coversWholeDocument,
    List<String> modificationsAfterSigning, List<String> errors, List<String> warnings) {
  public SignatureResult {
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
  }

  /** True when this signature is TOTAL_PASSED. */
  public boolean passed() {
    return indication == Indication.TOTAL_PASSED;
  }
}
