package org.kyso.registers;

import java.util.Objects;

/**
 * An RFC 3161 timestamp token over the journal head, as a {@link ChainAnchor} returned it.
 *
 * @param authority who issued it (e.g. the TSA certificate's subject), for people
 * @param token the DER-encoded TimeStampToken (a CMS SignedData)
 */
public record AnchorToken(String authority, byte[] token) {
  public AnchorToken {
    Objects.requireNonNull(authority, "authority");
    token = Objects.requireNonNull(token, "token").clone();
  }

  @Override
  public byte[] token() {
    return token.clone();
  }
}
