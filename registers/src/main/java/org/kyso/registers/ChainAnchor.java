package org.kyso.registers;

import org.kyso.core.KysoException;

/**
 * Obtains independent evidence that the journal's head existed at a time: an RFC 3161 timestamp token over the
 * head's hash. Anchors make it impossible to rewrite the whole chain unnoticed, or to cut records off its end,
 * before the anchor's time. {@link TsaChainAnchor} asks a timestamp authority.
 */
public interface ChainAnchor {
  /**
   * Timestamps a SHA-256 digest (the journal head's hash).
   *
   * @param sha256 32 bytes
   * @return the DER-encoded RFC 3161 TimeStampToken and who issued it
   * @throws org.kyso.core.ServiceUnavailableException if the authority cannot be reached or refuses
   */
  AnchorToken anchor(byte[] sha256) throws KysoException;
}
