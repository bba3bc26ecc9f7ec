package org.kyso.core.internal;

import eu.europa.esig.dss.spi.DSSSecurityProvider;
import java.lang.reflect.Field;
import java.security.Provider;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle provider instance kyso's own code hands to JCA calls (never registered globally by kyso). It is
 * DSS's own ({@link DSSSecurityProvider#getSecurityProvider()}), which DSS builds on its first use anyway, so a
 * command builds one provider, not one per kyso class. A separate instance only when DSS was given another provider.
 * Made on first call.
 *
 * <p>Building one is the largest single step of a one-document command: about 2,000 algorithm entries, and since
 * BouncyCastle 1.79 the parameters of every named elliptic curve, each base point checked (the binary X9.62 curves
 * by a full scalar multiplication), 0.2-0.3 s at start-up. A short command line can have it built on its own thread
 * from the first instant ({@link #prepareAhead()}) while it parses its arguments, reads its key and its file;
 * {@link #ready()}, called where kyso first turns to DSS, hands that provider to DSS, waiting for it if need be.
 */
public final class BouncyCastle {
  private static final AtomicReference<FutureTask<Provider>> AHEAD = new AtomicReference<>();
  private static volatile boolean handed;

  private BouncyCastle() {}

  /** The shared provider, built on first call. */
  public static Provider provider() {
    return Holder.PROVIDER;
  }

  /**
   * Starts building the provider on a short-lived daemon thread, once per JVM. For a command line about to sign or
   * verify one document: a server or a long batch gains nothing from it. Without {@link #ready()} before DSS is
   * first used, DSS would build a second provider of its own: correct, only slower.
   */
  public static void prepareAhead() {
    if (AHEAD.get() == null) {
      FutureTask<Provider> task = new FutureTask<>(BouncyCastleProvider::new);
      if (AHEAD.compareAndSet(null, task)) {
        Thread t = new Thread(task, "kyso-provider");
        t.setDaemon(true);
        t.start();
      }
    }
  }

  /**
   * Before kyso first turns to DSS: gives DSS the provider {@link #prepareAhead()} builds, waiting for it when it
   * is not built yet. Nothing when none was started, or when DSS already has a provider. A failure to build it is
   * not reported here: DSS builds its own and meets it in its own words.
   */
  public static void ready() {
    FutureTask<Provider> task = AHEAD.get();
    if (task == null || handed) {
      return;
    }
    synchronized (BouncyCastle.class) {
      if (handed) {
        return;
      }
      handed = true;
      Provider built;
      try {
        built = task.get();
      } catch (ExecutionException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (!dssHasOne()) {
        DSSSecurityProvider.setSecurityProvider(built);
      }
    }
  }

  /** Whether DSS has made or been given its provider already (read from its field; when unreadable: no). */
  private static boolean dssHasOne() {
    try {
      Field f = DSSSecurityProvider.class.getDeclaredField("securityProvider");
      f.setAccessible(true);
      return f.get(null) != null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static final class Holder {
    private static final Provider PROVIDER = pick();

    private static Provider pick() {
      ready();
      Provider dss = DSSSecurityProvider.getSecurityProvider();
      return dss instanceof BouncyCastleProvider ? dss : new BouncyCastleProvider();
    }
  }
}
