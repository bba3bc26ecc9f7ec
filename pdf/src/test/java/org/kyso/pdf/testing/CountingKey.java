package org.kyso.pdf.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.kyso.core.KysoException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.internal.ForwardingKey;

/**
 * A real key that counts how often it is asked to sign, and can do something just before it signs (e.g. remove the
 * output folder, as a full disk or an unplugged drive would fail the write after the signature). With a remote key
 * each call is an approval on the official's phone: tests assert how many there were.
 */
public final class CountingKey extends ForwardingKey {
  /** Runs just before each signature. */
  @FunctionalInterface
  public interface BeforeSigning {
    void run() throws Exception;
  }

  private final BeforeSigning before;
  private final AtomicInteger calls = new AtomicInteger();

  public CountingKey(SigningKey key, BeforeSigning before) {
    super(key);
    this.before = before;
  }

  public CountingKey(SigningKey key) {
    this(key, () -> { });
  }

  /** How many digests the key was asked to sign. */
  public int calls() {
    return calls.get();
  }

  @Override
  public byte[] signDigest(SignatureAlgorithm algorithm, byte[] digest) throws KysoException {
    calls.incrementAndGet();
    try {
      before.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return key.signDigest(algorithm, digest);
  }
}
