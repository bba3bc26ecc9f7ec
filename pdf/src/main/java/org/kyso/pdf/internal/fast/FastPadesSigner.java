package org.kyso.pdf.internal.fast;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.core.internal.fast.CadesDetachedBuilder;

/**
 * kyso's own PAdES baseline B-B signer for invisible signatures: one lazy, strict parse of only what it must
 * touch ({@link RawPdf}: the cross-reference sections, trailer, catalog, form, page tree down to page 1), one
 * streaming pass over the original bytes that copies and digests them at once, one CMS SignedData assembled from
 * pre-encoded parts, one signature by the key, and an incremental update appended after the untouched original. Memory stays at a few megabytes whatever the file size.
 *
 * <p>It does B-B only (no timestamp, no validation data), invisible signatures only, no certification
 * (DocMDP) and no encrypted documents: for anything else it throws {@link FastPathUnsupportedException} before
 * writing anything, and the caller uses the general signer.
 *
 * <p>Immutable and thread-safe (as far as the key is).
 */
public final class FastPadesSigner {
  private static final int COPY_BUFFER = 1 << 20;

  private final SigningKey key;
  private final SignatureAlgorithm algorithm;
  private final List<X509Certificate> chain;
  private final Clock clock;
  private final String name;
  private final String reason;
  private final String location;
  private final String contactInfo;
  private final CadesDetachedBuilder cms;
  private final boolean checkSignatureValue;

  private FastPadesSigner(Builder b) {
    this.key = b.key;
    this.algorithm = b.algorithm != null ? b.algorithm : b.key.algorithmFor(b.digest);
    this.chain = List.copyOf(b.key.certificateChain().isEmpty() ? List.of(b.key.certificate())
        : b.key.certificateChain());
    this.clock = b.clock;
    this.name = b.name;
    this.reason = b.reason;
    this.location = b.location;
    this.contactInfo = b.contactInfo;
    this.cms = new CadesDetachedBuilder(algorithm, chain);
    this.checkSignatureValue = b.checkSignatureValue;
  }

  public static Builder builder(SigningKey key) {
    return new Builder(key);
  }

  /** The signature algorithm used. */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Signs {@code in} into {@code out}, atomically: a failure leaves no output file.
   *
   * @throws FastPathUnsupportedException if the document needs the general signer (nothing was written)
   * @throws FileAccessException if {@code in} cannot be read or {@code out} cannot be written
   * @throws DocumentException if {@code in} is not a readable PDF
   */
  public void sign(Path in, Path out) throws KysoException, FastPathUnsupportedException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    long length;
    IncrementPlanner.Increment inc;
    try {
      try (RawPdf.Source src = RawPdf.Source.of(FileChannel.open(in, StandardOpenOption.READ))) {
        length = src.length();
        inc = plan(src, in.getFileName().toString());
      }
    } catch (FastPathUnsupportedException e) {
      throw e;
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + in + " does not exist.", e);
    } catch (AccessDeniedException e) {
      throw new FileAccessException("The file " + in + " cannot be read.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + in + " cannot be read: " + e.getMessage(), e);
    }
    Path dir = out.toAbsolutePath().getParent();
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, ".kyso-", ".pdf.tmp");
    } catch (IOException e) {
      throw new FileAccessException("Cannot write into the folder " + dir + ".", e);
    }
    boolean done = false;
    try {
      MessageDigest md = newDigest();
      try (FileChannel src = FileChannel.open(in, StandardOpenOption.READ);
          FileChannel dst = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(COPY_BUFFER, Math.max(length, 1)));
        long copied = 0;
        while (copied < length) {
          buf.clear();
          int n = src.read(buf);
          if (n < 0) {
            throw new IOException("the file became shorter while it was being signed");
          }
          copied += n;
          buf.flip();
          md.update(buf.array(), 0, n);
          while (buf.hasRemaining()) {
            dst.write(buf);
          }
        }
        finish(md, inc);
        ByteBuffer tail = ByteBuffer.wrap(inc.bytes());
        while (tail.hasRemaining()) {
          dst.write(tail);
        }
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      done = true;
    } catch (IOException e) {
      throw new FileAccessException("Cannot write the signed file " + out + ": " + e.getMessage(), e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file is hidden and named as ours
        }
      }
    }
  }

  /**
   * Signs a PDF held in memory and returns the signed PDF.
   *
   * @throws FastPathUnsupportedException if the document needs the general signer
   * @throws DocumentException if the bytes are not a readable PDF
   */
  public byte[] sign(byte[] pdf) throws KysoException, FastPathUnsupportedException {
    Objects.requireNonNull(pdf, "pdf");
    IncrementPlanner.Increment inc;
    try {
      inc = plan(RawPdf.Source.of(pdf), "the document");
    } catch (FastPathUnsupportedException e) {
      throw e;
    } catch (IOException e) {
      throw new DocumentException("The document cannot be read as a PDF: " + e.getMessage(), e);
    }
    MessageDigest md = newDigest();
    md.update(pdf);
    finish(md, inc);
    byte[] out = new byte[pdf.length + inc.bytes().length];
    System.arraycopy(pdf, 0, out, 0, pdf.length);
    System.arraycopy(inc.bytes(), 0, out, pdf.length, inc.bytes().length);
    return out;
  }

  private IncrementPlanner.Increment plan(RawPdf.Source source, String what) throws IOException, KysoException {
    if (!looksLikePdf(source)) {
      throw new DocumentException("The file " + what + " is not a PDF document.");
    }
    try (RawPdf pdf = RawPdf.open(source)) {
      return IncrementPlanner.plan(pdf, new IncrementPlanner.SignatureInfo(clock.instant(), name, reason, location,
          contactInfo, cms.estimatedSize()));
    } catch (RawParser.Truncated e) {
      throw new FastPathUnsupportedException("an object that runs past the end of the file");
    } catch (RuntimeException e) {
      // a malformed number or similar: the general signer's lenient parser decides
      throw new FastPathUnsupportedException("a malformed PDF structure (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Digests the increment around the hole, signs, and writes the CMS into the hole. */
  private void finish(MessageDigest md, IncrementPlanner.Increment inc) throws KysoException {
    byte[] b = inc.bytes();
    md.update(b, 0, inc.contentsStart());
    md.update(b, inc.contentsEnd(), b.length - inc.contentsEnd());
    byte[] contentDigest = md.digest();
    X509Certificate cert = chain.get(0);
    byte[] attrs = cms.signedAttributes(contentDigest);
    byte[] value = key.signDigest(algorithm, cms.toBeSignedDigest(attrs));
    if (checkSignatureValue) {
      checkValue(cert, attrs, value);
    }
    inc.patchContents(cms.signedData(attrs, value));
  }

  private void checkValue(X509Certificate cert, byte[] attrs, byte[] value) throws KysoException {
    try {
      String md = algorithm.digest().jcaName().replace("-", "");
      Signature s;
      if (algorithm.pss()) {
        s = Signature.getInstance("RSASSA-PSS");
        String jca = algorithm.digest().jcaName();
        s.setParameter(new PSSParameterSpec(jca, "MGF1", new MGF1ParameterSpec(jca), algorithm.digest().length(),
            1));
      } else {
        s = Signature.getInstance(md + "with" + (algorithm.keyType() == SignatureAlgorithm.KeyType.RSA ? "RSA"
            : "ECDSA"));
      }
      s.initVerify(cert.getPublicKey());
      s.update(attrs);
      if (!s.verify(value)) {
        throw new TokenException(TokenException.Reason.FAILED, "The key made a signature that its certificate "
            + "does not verify: the key and the certificate do not belong together.");
      }
    } catch (GeneralSecurityException e) {
      throw new TokenException(TokenException.Reason.FAILED,
          "The signature value made by the key cannot be checked: " + e.getMessage(), e);
    }
  }

  private MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(algorithm.digest().jcaName());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm.digest().jcaName() + " is not available", e);
    }
  }

  private static boolean looksLikePdf(RawPdf.Source source) throws IOException {
    byte[] head = new byte[1_024];
    int n = source.read(0, head, 0, head.length);
    return n > 0 && new String(head, 0, n, StandardCharsets.ISO_8859_1).contains("%PDF-");
  }

  /** Builds a {@link FastPadesSigner}. */
  public static final class Builder {
    private final SigningKey key;
    private DigestAlgorithm digest = DigestAlgorithm.SHA256;
    private SignatureAlgorithm algorithm;
    private Clock clock = Clock.systemUTC();
    private String name;
    private String reason;
    private String location;
    private String contactInfo;
    private boolean checkSignatureValue = true;

    private Builder(SigningKey key) {
      this.key = Objects.requireNonNull(key, "key");
    }

    /** The digest algorithm (SHA-256 by default); the key's default padding. */
    public Builder digest(DigestAlgorithm digest) {
      this.digest = Objects.requireNonNull(digest, "digest");
      return this;
    }

    /** An explicit signature algorithm (e.g. RSA-PSS); it must fit the key. */
    public Builder algorithm(SignatureAlgorithm algorithm) {
      if (algorithm.keyType() != key.keyType()) {
        throw new IllegalArgumentException(algorithm + " does not fit a " + key.keyType() + " key.");
      }
      this.algorithm = algorithm;
      return this;
    }

    /** The clock giving the claimed signing time written as {@code /M}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder location(String location) {
      this.location = location;
      return this;
    }

    public Builder contactInfo(String contactInfo) {
      this.contactInfo = contactInfo;
      return this;
    }

    /**
     * Whether each signature value is checked against the certificate before it is embedded (default on: it
     * catches a key that does not belong to its certificate; costs a public-key operation).
     */
    public Builder checkSignatureValue(boolean check) {
      this.checkSignatureValue = check;
      return this;
    }

    public FastPadesSigner build() {
      return new FastPadesSigner(this);
    }
  }
}
