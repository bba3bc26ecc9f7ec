package org.kyso.pdf;

import java.nio.file.Path;
import java.util.Objects;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.pdf.internal.PadesEngine;

/**
 * Raises the signatures already in a PDF to a higher level without signing anything: a signature timestamp for
 * B-T, the certificates and revocation data for B-LT, plus a document timestamp for B-LTA (an existing B-LTA
 * document gets a new archive timestamp). No key is needed, so an archive can refresh the evidence of documents
 * signed by others.
 *
 * <pre>{@code
 * PdfExtender.builder(Level.B_LTA).timestamps(tsa).trust(roots).build().extend(in, out);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PdfExtender {
  private final Level level;
  private final PadesEngine engine;
  /** The password that opens protected inputs, or null; never printed. */
  private final char[] password;

  private PdfExtender(Builder b) {
    this.level = b.level;
    // the engine's signing settings (algorithm, chain, appearance) play no part in an extension
    this.engine = new PadesEngine(new PadesEngine.Settings(b.level, SignatureAlgorithm.RSA_SHA256,
        java.util.List.of(), b.timestamps, b.trust, null, null, null, null, null, null),
        org.kyso.core.internal.revocation.RevocationSources.online(), b.password);
    this.password = b.password == null ? null : b.password.clone();
  }

  /**
   * @param level the target level: B-T, B-LT or B-LTA
   * @throws IllegalArgumentException for B-B, which is no extension
   */
  public static Builder builder(Level level) {
    Objects.requireNonNull(level, "level");
    if (!level.needsTimestamp()) {
      throw new IllegalArgumentException("Extending needs a level of B-T or higher.");
    }
    return new Builder(level);
  }

  public Level level() {
    return level;
  }

  /**
   * Extends {@code in} and writes the result to {@code out} atomically.
   *
   * @throws org.kyso.core.FileAccessException if {@code in} cannot be read or {@code out} cannot be written
   * @throws org.kyso.core.DocumentException if the file is not a PDF or holds no signature
   * @throws org.kyso.core.ServiceUnavailableException if the TSAs or revocation services cannot be reached
   */
  public void extend(Path in, Path out) throws KysoException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    byte[] extended = extend(PdfSigner.read(in), "The file " + in.getFileName());
    org.kyso.core.internal.io.AtomicOutput.write(out, "The extended file", extended);
  }

  /** Extends a PDF held in memory; see {@link #extend(Path, Path)}. */
  public byte[] extend(byte[] pdf) throws KysoException {
    return extend(Objects.requireNonNull(pdf, "pdf"), "The document");
  }

  byte[] extend(byte[] pdf, String name) throws KysoException {
    try (org.apache.pdfbox.pdmodel.PDDocument doc = org.kyso.pdf.internal.PdfDocuments.openForSigning(pdf, name,
        password)) {
      if (doc.getSignatureDictionaries().isEmpty()) {
        throw new org.kyso.core.DocumentException(name + " holds no signature to extend; sign it instead.");
      }
    } catch (java.io.IOException e) {
      throw new org.kyso.core.DocumentException(name + " is a damaged PDF file that cannot be read.", e);
    }
    return engine.extend(pdf);
  }

  /** Builds a {@link PdfExtender}. */
  public static final class Builder {
    private final Level level;
    private TimestampService timestamps;
    private TrustAnchors trust = TrustAnchors.none();
    private char[] password;

    private Builder(Level level) {
      this.level = level;
    }

    public Builder timestamps(TimestampService timestamps) {
      this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
      return this;
    }

    /** The roots the signers' chains lead to; B-LT and B-LTA collect revocation data up to them. */
    public Builder trust(TrustAnchors trust) {
      this.trust = Objects.requireNonNull(trust, "trust");
      return this;
    }

    /**
     * The password that opens protected documents (user or owner password), as {@link PdfSigner.Builder#password};
     * the extended document keeps its encryption. The array is copied.
     */
    public Builder password(char[] password) {
      this.password = Objects.requireNonNull(password, "password").clone();
      return this;
    }

    /** @throws IllegalStateException if no timestamp service was given */
    public PdfExtender build() {
      if (timestamps == null) {
        throw new IllegalStateException("Extending to " + level.label() + " needs a timestamp service.");
      }
      return new PdfExtender(this);
    }
  }
}
