package org.kyso.token.internal.pkcs11;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kyso.core.TokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.StaticLogger;

/**
 * A PKCS#11 library loaded and initialised in this process. PKCS#11 initialisation ({@code C_Initialize}) and the
 * login state of a token belong to the whole process, not to one caller, so loaded libraries are shared: loading
 * the same file twice gives the same instance, and a library stays loaded until the JVM exits (finalising it
 * while another part of the program still signs with it would break that part).
 *
 * <p>This is the one piece of process-wide state in kyso, forced by PKCS#11 itself.
 */
public final class LoadedModule {
  private static final Logger LOG = LoggerFactory.getLogger(LoadedModule.class);
  private static final Map<Path, LoadedModule> LOADED = new ConcurrentHashMap<>();
  private static volatile boolean loggerInstalled;

  private final Path path;
  private final PKCS11Module module;
  private final Map<Long, Integer> loginHolders = new HashMap<>();

  private LoadedModule(Path path, PKCS11Module module) {
    this.path = path;
    this.module = module;
  }

  /**
   * Loads (once per process) and initialises the PKCS#11 library at {@code library}.
   *
   * @throws TokenException with {@code TOKEN_ABSENT} if the file is missing or is not a PKCS#11 library
   */
  public static LoadedModule load(Path library) throws TokenException {
    Path real;
    try {
      if (!Files.isRegularFile(library)) {
        throw new TokenException(TokenException.Reason.TOKEN_ABSENT,
            "The PKCS#11 library " + library + " does not exist: install the token's driver or fix the module path.");
      }
      real = library.toRealPath();
    } catch (IOException e) {
      throw new TokenException(TokenException.Reason.TOKEN_ABSENT,
          "The PKCS#11 library " + library + " cannot be read: check the module path.", e);
    }
    LoadedModule existing = LOADED.get(real);
    if (existing != null) {
      return existing;
    }
    synchronized (LOADED) {
      existing = LOADED.get(real);
      if (existing != null) {
        return existing;
      }
      installLogger();
      PKCS11Module m;
      try {
        m = PKCS11Module.getInstance(real.toString());
      } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
        throw new TokenException(TokenException.Reason.TOKEN_ABSENT,
            "The file " + library + " could not be loaded as a PKCS#11 library: check the module path.", e);
      }
      try {
        m.initialize();
      } catch (PKCS11Exception e) {
        if (e.getErrorCode() != PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
          throw new TokenException(TokenException.Reason.TOKEN_ABSENT, "The PKCS#11 library " + library
              + " failed to start (" + e.getErrorName() + "): check its configuration.", e);
        }
      } catch (RuntimeException e) {
        throw new TokenException(TokenException.Reason.TOKEN_ABSENT,
            "The PKCS#11 library " + library + " failed to start: check its configuration.", e);
      }
      LoadedModule lm = new LoadedModule(real, m);
      LOADED.put(real, lm);
      LOG.debug("loaded PKCS#11 library {}", real);
      return lm;
    }
  }

  public Path path() {
    return path;
  }

  /** The wrapper's module. */
  public PKCS11Module raw() {
    return module;
  }

  /** Records one more holder of the login on a slot; returns the number of holders before. */
  public synchronized int acquireLogin(long slotId) {
    int before = loginHolders.getOrDefault(slotId, 0);
    loginHolders.put(slotId, before + 1);
    return before;
  }

  /** Releases one holder of the login on a slot; returns true when it was the last one (time to log out). */
  public synchronized boolean releaseLogin(long slotId) {
    int before = loginHolders.getOrDefault(slotId, 0);
    if (before <= 1) {
      loginHolders.remove(slotId);
      return true;
    }
    loginHolders.put(slotId, before - 1);
    return false;
  }

  /**
   * Routes the wrapper's log (which otherwise prints to standard output, licence notice included) to SLF4J, at
   * lower levels: what the wrapper calls info is debug detail for kyso's users.
   */
  private static void installLogger() {
    if (loggerInstalled) {
      return;
    }
    loggerInstalled = true;
    Logger wl = LoggerFactory.getLogger("org.xipki.pkcs11.wrapper");
    StaticLogger.setLogger(new org.xipki.pkcs11.wrapper.Logger() {
      @Override
      public void info(String format, Object... args) {
        wl.debug(format, args);
      }

      @Override
      public void warn(String format, Object... args) {
        wl.warn(format, args);
      }

      @Override
      public void error(String format, Object... args) {
        wl.warn(format, args);
      }

      @Override
      public void debug(String format, Object... args) {
        wl.trace(format, args);
      }

      @Override
      public void trace(String format, Object... args) {
        wl.trace(format, args);
      }

      @Override
      public boolean isDebugEnabled() {
        return wl.isTraceEnabled();
      }

      @Override
      public boolean isInfoEnabled() {
        return wl.isDebugEnabled();
      }

      @Override
      public boolean isWarnEnabled() {
        return wl.isWarnEnabled();
      }

      @Override
      public boolean isTraceEnabled() {
        return wl.isTraceEnabled();
      }
    });
  }
}
