package org.kyso.token.pkcs11;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.TokenException;
import org.kyso.token.internal.pkcs11.LoadedModule;
import org.kyso.token.internal.pkcs11.Pkcs11Errors;
import org.xipki.pkcs11.wrapper.ModuleInfo;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.SlotInfo;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenInfo;

/**
 * A PKCS#11 library (a USB token driver, an HSM client, SoftHSM): lists its slots, tokens and the public objects
 * on them, as {@code kyso token list --module PATH} shows them. Signing goes through {@link Pkcs11Token}.
 *
 * <pre>{@code
 * Pkcs11Module m = Pkcs11Module.load(Path.of("/usr/lib/softhsm/libsofthsm2.so"));
 * for (Pkcs11Slot slot : m.slots()) {
 *   slot.token().ifPresent(t -> System.out.println(t.label() + " " + t.serial()));
 * }
 * }</pre>
 *
 * <p>A library is loaded once per process and stays loaded (PKCS#11 initialisation is process-wide). Thread-safe.
 */
public final class Pkcs11Module {
  private final LoadedModule loaded;
  private final Path path;

  private Pkcs11Module(LoadedModule loaded, Path path) {
    this.loaded = loaded;
    this.path = path;
  }

  /**
   * Loads the PKCS#11 library at {@code library} (or returns the one already loaded from that file).
   *
   * @throws TokenException with {@code TOKEN_ABSENT} if the file is missing or not a PKCS#11 library
   */
  public static Pkcs11Module load(Path library) throws TokenException {
    return new Pkcs11Module(LoadedModule.load(Objects.requireNonNull(library, "library")), library);
  }

  /** The library file, as given to {@link #load}. */
  public Path path() {
    return path;
  }

  /** The library's manufacturer and description, e.g. "SoftHSM, Implementation of PKCS11". */
  public String description() throws TokenException {
    try {
      ModuleInfo i = loaded.raw().getInfo();
      return i.getManufacturerID().strip() + ", " + i.getLibraryDescription().strip() + " "
          + i.getLibraryVersion();
    } catch (org.xipki.pkcs11.wrapper.TokenException e) {
      throw new TokenException(TokenException.Reason.FAILED,
          "The PKCS#11 library " + path() + " does not describe itself.", e);
    }
  }

  /** Every slot, with the token in it (empty slots included). */
  public List<Pkcs11Slot> slots() throws TokenException {
    try {
      List<Pkcs11Slot> out = new ArrayList<>();
      for (Slot s : loaded.raw().getSlotList(false)) {
        SlotInfo si = s.getSlotInfo();
        Optional<Pkcs11TokenInfo> token = Optional.empty();
        if (si.isTokenPresent()) {
          try {
            token = Optional.of(TokenObjects.info(s.getToken().getTokenInfo()));
          } catch (PKCS11Exception e) {
            // a token being removed while we list, or not recognised: show the slot as empty
          }
        }
        out.add(new Pkcs11Slot(s.getSlotID(), si.getSlotDescription().strip(), si.getManufacturerID().strip(),
            token));
      }
      return List.copyOf(out);
    } catch (PKCS11Exception e) {
      throw Pkcs11Errors.map(e, "in " + path(), "listing slots");
    }
  }

  /**
   * The objects on a token that can be seen without logging in: certificates and public keys (private keys are
   * usually hidden until login; {@link Pkcs11Token#objects()} lists them after login).
   *
   * @throws TokenException with {@code TOKEN_ABSENT} if the slot has no token
   */
  public List<Pkcs11Object> publicObjects(Pkcs11Slot slot) throws TokenException {
    Objects.requireNonNull(slot, "slot");
    String name = slot.token().map(t -> "'" + t.label() + "'").orElse("in slot " + slot.slotId());
    try {
      Slot s = find(slot.slotId());
      Token token = s.getToken();
      TokenInfo info = token.getTokenInfo();
      Session session = token.openSession(false);
      try {
        return List.copyOf(TokenObjects.list(session, TokenObjects.tokenUri(info, path())));
      } finally {
        closeQuietly(session);
      }
    } catch (PKCS11Exception e) {
      throw Pkcs11Errors.map(e, name, "listing objects");
    }
  }

  /** Opens the token a URI names on this library; same as {@link Pkcs11Token#open(Pkcs11Uri, PinSource)}. */
  public Pkcs11Token open(Pkcs11Uri uri, PinSource pin) throws KysoException {
    return Pkcs11Token.open(uri.newBuilder().modulePath(path()).build(), pin);
  }

  private Slot find(long slotId) throws PKCS11Exception, TokenException {
    for (Slot s : loaded.raw().getSlotList(true)) {
      if (s.getSlotID() == slotId) {
        return s;
      }
    }
    throw new TokenException(TokenException.Reason.TOKEN_ABSENT,
        "There is no token in slot " + slotId + " of " + path() + ": plug it in and try again.");
  }

  static void closeQuietly(Session s) {
    try {
      s.closeSession();
    } catch (PKCS11Exception | RuntimeException e) {
      // the session is gone already
    }
  }

  @Override
  public String toString() {
    return "Pkcs11Module[" + path() + "]";
  }
}
