package org.kyso.core;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.TimestampResult;
import org.kyso.core.verify.VerificationReport;

/**
 * The result of checking a standalone RFC 3161 timestamp against the file it should cover (see
 * {@link Timestamps#verify}).
 *
 * @param indication TOTAL_PASSED when the file matches, the token's signature verifies and the TSA is trusted;
 *     TOTAL_FAILED when the file does not match or the signature is broken; INDETERMINATE when the TSA cannot be
 *     trusted (unknown chain, certificate not meant for timestamping or not valid at that time)
 * @param subIndication the ETSI EN 319 102-1 sub-indication when not passed (HASH_FAILURE, SIG_CRYPTO_FAILURE,
 *     NO_CERTIFICATE_CHAIN_FOUND, NO_SIGNING_CERTIFICATE_FOUND, CHAIN_CONSTRAINTS_FAILURE, OUT_OF_BOUNDS_NO_POE,
 *     CRYPTO_CONSTRAINTS_FAILURE_NO_POE)
 * @param reason one plain sentence saying why it did not pass
 * @param time the time the TSA asserts (shown at +07:00)
 * @param tsaName the TSA's name (the common name of its certificate when known)
 * @param digestAlgorithm the algorithm of the message imprint, e.g. {@code SHA-256}
 * @param policy the TSA policy OID the token was issued under
 * @param serialNumber the token's serial number, in hexadecimal
 * @param warnings remarks that do not change the indication (e.g. a SHA-1 imprint)
 */
public record TimestampCheck(Indication indication, Optional<String> subIndication, Optional<String> reason,
    OffsetDateTime time, String tsaName, String digestAlgorithm, Optional<String> policy, String serialNumber,
    List<String> warnings) {
  public TimestampCheck {
    Objects.requireNonNull(indication, "indication");
    Objects.requireNonNull(subIndication, "subIndication");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(tsaName, "tsaName");
    Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(serialNumber, "serialNumber");
    warnings = List.copyOf(warnings);
  }

  /** True when the indication is TOTAL_PASSED. */
  public boolean passed() {
    return indication == Indication.TOTAL_PASSED;
  }

  /**
   * This result as a verification report with format {@code RFC3161} and one document timestamp of type
   * {@code RFC3161_TIMESTAMP}, so that it can be printed and turned into an exit code like any verified file.
   */
  public VerificationReport toReport(String fileName) {
    TimestampResult t = new TimestampResult("TST-" + serialNumber, "RFC3161_TIMESTAMP", time, indication,
        subIndication, Optional.of(tsaName));
    return new VerificationReport(fileName, "RFC3161", List.of(), List.of(t), Optional.empty());
  }
}
