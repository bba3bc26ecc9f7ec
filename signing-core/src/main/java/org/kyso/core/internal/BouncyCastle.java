package org.kyso.core.internal;

import eu.europa.esig.dss.spi.DSSSecurityProvider;
import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle provider instance kyso's own code hands to JCA calls (never registered globally by kyso). It is
 * DSS's own ({@link DSSSecurityProvider#getSecurityProvider()}), which DSS builds on its first use anyway, so a
 * command builds one provider, not one per kyso class: building one registers ~2,000 algorithm entries and is a
 * noticeable part of a one-document command's start. A separate instance only when DSS was given another provider.
 * Made on first call.
 */
public final class BouncyCastle {
  private BouncyCastle() {}

  /** The shared provider, built on first call. */
  public static Provider provider() {
    return Holder.PROVIDER;
  }

  private static final class Holder {
    private static final Provider PROVIDER = pick();

    private static Provider pick() {
      Provider dss = DSSSecurityProvider.getSecurityProvider();
      return dss instanceof BouncyCastleProvider ? dss : new BouncyCastleProvider();
    }
  }
}
