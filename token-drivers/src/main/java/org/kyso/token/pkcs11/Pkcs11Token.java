package org.kyso.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.kyso.core.KeyInfo;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.Pin;
import org.kyso.core.PinSource;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.core.TokenException.Reason;
import org.kyso.token.internal.Der;
import org.kyso.token.internal.JcaDigestSigner;
import org.kyso.token.internal.pkcs11.LoadedModule;
import org.kyso.token.internal.pkcs11.Pkcs11Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenInfo;
import org.xipki.pkcs11.wrapper.params.RSA_PKCS_PSS_PARAMS;

/**
 * A PKCS#11 token (USB token, smart card, HSM partition, SoftHSM) as a {@link org.kyso.core.Token}.
 *
 * <pre>{@code
 * try (Pkcs11Token token = Pkcs11Token.open(
 *          Pkcs11Uri.parse("pkcs11:token=An?module-path=/usr/lib/softhsm/libsofthsm2.so"), PinSource.console());
 *      SigningKey key = token.key(KeySelector.label("sign"))) {
 *   byte[] signature = key.signDigest(SignatureAlgorithm.RSA_SHA256, digest);
 * }
 * }</pre>
 *
 * <p>Guarantees:
 * <ul>
 *   <li>The user logs in once, when the token is opened; the PIN is read from the {@link PinSource}, used and
 *       wiped. {@link #loginCount()} counts the logins this object made.
 *   <li>Thread-safe: signing threads share a pool of sessions (at most {@code maxSessions}), so a batch signs on
 *       several sessions at once under that one login.
 *   <li>When the token is pulled out and plugged back in (the sessions become invalid), the next signature finds
 *       the token again by its URI attributes, asks the PIN source again, logs in again and signs; the failed
 *       operation is repeated once (signing on a local token has no side effect, so repeating is safe).
 *   <li>Errors are {@link TokenException}s with a specific reason: wrong PIN, locked PIN, token absent, key not
 *       found or without certificate, mechanism unsupported.
 * </ul>
 */
public final class Pkcs11Token implements org.kyso.core.Token {
  private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Token.class);
  /** Default size of the session pool. */
  public static final int DEFAULT_MAX_SESSIONS = 8;

  private final Pkcs11Uri uri;
  private final LoadedModule module;
  private final PinSource pinSource;
  private final Semaphore permits;
  private final ConcurrentLinkedDeque<Lease> idle = new ConcurrentLinkedDeque<>();
  private final Map<String, Long> handles = new ConcurrentHashMap<>();
  private final AtomicInteger logins = new AtomicInteger();
  private final Object recoverLock = new Object();
  private volatile Token token;
  private volatile Pkcs11TokenInfo info;
  private volatile Set<Long> mechanisms;
  private volatile int generation;
  private volatile boolean closed;
  private final String name;
  private final java.nio.file.Path modulePath;
  private final int maxSessions;

  private record Lease(Session session, int generation) {}

  private Pkcs11Token(Pkcs11Uri uri, LoadedModule module, PinSource pinSource, int maxSessions, String name) {
    this.uri = uri;
    this.module = module;
    this.pinSource = pinSource;
    this.permits = new Semaphore(maxSessions, true);
    this.maxSessions = maxSessions;
    this.name = name;
    this.modulePath = uri.modulePath().orElseThrow();
  }

  /** How many sessions signing threads may use at once. */
  int maxSessions() {
    return maxSessions;
  }

  /** Opens the token the URI names, with the default session pool size; see {@link #open(Pkcs11Uri, PinSource, int)}. */
  public static Pkcs11Token open(Pkcs11Uri uri, PinSource pin) throws KysoException {
    return open(uri, pin, DEFAULT_MAX_SESSIONS);
  }

  /**
   * Loads the URI's {@code module-path} library, finds the token by the URI's token attributes (label, serial,
   * manufacturer, model, slot-id) and logs in.
   *
   * @param maxSessions how many sessions signing threads may use at once (at least 1)
   * @throws IllegalArgumentException if the URI has no {@code module-path}
   * @throws TokenException {@code TOKEN_ABSENT} if the library or the token is missing, {@code WRONG_PIN},
   *     {@code PIN_LOCKED}, or {@code FAILED}
   */
  public static Pkcs11Token open(Pkcs11Uri uri, PinSource pin, int maxSessions) throws KysoException {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(pin, "pin");
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1");
    }
    java.nio.file.Path lib = uri.modulePath().orElseThrow(() -> new IllegalArgumentException(
        "The PKCS#11 URI needs the library: add ?module-path=/path/to/pkcs11.so"));
    LoadedModule module = LoadedModule.load(lib);
    String name = uri.tokenDescription();
    Pkcs11Token t = new Pkcs11Token(uri, module, pin, maxSessions, name);
    t.connect(true);
    return t;
  }

  /** The URI this token was opened with. */
  public Pkcs11Uri uri() {
    return uri;
  }

  /** What the token says about itself (label, serial, manufacturer, PIN state when opened). */
  public Pkcs11TokenInfo info() {
    return info;
  }

  /** How many times this object logged in to the token: 1 after opening, more only after a re-login. */
  public int loginCount() {
    return logins.get();
  }

  /** Finds the token, opens the first session and logs in. Called at open and after the token came back. */
  private void connect(boolean first) throws KysoException {
    Token t;
    TokenInfo ti;
    try {
      t = findToken();
      ti = t.getTokenInfo();
    } catch (PKCS11Exception e) {
      throw Pkcs11Errors.map(e, name, "looking for the token");
    }
    Pkcs11TokenInfo pi = TokenObjects.info(ti);
    if (pi.pinLocked()) {
      throw new TokenException(Reason.PIN_LOCKED, "The PIN of token '" + pi.label()
          + "' is locked after too many wrong tries: unlock it with the SO PIN or the token vendor's tool.");
    }
    Session s;
    try {
      s = t.openSession(false);
    } catch (PKCS11Exception e) {
      throw Pkcs11Errors.map(e, name, "opening a session");
    }
    if (first) {
      module.acquireLogin(t.getSlot().getSlotID());
    }
    try {
      if (pi.loginRequired()) {
        login(s, t, pi);
      }
      Set<Long> mechs = new HashSet<>();
      for (long m : t.getMechanismList()) {
        mechs.add(m);
      }
      this.token = t;
      this.info = pi;
      this.mechanisms = Set.copyOf(mechs);
      idle.add(new Lease(s, generation));
    } catch (KysoException | RuntimeException e) {
      Pkcs11Module.closeQuietly(s);
      if (first) {
        module.releaseLogin(t.getSlot().getSlotID());
      }
      throw e;
    }
  }

  private Token findToken() throws PKCS11Exception, TokenException {
    for (Slot slot : module.raw().getSlotList(true)) {
      if (uri.slotId().isPresent() && uri.slotId().get() != slot.getSlotID()) {
        continue;
      }
      TokenInfo ti;
      try {
        ti = slot.getToken().getTokenInfo();
      } catch (PKCS11Exception e) {
        continue; // removed while we look, or not recognised
      }
      if (uri.matchesToken(ti.getLabel().strip(), ti.getSerialNumber().strip(), ti.getManufacturerID().strip(),
          ti.getModel().strip())) {
        return slot.getToken();
      }
    }
    throw new TokenException(Reason.TOKEN_ABSENT, "No token " + name + " is present in " + modulePath
        + ": plug it in, or check the label with 'kyso token list --module " + modulePath + "'.");
  }

  private void login(Session s, Token t, Pkcs11TokenInfo pi) throws KysoException {
    if (pi.pinFinalTry() && !pi.protectedAuthenticationPath() && !pinSource.interactive()) {
      // a script or service would send the same wrong PIN again and lock the token: only a person may try now
      throw new TokenException(Reason.ACCESS_DENIED, "The token '" + pi.label() + "' says one more wrong PIN will "
          + "lock it, so kyso does not try a PIN from --pin-env or --pin-file: type the PIN at the prompt (run kyso "
          + "in a terminal without them) or check it with the token vendor's tool.");
    }
    char[] pin = null;
    try {
      if (!pi.protectedAuthenticationPath()) {
        try (Pin p = pinSource.read("PIN for token " + pi.label())) {
          pin = p.chars();
        }
      }
      s.login(CKU_USER, pin);
      logins.incrementAndGet();
      LOG.debug("logged in to token '{}'", pi.label());
    } catch (PKCS11Exception e) {
      if (e.getErrorCode() == CKR_USER_ALREADY_LOGGED_IN) {
        LOG.debug("token '{}' is already logged in by this process", pi.label());
        return;
      }
      TokenException te = Pkcs11Errors.map(e, "'" + pi.label() + "'", "logging in");
      if (te.reason() == Reason.WRONG_PIN) {
        Pkcs11TokenInfo after = null;
        try {
          after = TokenObjects.info(t.getTokenInfo());
        } catch (PKCS11Exception ignored) {
          // the PIN state is a hint only
        }
        if (after != null && after.pinLocked()) {
          throw new TokenException(Reason.PIN_LOCKED, "The PIN for token '" + pi.label() + "' was wrong and the"
              + " token is now locked: unlock it with the SO PIN or the token vendor's tool.", e);
        }
        throw new TokenException(Reason.WRONG_PIN, "The PIN for token '" + pi.label() + "' is wrong"
            + (after != null && after.pinFinalTry() ? ": one more wrong PIN will lock the token." : "."), e);
      }
      throw te;
    } finally {
      if (pin != null) {
        Arrays.fill(pin, '\0');
      }
    }
  }

  // ------------------------------------------------------------------ session pool

  private Lease borrow() throws KysoException {
    checkOpen();
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenException(Reason.FAILED, "Signing was interrupted.", e);
    }
    Lease l = idle.pollFirst();
    while (l != null && l.generation() != generation) {
      Pkcs11Module.closeQuietly(l.session());
      l = idle.pollFirst();
    }
    if (l != null) {
      return l;
    }
    int gen = generation;
    try {
      return new Lease(token.openSession(false), gen);
    } catch (PKCS11Exception e) {
      permits.release();
      if (Pkcs11Errors.sessionLost(e.getErrorCode()) || Pkcs11Errors.reason(e.getErrorCode()) == Reason.TOKEN_ABSENT) {
        // the token went away: the caller recovers
        return new Lease(null, gen);
      }
      throw Pkcs11Errors.map(e, name, "opening a session");
    }
  }

  private void release(Lease l, boolean healthy) {
    if (l.session() == null) {
      return;
    }
    if (healthy && !closed && l.generation() == generation) {
      idle.addFirst(l);
    } else {
      Pkcs11Module.closeQuietly(l.session());
    }
    permits.release();
  }

  /** After the token was removed and reinserted: find it again, log in again (once for all threads). */
  private void recover(int failedGeneration) throws KysoException {
    synchronized (recoverLock) {
      checkOpen();
      if (generation != failedGeneration) {
        return; // another thread already recovered
      }
      LOG.info("token {} lost its session (removed and plugged in again?); logging in again", name);
      Lease l;
      while ((l = idle.pollFirst()) != null) {
        Pkcs11Module.closeQuietly(l.session());
      }
      handles.clear();
      generation = failedGeneration + 1;
      connect(false);
    }
  }

  // ------------------------------------------------------------------ keys

  @Override
  public List<KeyInfo> keys() throws KysoException {
    List<Pkcs11Object> objs = objects();
    List<KeyInfo> out = new ArrayList<>();
    for (Pkcs11Object o : objs) {
      if (o.kind() == Pkcs11Object.Kind.PRIVATE_KEY) {
        out.add(new KeyInfo(o.label(), o.id(), certificateFor(o, objs)));
      }
    }
    return List.copyOf(out);
  }

  /** Every key and certificate object on the token, private keys included (the token is logged in). */
  public List<Pkcs11Object> objects() throws KysoException {
    return withSession("listing keys", s -> TokenObjects.list(s, tokenUri()));
  }

  private Pkcs11Uri tokenUri() {
    return Pkcs11Uri.builder().token(info.label()).serial(info.serial()).modulePath(modulePath).build();
  }

  @Override
  public SigningKey key(KeySelector selector) throws KysoException {
    Objects.requireNonNull(selector, "selector");
    List<Pkcs11Object> objs = objects();
    for (Pkcs11Object o : objs) {
      if (o.kind() != Pkcs11Object.Kind.PRIVATE_KEY) {
        continue;
      }
      Optional<X509Certificate> cert = certificateFor(o, objs);
      if (!selector.matches(new KeyInfo(o.label(), o.id(), cert))) {
        continue;
      }
      if (cert.isEmpty()) {
        throw new TokenException(Reason.KEY_NOT_FOUND, "The key '" + o.label() + "' on token '" + info.label()
            + "' has no certificate: import the key's certificate onto the token (same id and label).");
      }
      return new Pkcs11Key(this, o.label(), o.id(), chain(cert.get(), objs));
    }
    throw new TokenException(Reason.KEY_NOT_FOUND, "No matching key with a certificate is on token '"
        + info.label() + "': list the keys with 'kyso token list --module " + modulePath + "'.");
  }

  private static Optional<X509Certificate> certificateFor(Pkcs11Object key, List<Pkcs11Object> objs) {
    byte[] id = key.id();
    for (Pkcs11Object o : objs) {
      if (o.kind() == Pkcs11Object.Kind.CERTIFICATE && o.certificate().isPresent() && id.length > 0
          && Arrays.equals(id, o.id())) {
        return o.certificate();
      }
    }
    if (!key.label().isEmpty()) {
      for (Pkcs11Object o : objs) {
        if (o.kind() == Pkcs11Object.Kind.CERTIFICATE && o.certificate().isPresent()
            && key.label().equals(o.label())) {
          return o.certificate();
        }
      }
    }
    return Optional.empty();
  }

  /** The signer's certificate followed by CA certificates found on the token, up the issuer chain. */
  private static List<X509Certificate> chain(X509Certificate signer, List<Pkcs11Object> objs) {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(signer);
    X509Certificate current = signer;
    for (int depth = 0; depth < 8; depth++) {
      if (current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
        break;
      }
      X509Certificate next = null;
      for (Pkcs11Object o : objs) {
        if (o.certificate().isPresent()) {
          X509Certificate c = o.certificate().get();
          if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && !chain.contains(c)) {
            try {
              current.verify(c.getPublicKey());
              next = c;
              break;
            } catch (java.security.GeneralSecurityException e) {
              // same name, other key
            }
          }
        }
      }
      if (next == null) {
        break;
      }
      chain.add(next);
      current = next;
    }
    return List.copyOf(chain);
  }

  // ------------------------------------------------------------------ signing

  private interface SessionWork<T> {
    T run(Session s) throws PKCS11Exception, KysoException;
  }

  /** Runs work on a pooled session; after a lost session, recovers (re-login) and runs it once more. */
  private <T> T withSession(String action, SessionWork<T> work) throws KysoException {
    for (int attempt = 0; ; attempt++) {
      Lease l = borrow();
      if (l.session() == null) {
        if (attempt == 0) {
          recover(l.generation());
          continue;
        }
        throw new TokenException(Reason.TOKEN_ABSENT, "Token " + name + " is not present: plug it in and try again.");
      }
      boolean healthy = true;
      boolean retry = false;
      try {
        return work.run(l.session());
      } catch (PKCS11Exception e) {
        if (Pkcs11Errors.sessionLost(e.getErrorCode())) {
          healthy = false;
          retry = attempt == 0;
        }
        if (!retry) {
          throw Pkcs11Errors.map(e, name, action);
        }
      } finally {
        release(l, healthy);
      }
      recover(l.generation());
    }
  }

  byte[] sign(Pkcs11Key key, SignatureAlgorithm algorithm, byte[] digest) throws KysoException {
    JcaDigestSigner.checkDigest(algorithm, digest);
    Mechanism mech;
    byte[] data;
    switch (algorithm.keyType()) {
      case RSA -> {
        if (algorithm.pss()) {
          long[] hm = switch (algorithm.digest()) {
            case SHA256 -> new long[] {CKM_SHA256, CKG_MGF1_SHA256};
            case SHA384 -> new long[] {CKM_SHA384, CKG_MGF1_SHA384};
            case SHA512 -> new long[] {CKM_SHA512, CKG_MGF1_SHA512};
          };
          mech = new Mechanism(CKM_RSA_PKCS_PSS, new RSA_PKCS_PSS_PARAMS(hm[0], hm[1], algorithm.digest().length()));
          data = digest.clone();
        } else {
          mech = new Mechanism(CKM_RSA_PKCS);
          data = JcaDigestSigner.digestInfo(algorithm.digest(), digest);
        }
      }
      case EC -> {
        mech = new Mechanism(CKM_ECDSA);
        data = digest.clone();
      }
      default -> throw new AssertionError(algorithm);
    }
    Set<Long> mechs = mechanisms;
    if (!mechs.isEmpty() && !mechs.contains(mech.getMechanismCode())) {
      throw new TokenException(Reason.UNSUPPORTED, "Token '" + info.label() + "' does not offer "
          + mech.getName() + ", which " + algorithm + " needs: choose another algorithm or token.");
    }
    byte[] sig = signOnSession(key, mech, data);
    if (algorithm.keyType() == SignatureAlgorithm.KeyType.EC) {
      int fieldBytes = (((ECPublicKey) key.certificate().getPublicKey()).getParams().getOrder().bitLength() + 7) / 8;
      try {
        return Der.ecdsaToDer(sig, fieldBytes);
      } catch (IllegalArgumentException e) {
        throw new TokenException(Reason.FAILED, "Token '" + info.label()
            + "' returned an ECDSA signature of unexpected length " + sig.length + ".", e);
      }
    }
    return sig;
  }

  private byte[] signOnSession(Pkcs11Key key, Mechanism mech, byte[] data) throws KysoException {
    return withSession("signing with " + mech.getName(), s -> s.signSingle(mech, handle(key, s), data));
  }

  /** The private key's object handle, looked up once per login (handles may change after reinsertion). */
  private long handle(Pkcs11Key key, Session s) throws PKCS11Exception, TokenException {
    String cacheKey = key.label() + "#" + java.util.HexFormat.of().formatHex(key.id());
    Long h = handles.get(cacheKey);
    if (h != null) {
      return h;
    }
    AttributeVector template = new AttributeVector().class_(CKO_PRIVATE_KEY);
    if (key.id().length > 0) {
      template.id(key.id());
    }
    if (!key.label().isEmpty()) {
      template.label(key.label());
    }
    long[] found = s.findObjectsSingle(template, 2);
    if (found.length == 0) {
      throw new TokenException(Reason.KEY_NOT_FOUND,
          "The key '" + key.label() + "' is no longer on token '" + info.label() + "'.");
    }
    handles.put(cacheKey, found[0]);
    return found[0];
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("This token was closed.");
    }
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    synchronized (recoverLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    Token t = token;
    boolean last = t == null || module.releaseLogin(t.getSlot().getSlotID());
    Lease l;
    while ((l = idle.pollFirst()) != null) {
      if (last && info != null && info.loginRequired()) {
        try {
          l.session().logout();
          LOG.debug("logged out of token {}", name);
        } catch (PKCS11Exception | RuntimeException e) {
          // already logged out (token removed)
        }
        last = false;
      }
      Pkcs11Module.closeQuietly(l.session());
    }
  }

  @Override
  public String toString() {
    return "Pkcs11Token[" + name + " in " + modulePath + "]";
  }
}
