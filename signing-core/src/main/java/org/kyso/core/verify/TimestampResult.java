package org.kyso.core.verify;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * One timestamp found in a document.
 *
 * @param id DSS's identifier of the timestamp
 * @param type SIGNATURE_TIMESTAMP, DOCUMENT_TIMESTAMP, ARCHIVE_TIMESTAMP, CONTENT_TIMESTAMP...
 * @param time the time the timestamp asserts
 * @param indication its validation result
 * @param subIndication the ETSI sub-indication when not passed
 * @param tsaName the timestamping unit's subject, when known
 */
public record TimestampResult(String id, String type, OffsetDateTime time, Indication indication,
    Optional<String> subIndication, Optional<String> tsaName) {
  public TimestampResult {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(indication, "indication");
    Objects.requireNonNull(subIndication, "subIndication");
    Objects.requireNonNull(tsaName, "tsaName");
  }
}
