package org.kyso.core;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The first half of a two-step signature: the digest that the key must sign, with the algorithm and the frozen
 * signing time needed to finish. Only values: it can be sent to a browser or a remote signing service, stored,
 * and handed back to {@code complete(...)} together with the same document and the signature value.
 *
 * @param digest the digest to sign (computed with {@code algorithm.digest()})
 * @param algorithm the signature algorithm the value must be made with
 * @param signingTime the signing time written into the signature; {@code complete} reuses it
 */
public record PreparedSignature(byte[] digest, SignatureAlgorithm algorithm, Instant signingTime) {
  public PreparedSignature {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(signingTime, "signingTime");
    if (digest.length != algorithm.digest().length()) {
      throw new IllegalArgumentException("The digest length does not match " + algorithm.digest().jcaName() + ".");
    }
    digest = digest.clone();
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreparedSignature p && java.util.Arrays.equals(digest, p.digest)
        && algorithm == p.algorithm && signingTime.equals(p.signingTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(java.util.Arrays.hashCode(digest), algorithm, signingTime);
  }

  @Override
  public String toString() {
    return "PreparedSignature[" + algorithm + ", digest=" + HexFormat.of().formatHex(digest) + ", signingTime="
        + signingTime + "]";
  }
}
