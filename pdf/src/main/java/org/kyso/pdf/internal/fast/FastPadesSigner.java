package org.kyso.pdf.internal.fast;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.core.internal.fast.CadesDetachedBuilder;

/**
 * kyso's own PAdES baseline B-B signer for invisible signatures: one lazy, strict parse of only what it must
 * touch ({@link RawPdf}: the cross-reference sections, trailer, catalog, form, page tree down to page 1), one
 * streaming pass over the original bytes that copies and digests them at once, one CMS SignedData assembled from
 * pre-encoded parts, one signature by the key, and an incremental update appended after the untouched original.
 * Memory stays at a few megabytes whatever the file size.
 *
 * <p>It does B-B only (no timestamp, no validation data), invisible signatures only, no certification (DocMDP),
 * no encrypted or damaged documents: for anything else it throws {@link FastPathUnsupportedException} before
 * writing anything, and the caller uses the general signer.
 *
 * <p>Two-step signing ({@link #prepare}, {@link #complete}) works without a key: the update is planned the same
 * way twice from the same document and frozen signing time, so the digest prepared is the one completed.
 *
 * <p>Immutable and thread-safe (as far as the key is).
 */
public final class FastPadesSigner {
  private static final int COPY_BUFFER = 1 << 20;
  /** rw------- as {@code Files.createTempFile} makes it (and the general signer's output), given at creation. */
  private static final java.nio.file.attribute.FileAttribute<?>[] OWNER_ONLY = ownerOnly();

  /** Files up to this size are read whole (fewer system calls); larger ones are streamed. */
  private static final long IN_MEMORY = 16L << 20;

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
    this.chain = List.copyOf(b.chain);
    SignatureAlgorithm.KeyType type = keyType(chain.get(0));
    this.algorithm = b.algorithm != null ? b.algorithm : SignatureAlgorithm.of(type, b.digest, false);
    if (algorithm.keyType() != type) {
      throw new IllegalArgumentException(algorithm + " does not fit a " + type + " key.");
    }
    this.clock = b.clock;
    this.name = b.name;
    this.reason = b.reason;
    this.location = b.location;
    this.contactInfo = b.contactInfo;
    this.cms = new CadesDetachedBuilder(algorithm, chain);
    this.checkSignatureValue = b.checkSignatureValue;
  }

  /** A signer for {@code key}, with the key's certificate chain. */
  public static Builder builder(SigningKey key) {
    Objects.requireNonNull(key, "key");
    List<X509Certificate> chain = key.certificateChain().isEmpty() ? List.of(key.certificate())
        : key.certificateChain();
    return new Builder(key, chain);
  }

  /** A signer for two-step signing only, when the key is elsewhere (signer's certificate first). */
  public static Builder builder(List<X509Certificate> chain) {
    if (Objects.requireNonNull(chain, "chain").isEmpty()) {
      throw new IllegalArgumentException("The certificate chain must hold at least the signer's certificate.");
    }
    return new Builder(null, chain);
  }

  /** The signature algorithm used. */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /** Signs {@code in} into {@code out} with the clock's time; see {@link #sign(Path, Path, Instant)}. */
  public void sign(Path in, Path out) throws KysoException, FastPathUnsupportedException {
    sign(in, out, now());
  }

  /**
   * Signs {@code in} into {@code out}, atomically: a failure leaves no output file. {@code out} may be {@code in}.
   *
   * @param signingTime the claimed signing time written as {@code /M} (second precision)
   * @throws FastPathUnsupportedException if the document needs the general signer (nothing was written)
   * @throws FileAccessException if {@code in} cannot be read or {@code out} cannot be written
   */
  public void sign(Path in, Path out, Instant signingTime) throws KysoException, FastPathUnsupportedException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    requireKey();
    byte[] small = readIfSmall(in);
    if (small != null) {
      Pending pending = begin(small, signingTime);
      finish(pending, signatureValue(pending), out);
      return;
    }
    long length;
    IncrementPlanner.Increment inc;
    try (RawPdf.Source src = RawPdf.Source.of(FileChannel.open(in, StandardOpenOption.READ))) {
      length = src.length();
      inc = plan(src, signingTime);
    } catch (FastPathUnsupportedException e) {
      throw e;
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + in + " does not exist.", e);
    } catch (AccessDeniedException e) {
      throw new FileAccessException("The file " + in + " cannot be read (permission denied).", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + in + " cannot be read.", e);
    }
    Path target = out.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
    } catch (IOException e) {
      throw new FileAccessException("The output folder " + dir + " cannot be written.", e);
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
          int n = src.read(buf, copied);
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
        if (src.size() != length) {
          throw new IOException("the file changed while it was being signed");
        }
        embed(inc, signWith(inc, md));
        ByteBuffer tail = ByteBuffer.wrap(inc.bytes());
        while (tail.hasRemaining()) {
          dst.write(tail);
        }
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } catch (IOException e) {
      throw new FileAccessException("The signed file " + out + " cannot be written.", e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file is hidden and named .part; nothing more can be done
        }
      }
    }
  }

  private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly() {
    boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    return posix ? new java.nio.file.attribute.FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions
        .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))}
        : new java.nio.file.attribute.FileAttribute<?>[0];
  }

  /** The whole file when it is small enough to sign in memory, else null. */
  private static byte[] readIfSmall(Path in) throws FileAccessException {
    return readAtMost(in, IN_MEMORY);
  }

  /**
   * The whole file when it holds at most {@code max} bytes, else null.
   *
   * @throws FileAccessException if it is missing or unreadable, or changes size while it is read
   */
  public static byte[] readAtMost(Path in, long max) throws FileAccessException {
    try (FileChannel ch = FileChannel.open(in, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > max) {
        return null;
      }
      ByteBuffer b = ByteBuffer.allocate((int) size);
      while (b.hasRemaining()) {
        if (ch.read(b) < 0) {
          break;
        }
      }
      if (b.hasRemaining() || ch.size() != size) {
        throw new IOException("the file changed while it was being read");
      }
      return b.array();
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + in + " does not exist.", e);
    } catch (AccessDeniedException e) {
      throw new FileAccessException("The file " + in + " cannot be read (permission denied).", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + in + " cannot be read.", e);
    }
  }

  /** Writes {@code head} then {@code tail} to a temporary file next to {@code out}, then moves it into place. */
  private static void writeAtomically(Path out, byte[] head, byte[] tail) throws FileAccessException {
    Path target = out.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    FileChannel ch = null;
    for (int attempt = 0; ch == null; attempt++) {
      // a fresh name in the output folder (no SecureRandom, no extra attribute calls: this runs per document)
      tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(
          java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".part");
      try {
        ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW),
            OWNER_ONLY);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt > 5) {
          throw new FileAccessException("The output folder " + dir + " cannot be written.", e);
        }
      } catch (IOException e) {
        throw new FileAccessException("The output folder " + dir + " cannot be written.", e);
      }
    }
    boolean done = false;
    try {
      try (FileChannel open = ch) {
        ByteBuffer[] parts = {ByteBuffer.wrap(head), ByteBuffer.wrap(tail)};
        long left = (long) head.length + tail.length;
        while (left > 0) {
          left -= open.write(parts);
        }
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } catch (IOException e) {
      throw new FileAccessException("The signed file " + out + " cannot be written.", e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // hidden .part file; nothing more can be done
        }
      }
    }
  }

  /** Signs a PDF held in memory with the clock's time. */
  public byte[] sign(byte[] pdf) throws KysoException, FastPathUnsupportedException {
    return sign(pdf, now());
  }

  /**
   * Signs a PDF held in memory and returns the signed PDF.
   *
   * @throws FastPathUnsupportedException if the document needs the general signer
   */
  public byte[] sign(byte[] pdf, Instant signingTime) throws KysoException, FastPathUnsupportedException {
    Objects.requireNonNull(pdf, "pdf");
    requireKey();
    Pending pending = begin(pdf, signingTime);
    return finish(pending, signatureValue(pending));
  }

  /**
   * A document planned and digested, waiting for the key's signature value: the first half of {@link #sign(byte[],
   * Instant)}, for pipelines that read and digest documents on one thread while another uses the key.
   */
  public static final class Pending {
    private final byte[] pdf;
    private final IncrementPlanner.Increment increment;
    private final byte[] signedAttributes;
    private final byte[] toBeSigned;

    private Pending(byte[] pdf, IncrementPlanner.Increment increment, byte[] signedAttributes, byte[] toBeSigned) {
      this.pdf = pdf;
      this.increment = increment;
      this.signedAttributes = signedAttributes;
      this.toBeSigned = toBeSigned;
    }

    /** The digest the key must sign. */
    public byte[] digest() {
      return toBeSigned.clone();
    }
  }

  /**
   * Plans the incremental update of {@code pdf} and digests the document, up to the digest the key must sign
   * ({@link #signatureValue}). The key is not used.
   *
   * @throws FastPathUnsupportedException if the document needs the general signer
   */
  public Pending begin(byte[] pdf, Instant signingTime) throws KysoException, FastPathUnsupportedException {
    Objects.requireNonNull(pdf, "pdf");
    IncrementPlanner.Increment inc = plan(pdf, signingTime);
    byte[] attrs = cms.signedAttributes(contentDigest(pdf, inc));
    return new Pending(pdf, inc, attrs, cms.toBeSignedDigest(attrs));
  }

  /** Signs the pending document's digest with this signer's key (the only step that uses the key). */
  public byte[] signatureValue(Pending pending) throws KysoException {
    requireKey();
    return key.signDigest(algorithm, pending.toBeSigned);
  }

  /**
   * Embeds {@code signatureValue} (checked against the certificate when the signer checks values) and writes the
   * signed document to {@code out} atomically, as {@link #sign(Path, Path)} does. A pending document is finished
   * once.
   *
   * @throws TokenException if the value does not verify with the signer's certificate
   * @throws FileAccessException if {@code out} cannot be written (nothing is left behind)
   */
  public void finish(Pending pending, byte[] signatureValue, Path out) throws KysoException {
    Objects.requireNonNull(out, "out");
    embedValue(pending, signatureValue);
    writeAtomically(out, pending.pdf, pending.increment.bytes());
  }

  /** As {@link #finish(Pending, byte[], Path)}, returning the signed document. */
  public byte[] finish(Pending pending, byte[] signatureValue) throws KysoException {
    embedValue(pending, signatureValue);
    return concat(pending.pdf, pending.increment.bytes());
  }

  private void embedValue(Pending pending, byte[] value) throws KysoException {
    Objects.requireNonNull(pending, "pending");
    Objects.requireNonNull(value, "signatureValue");
    embed(pending.increment, checkedSignedData(pending.signedAttributes, value));
  }

  /**
   * First step of two-step signing: the digest the key must sign, with the frozen signing time.
   *
   * @throws FastPathUnsupportedException if the document needs the general signer
   */
  public PreparedSignature prepare(byte[] pdf, Instant signingTime)
      throws KysoException, FastPathUnsupportedException {
    Objects.requireNonNull(pdf, "pdf");
    IncrementPlanner.Increment inc = plan(pdf, signingTime);
    byte[] attrs = cms.signedAttributes(contentDigest(pdf, inc));
    return new PreparedSignature(cms.toBeSignedDigest(attrs), algorithm, signingTime);
  }

  /**
   * Second step: the signed PDF from the same document, the prepared value and the key's signature value.
   *
   * @throws DocumentException if the signature value does not verify for this document, signer and time
   * @throws FastPathUnsupportedException if the document needs the general signer
   */
  public byte[] complete(byte[] pdf, PreparedSignature prepared, byte[] signatureValue)
      throws KysoException, FastPathUnsupportedException {
    Objects.requireNonNull(pdf, "pdf");
    Objects.requireNonNull(prepared, "prepared");
    Objects.requireNonNull(signatureValue, "signatureValue");
    if (prepared.algorithm() != algorithm) {
      throw new IllegalArgumentException("The prepared signature uses " + prepared.algorithm()
          + " but this signer uses " + algorithm + ".");
    }
    IncrementPlanner.Increment inc = plan(pdf, prepared.signingTime());
    byte[] attrs = cms.signedAttributes(contentDigest(pdf, inc));
    if (!verifies(attrs, signatureValue)) {
      throw new DocumentException("The signature value does not match this document, signer and signing time: "
          + "sign the digest that prepare() gave for this same document.");
    }
    embed(inc, cms.signedData(attrs, signatureValue));
    return concat(pdf, inc.bytes());
  }

  private IncrementPlanner.Increment plan(byte[] pdf, Instant signingTime)
      throws KysoException, FastPathUnsupportedException {
    try {
      return plan(RawPdf.Source.of(pdf), signingTime);
    } catch (FastPathUnsupportedException e) {
      throw e;
    } catch (IOException e) {
      throw new FastPathUnsupportedException("an unreadable document (" + e.getMessage() + ")");
    }
  }

  private IncrementPlanner.Increment plan(RawPdf.Source source, Instant signingTime) throws IOException {
    Objects.requireNonNull(signingTime, "signingTime");
    if (!looksLikePdf(source)) {
      // the general signer words the error
      throw new FastPathUnsupportedException("a file that is not a PDF");
    }
    try (RawPdf pdf = RawPdf.open(source)) {
      if (pdf.nextObjectNumber() - 1 > StructureCheck.MAX_OBJECT_NUMBER) {
        // new objects would get numbers no reader accepts: the general signer's checks refuse the file
        throw new FastPathUnsupportedException("an object number beyond the PDF limit");
      }
      return IncrementPlanner.plan(pdf, new IncrementPlanner.SignatureInfo(signingTime, name, reason, location,
          contactInfo, cms.estimatedSize()));
    } catch (RawParser.Truncated e) {
      throw new FastPathUnsupportedException("an object that runs past the end of the file");
    } catch (RuntimeException e) {
      // a malformed number or similar: the general signer's lenient parser decides
      throw new FastPathUnsupportedException("a malformed PDF structure (" + e.getClass().getSimpleName() + ")");
    }
  }

  private byte[] contentDigest(byte[] pdf, IncrementPlanner.Increment inc) {
    MessageDigest md = newDigest();
    md.update(pdf);
    return finishDigest(md, inc);
  }

  private static byte[] finishDigest(MessageDigest md, IncrementPlanner.Increment inc) {
    byte[] b = inc.bytes();
    md.update(b, 0, inc.contentsStart());
    md.update(b, inc.contentsEnd(), b.length - inc.contentsEnd());
    return md.digest();
  }

  /** Digests the increment around the hole, has the key sign, and returns the CMS. */
  private byte[] signWith(IncrementPlanner.Increment inc, MessageDigest md) throws KysoException {
    byte[] attrs = cms.signedAttributes(finishDigest(md, inc));
    return checkedSignedData(attrs, key.signDigest(algorithm, cms.toBeSignedDigest(attrs)));
  }

  /** The CMS for the key's {@code value}, checked against the certificate first when the signer checks values. */
  private byte[] checkedSignedData(byte[] attrs, byte[] value) throws KysoException {
    if (checkSignatureValue && !verifies(attrs, value)) {
      throw new TokenException(TokenException.Reason.FAILED, "The key made a signature that its certificate "
          + "does not verify: the key and the certificate do not belong together.");
    }
    return cms.signedData(attrs, value);
  }

  private static void embed(IncrementPlanner.Increment inc, byte[] cmsBytes) {
    inc.patchContents(cmsBytes);
  }

  private boolean verifies(byte[] attrs, byte[] value) throws KysoException {
    try {
      String jca = algorithm.digest().jcaName();
      Signature s;
      if (algorithm.pss()) {
        s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec(jca, "MGF1", new MGF1ParameterSpec(jca), algorithm.digest().length(),
            1));
      } else {
        s = Signature.getInstance(jca.replace("-", "") + "with"
            + (algorithm.keyType() == SignatureAlgorithm.KeyType.RSA ? "RSA" : "ECDSA"));
      }
      s.initVerify(chain.get(0).getPublicKey());
      s.update(attrs);
      return s.verify(value);
    } catch (java.security.SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new TokenException(TokenException.Reason.FAILED,
          "The signature value cannot be checked: " + e.getMessage(), e);
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private void requireKey() {
    if (key == null) {
      throw new IllegalStateException("This signer was built from a certificate chain only: use prepare() and"
          + " complete().");
    }
  }

  private MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(algorithm.digest().jcaName());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm.digest().jcaName() + " is not available", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static boolean looksLikePdf(RawPdf.Source source) throws IOException {
    byte[] head = new byte[1_024];
    int n = source.read(0, head, 0, head.length);
    return n > 0 && new String(head, 0, n, StandardCharsets.ISO_8859_1).contains("%PDF-");
  }

  private static SignatureAlgorithm.KeyType keyType(X509Certificate cert) {
    String alg = cert.getPublicKey().getAlgorithm();
    return "EC".equals(alg) || "ECDSA".equals(alg) ? SignatureAlgorithm.KeyType.EC : SignatureAlgorithm.KeyType.RSA;
  }

  /** Builds a {@link FastPadesSigner}. */
  public static final class Builder {
    private final SigningKey key;
    private final List<X509Certificate> chain;
    private DigestAlgorithm digest = DigestAlgorithm.SHA256;
    private SignatureAlgorithm algorithm;
    private Clock clock = Clock.systemUTC();
    private String name;
    private String reason;
    private String location;
    private String contactInfo;
    private boolean checkSignatureValue = true;

    private Builder(SigningKey key, List<X509Certificate> chain) {
      this.key = key;
      this.chain = chain;
    }

    /** The digest algorithm (SHA-256 by default) with the key's default padding. */
    public Builder digest(DigestAlgorithm digest) {
      this.digest = Objects.requireNonNull(digest, "digest");
      return this;
    }

    /** An explicit signature algorithm (e.g. RSA-PSS); it must fit the key. */
    public Builder algorithm(SignatureAlgorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /** The clock giving the claimed signing time when none is passed. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The signer's name written as {@code /Name}, or null for none. */
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
     * catches a key that does not belong to its certificate, for the cost of one public-key operation).
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
