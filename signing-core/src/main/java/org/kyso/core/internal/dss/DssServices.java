package org.kyso.core.internal.dss;

import eu.europa.esig.dss.service.http.commons.TimestampDataLoader;
import eu.europa.esig.dss.service.tsp.OnlineTSPSource;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import org.kyso.core.TimestampService;

/**
 * Factories for the DSS services the format modules plug into their signing services: the timestamp source.
 *
 * <p>The PDF and XML modules call only these factories, so that the timestamp client can evolve (failover,
 * nonce and policy checks) without touching them.
 */
public final class DssServices {
  private DssServices() {}

  /** A DSS timestamp source for {@code service}. */
  public static TSPSource tspSource(TimestampService service) {
    // first version: the first URL only, through DSS's own client; replaced by kyso's failover client
    TimestampDataLoader loader = new TimestampDataLoader();
    loader.setTimeoutConnection((int) service.connectTimeout().toMillis());
    loader.setTimeoutResponse((int) service.readTimeout().toMillis());
    OnlineTSPSource s = new OnlineTSPSource(service.urls().get(0).toString(), loader);
    service.policyOid().ifPresent(s::setPolicyOid);
    return s;
  }
}
