package org.kyso.registers.internal.anchor;

import java.io.IOException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.KysoException;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TimestampService;
import org.kyso.core.Timestamps;
import org.kyso.registers.AnchorToken;

/**
 * Obtains a timestamp token over a SHA-256 digest through signing-core's RFC 3161 client ({@link Timestamps}: the
 * service's TSAs in order, nonce, imprint, policy and TSA certificate checked), and keeps the token of the answer.
 */
public final class TsaClient {
  private TsaClient() {}

  public static AnchorToken timestamp(TimestampService service, byte[] sha256) throws KysoException {
    byte[] response = Timestamps.using(service).timestampDigest(DigestAlgorithm.SHA256, sha256);
    byte[] token;
    try {
      TimeStampToken t = new TimeStampResponse(response).getTimeStampToken();
      if (t == null) {
        throw new ServiceUnavailableException("The timestamp authority answered without a token; try again later.");
      }
      token = t.getEncoded();
    } catch (TSPException | IOException e) {
      throw new ServiceUnavailableException("The timestamp authority's answer cannot be read.", e);
    }
    // never record a token that does not cover the head
    TimestampTokens.Checked checked = TimestampTokens.check(token, sha256);
    return new AnchorToken(checked.authority(), token);
  }
}
