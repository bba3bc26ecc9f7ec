package org.kyso.core.internal.tsp;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import java.util.Objects;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TimestampService;

/**
 * DSS's timestamp source backed by kyso's {@link TspClient} (failover, nonce, imprint, policy and TSA certificate
 * checks). When every TSA fails it throws {@link TspUnavailableException}, which carries the
 * {@link ServiceUnavailableException} the signer should raise.
 */
public final class KysoTspSource implements TSPSource {
  private static final long serialVersionUID = 1L;

  // DSS declares TSPSource Serializable but never serializes it; the client is rebuilt if it ever is
  private final transient TimestampService service;
  private transient TspClient client;

  public KysoTspSource(TimestampService service) {
    this.service = Objects.requireNonNull(service, "service");
    this.client = new TspClient(service);
  }

  @Override
  public TimestampBinary getTimeStampResponse(DigestAlgorithm digestAlgorithm, byte[] digest) {
    if (client == null) {
      throw new IllegalStateException("a deserialised timestamp source has no configuration");
    }
    try {
      return new TimestampBinary(client.timestamp(digestAlgorithm.getOid(), digest).tokenDer());
    } catch (ServiceUnavailableException e) {
      throw new TspUnavailableException(e);
    }
  }

  @Override
  public String toString() {
    return "KysoTspSource" + service;
  }
}
