package org.kyso.token.pkcs11;

import java.util.Objects;
import java.util.Optional;

/**
 * A slot of a PKCS#11 library (a reader, a USB port, an HSM partition) and the token in it, if any.
 *
 * @param slotId the slot id; it may change between runs or when a token is plugged into another port, so select
 *     tokens by label ({@code token=}) rather than by slot id
 * @param description the slot description the library reports
 * @param manufacturer the slot manufacturer
 * @param token the token in the slot, empty when the slot is empty
 */
public record Pkcs11Slot(long slotId, String description, String manufacturer, Optional<Pkcs11TokenInfo> token) {
  public Pkcs11Slot {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(token, "token");
  }
}
