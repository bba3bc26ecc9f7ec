package org.kyso.registers.internal.anchor;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.kyso.core.KysoException;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TimestampService;
import org.kyso.core.internal.dss.DssServices;
import org.kyso.registers.AnchorToken;

/**
 * Asks the authorities of a {@link TimestampService}, in order, for a timestamp token over a SHA-256 digest,
 * through signing-core's timestamp source (which checks the answer against the request: imprint, nonce, policy).
 */
public final class TsaClient {
  private TsaClient() {}

  public static AnchorToken timestamp(TimestampService service, byte[] sha256) throws KysoException {
    List<String> failures = new ArrayList<>();
    for (URI url : service.urls()) {
      TimestampService one = single(service, url);
      try {
        TSPSource source = DssServices.tspSource(one);
        byte[] token = source.getTimeStampResponse(DigestAlgorithm.SHA256, sha256).getBytes();
        TimestampTokens.check(token, sha256); // never record a token that does not cover the head
        return new AnchorToken(url.toString(), token);
      } catch (RuntimeException | KysoException e) {
        failures.add(url + ": " + e.getMessage());
      }
    }
    throw new ServiceUnavailableException("No timestamp authority answered for the journal anchor ("
        + String.join("; ", failures) + "); check the TSA URL or try again later.");
  }

  private static TimestampService single(TimestampService s, URI url) {
    TimestampService.Builder b = TimestampService.builder().url(url).connectTimeout(s.connectTimeout())
        .readTimeout(s.readTimeout()).digest(s.digest());
    s.policyOid().ifPresent(b::policyOid);
    s.username().ifPresent(u -> s.password().ifPresent(p -> b.basicAuth(u, p)));
    s.bearerToken().ifPresent(b::bearerToken);
    return b.build();
  }
}
