package org.kyso.pdf.internal.fast;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;

/**
 * Where {@code PdfSigner} hands over to {@link FastPadesSigner}: for B-B and B-T (B-T with a local key only),
 * invisible, non-certifying signatures on documents the fast signer reads strictly. Which engine a signer uses is
 * decided once, when it is built ({@link #signer}); a document is handed back to the general (DSS) signer only when the fast signer finds, before
 * the key is used, that it does not handle it ({@link FastPathUnsupportedException}: false or null here, nothing
 * written). Every other failure, above all one after the key signed (the output cannot be written), is passed on:
 * the general signer never signs a document the key already signed, so a remote key is never asked twice.
 */
public final class FastPath {
  private FastPath() {}

  /**
   * The fast signer for these settings, or null when they need the general signer.
   *
   * @param key the key, or null for a signer built from a certificate chain only (two-step signing)
   */
  public static FastPadesSigner signer(SigningKey key, List<X509Certificate> chain, Level level, boolean visible,
      boolean certifies, SignatureAlgorithm algorithm, Clock clock, String reason, String location,
      String contactInfo, String signerName, TimestampService timestamps) {
    if (visible || certifies || chain.isEmpty()) {
      return null;
    }
    // B-T: only with a local key, which may sign a document a second time if the TSA's token outgrows the room
    // planned for it; a remote key (one approval per signature) and two-step signing keep the general path
    boolean stamped = level == Level.B_T && timestamps != null && key != null && !key.remote();
    if (level != Level.B_B && !stamped) {
      return null;
    }
    FastPadesSigner.Builder b = key != null ? FastPadesSigner.builder(key) : FastPadesSigner.builder(chain);
    if (stamped) {
      b.timestamps(timestamps);
    }
    return b.algorithm(algorithm).clock(clock).reason(reason).location(location).contactInfo(contactInfo)
        .name(signerName).build();
  }

  /** Signs file to file; false when the general signer must do it (nothing was written). */
  public static boolean sign(FastPadesSigner fast, Path in, Path out, Instant time) throws KysoException {
    try {
      fast.sign(in, out, time);
      return true;
    } catch (FastPathUnsupportedException e) {
      // thrown only before the key is used: the general signer may still sign this document, once
      return false;
    }
  }

  /** Signs in memory; null when the general signer must do it. */
  public static byte[] sign(FastPadesSigner fast, byte[] pdf, Instant time) throws KysoException {
    try {
      return fast.sign(pdf, time);
    } catch (FastPathUnsupportedException e) {
      return null;
    }
  }

  /** The first step of two-step signing; null when the general signer must do it. */
  public static PreparedSignature prepare(FastPadesSigner fast, byte[] pdf, Instant time) throws KysoException {
    try {
      return fast.prepare(pdf, time);
    } catch (FastPathUnsupportedException e) {
      return null;
    }
  }

  /** The second step; null when the general signer must do it (it prepared the same document itself then). */
  public static byte[] complete(FastPadesSigner fast, byte[] pdf, PreparedSignature prepared, byte[] value)
      throws KysoException {
    try {
      return fast.complete(pdf, prepared, value);
    } catch (FastPathUnsupportedException | org.kyso.core.DocumentException e) {
      // a value that does not fit the fast path's update may come from the general path: it judges
      return null;
    }
  }
}
