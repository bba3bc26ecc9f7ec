package org.kyso.pdf.internal.fast;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.PreparedSignature;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.internal.KeyTypes;
import org.kyso.core.internal.SignatureValues;
import org.kyso.core.internal.fast.CadesDetachedBuilder;
import org.kyso.core.internal.io.AtomicOutput;
import org.kyso.core.internal.tsp.TspClient;

/**
 * kyso's own PAdES baseline B-B and B-T signer for invisible signatures: one lazy, strict parse of only what it must
 * touch ({@link RawPdf}: the cross-reference sections, trailer, catalog, form, page tree down to page 1), one
 * streaming pass over the original bytes that copies and digests them at once, one CMS SignedData assembled from
 * pre-encoded parts, one signature by the key, and an incremental update appended after the untouched original.
 * Memory stays at a few megabytes whatever the file size.
 *
 * <p>It does B-B, and B-T when given a {@link Builder#timestamps timestamp service}: after the key signs, an RFC
 * 3161 token over the signature value (message imprint in the service's digest, a nonce, the TSA's certificate
 * asked for; {@link TspClient} checks status, imprint, nonce, policy and the TSA's signature and certificate) is
 * added as the unsigned attribute id-aa-signatureTimeStampToken. No validation data (B-LT, B-LTA), invisible
 * signatures only, no certification (DocMDP), no encrypted or damaged documents: for anything else it throws
 * {@link FastPathUnsupportedException} before writing anything, and the caller uses the general signer.
 *
 * <p>Room for the token in {@code /Contents} is reserved when the update is planned, before the key signs: the
 * largest token seen so far by this signer plus a margin, {@value #DEFAULT_TOKEN_ROOM} bytes until one was seen.
 * A token that still does not fit (another TSA of the list answered, with a longer chain) makes the document be
 * planned again with room for it and signed again by the (local) key, once.
 *
 * <p>Two-step signing ({@link #prepare}, {@link #complete}) works without a key, for B-B only: the update is
 * planned the same way twice from the same document and frozen signing time, so the digest prepared is the one
 * completed. (B-T's room depends on the tokens seen in between, so it is left to the general signer.)
 *
 * <p>Thread-safe (as far as the key is); immutable except for the size of the largest timestamp token seen.
 */
public final class FastPadesSigner {
  private static final int COPY_BUFFER = 1 << 20;

  /** Files up to this size are read whole (fewer system calls); larger ones are streamed. */
  private static final long IN_MEMORY = 16L << 20;

  /**
   * Room reserved for a timestamp token before any was seen, in bytes: a token with a chain of three RSA-4096
   * certificates takes about 7 KB.
   */
  public static final int DEFAULT_TOKEN_ROOM = 16_384;

  private final SigningKey key;
  private final SignatureAlgorithm algorithm;
  private final List<X509Certificate> chain;
  /** The signer certificate's public key, read once: every value is checked against it. */
  private final PublicKey signerKey;
  private final Clock clock;
  private final String name;
  private final String reason;
  private final String location;
  private final String contactInfo;
  private final CadesDetachedBuilder cms;
  /** The timestamp authorities for B-T, or null for B-B. */
  private final TspClient tsa;
  private final DigestAlgorithm tsaDigest;
  private final AtomicInteger largestToken = new AtomicInteger();
  private final int initialTokenRoom;

  private FastPadesSigner(Builder b) {
    this.key = b.key;
    this.chain = List.copyOf(b.chain);
    this.signerKey = chain.get(0).getPublicKey();
    SignatureAlgorithm.KeyType type = KeyTypes.of(chain.get(0));
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
    this.tsa = b.timestamps == null ? null : new TspClient(b.timestamps);
    this.tsaDigest = b.timestamps == null ? null : b.timestamps.digest();
    this.initialTokenRoom = b.initialTokenRoom;
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

  /** Whether this signer adds a signature timestamp (B-T). */
  public boolean timestamps() {
    return tsa != null;
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
    AtomicOutput.checkWritable(out); // before the key is used: a signature is never made for nothing
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
    IncrementPlanner.Increment planned = inc;
    AtomicOutput.writeChannel(out, "The signed file", dst -> {
      MessageDigest md = newDigest();
      try (FileChannel src = FileChannel.open(in, StandardOpenOption.READ)) {
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
      }
      IncrementPlanner.Increment done = signInto(planned, md, () -> {
        try (RawPdf.Source again = RawPdf.Source.of(FileChannel.open(in, StandardOpenOption.READ))) {
          return plan(again, signingTime);
        }
      });
      ByteBuffer tail = ByteBuffer.wrap(done.bytes());
      while (tail.hasRemaining()) {
        dst.write(tail);
      }
    });
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
    private final Instant signingTime;
    private final IncrementPlanner.Increment increment;
    private final byte[] signedAttributes;
    private final byte[] toBeSigned;

    private Pending(byte[] pdf, Instant signingTime, IncrementPlanner.Increment increment, byte[] signedAttributes,
        byte[] toBeSigned) {
      this.pdf = pdf;
      this.signingTime = signingTime;
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
    return begin(pdf, signingTime, null);
  }

  /**
   * As {@link #begin(byte[], Instant)}, also making {@link StructureCheck}'s check on the same parse when
   * {@code name} is given (it starts the error sentence): a batch parses each document once.
   *
   * @throws DocumentException if the structure check refuses the document
   */
  public Pending begin(byte[] pdf, Instant signingTime, String name) throws KysoException,
      FastPathUnsupportedException {
    Objects.requireNonNull(pdf, "pdf");
    IncrementPlanner.Increment inc = plan(RawPdf.Source.of(pdf), signingTime, name);
    byte[] attrs = cms.signedAttributes(contentDigest(pdf, inc));
    return new Pending(pdf, signingTime, inc, attrs, cms.toBeSignedDigest(attrs));
  }

  /** Signs the pending document's digest with this signer's key (the only step that uses the key). */
  public byte[] signatureValue(Pending pending) throws KysoException {
    requireKey();
    return key.signDigest(algorithm, pending.toBeSigned);
  }

  /**
   * Embeds {@code signatureValue} (checked against the certificate first), with its timestamp for B-T (fetched
   * now: this waits for the TSA), and writes the signed document to {@code out} atomically, as
   * {@link #sign(Path, Path)} does. A pending document is finished once.
   *
   * @throws org.kyso.core.SignerCertificateException if the value does not verify with the signer's certificate
   * @throws ServiceUnavailableException if no timestamp authority gave a correct token (the message says why)
   * @throws FileAccessException if {@code out} cannot be written (nothing is left behind)
   */
  public void finish(Pending pending, byte[] signatureValue, Path out) throws KysoException {
    Objects.requireNonNull(out, "out");
    IncrementPlanner.Increment inc = embedValue(pending, signatureValue);
    AtomicOutput.write(out, "The signed file", pending.pdf, inc.bytes());
  }

  /**
   * As {@link #finish(Pending, byte[], Path)}, but leaves writing the file, forcing it to disk and moving it into
   * place to the returned {@code commit()} (a batch's writing thread); the value is embedded and checked here.
   */
  public org.kyso.core.DocumentSigner.Staged stage(Pending pending, byte[] signatureValue, Path out)
      throws KysoException {
    Objects.requireNonNull(out, "out");
    IncrementPlanner.Increment inc = embedValue(pending, signatureValue);
    return AtomicOutput.later(out, "The signed file", pending.pdf, inc.bytes());
  }

  /** As {@link #finish(Pending, byte[], Path)}, returning the signed document. */
  public byte[] finish(Pending pending, byte[] signatureValue) throws KysoException {
    IncrementPlanner.Increment inc = embedValue(pending, signatureValue);
    return concat(pending.pdf, inc.bytes());
  }

  /** The increment holding the CMS for {@code value}: the pending one, or one planned again for a larger token. */
  private IncrementPlanner.Increment embedValue(Pending pending, byte[] value) throws KysoException {
    Objects.requireNonNull(pending, "pending");
    Objects.requireNonNull(value, "signatureValue");
    byte[] cmsBytes = checkedSignedData(pending.signedAttributes, value);
    if (tsa == null || cmsBytes.length <= pending.increment.room()) {
      // B-B: the room is an upper bound of the CMS's size
      embed(pending.increment, cmsBytes);
      return pending.increment;
    }
    if (key == null) {
      throw tooLarge(cmsBytes.length, pending.increment.room());
    }
    // the token is larger than any seen when the document was planned: plan again with room for it (tokenRoom now
    // knows its size) and sign again with the local key, once (remote keys never get B-T on this path)
    Pending again;
    try {
      again = begin(pending.pdf, pending.signingTime);
    } catch (FastPathUnsupportedException e) {
      throw new IllegalStateException("a document planned once cannot be planned again", e);
    }
    byte[] second = checkedSignedData(again.signedAttributes, signatureValue(again));
    if (second.length > again.increment.room()) {
      throw tooLarge(second.length, again.increment.room());
    }
    embed(again.increment, second);
    return again.increment;
  }

  /**
   * First step of two-step signing: the digest the key must sign, with the frozen signing time.
   *
   * @throws FastPathUnsupportedException if the document needs the general signer
   */
  public PreparedSignature prepare(byte[] pdf, Instant signingTime)
      throws KysoException, FastPathUnsupportedException {
    Objects.requireNonNull(pdf, "pdf");
    requireNoTimestamp();
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
    requireNoTimestamp();
    IncrementPlanner.Increment inc = plan(pdf, prepared.signingTime());
    byte[] attrs = cms.signedAttributes(contentDigest(pdf, inc));
    SignatureValues.requireValid(chain.get(0), algorithm, attrs, signatureValue);
    embed(inc, cms.signedData(attrs, signatureValue));
    return concat(pdf, inc.bytes());
  }

  private IncrementPlanner.Increment plan(byte[] pdf, Instant signingTime)
      throws KysoException, FastPathUnsupportedException {
    return plan(RawPdf.Source.of(pdf), signingTime, null);
  }

  private IncrementPlanner.Increment plan(RawPdf.Source source, Instant signingTime, String checkedName)
      throws KysoException, FastPathUnsupportedException {
    try {
      return planChecked(source, signingTime, checkedName);
    } catch (FastPathUnsupportedException | DocumentException e) {
      throw e;
    } catch (IOException e) {
      throw new FastPathUnsupportedException("an unreadable document (" + e.getMessage() + ")");
    }
  }

  private IncrementPlanner.Increment plan(RawPdf.Source source, Instant signingTime) throws IOException {
    try {
      return planChecked(source, signingTime, null);
    } catch (DocumentException e) {
      throw new AssertionError("no structure check was asked for", e);
    }
  }

  /** {@code checkedName} non-null: {@link StructureCheck}'s check first, on the same parse. */
  private IncrementPlanner.Increment planChecked(RawPdf.Source source, Instant signingTime, String checkedName)
      throws IOException, DocumentException {
    Objects.requireNonNull(signingTime, "signingTime");
    if (!looksLikePdf(source)) {
      // the general signer words the error
      throw new FastPathUnsupportedException("a file that is not a PDF");
    }
    try (RawPdf pdf = RawPdf.open(source)) {
      if (checkedName != null) {
        StructureCheck.check(pdf, checkedName);
      }
      if (pdf.nextObjectNumber() - 1 > StructureCheck.MAX_OBJECT_NUMBER) {
        // new objects would get numbers no reader accepts: the general signer's checks refuse the file
        throw new FastPathUnsupportedException("an object number beyond the PDF limit");
      }
      return IncrementPlanner.plan(pdf, new IncrementPlanner.SignatureInfo(signingTime, name, reason, location,
          contactInfo, contentsSize()));
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

  /** Plans the update of a file again (with room for a larger timestamp token). */
  @FunctionalInterface
  private interface Replan {
    IncrementPlanner.Increment plan() throws IOException;
  }

  /**
   * Digests the increment around the hole after {@code original} (the original file, digested), has the key sign,
   * and embeds the CMS; when its timestamp token does not fit, plans again once and signs again.
   */
  private IncrementPlanner.Increment signInto(IncrementPlanner.Increment inc, MessageDigest original, Replan replan)
      throws KysoException, IOException {
    MessageDigest md = tsa == null ? original : copy(original);
    byte[] attrs = cms.signedAttributes(finishDigest(md, inc));
    byte[] cmsBytes = checkedSignedData(attrs, key.signDigest(algorithm, cms.toBeSignedDigest(attrs)));
    if (tsa != null && cmsBytes.length > inc.room()) {
      inc = replan.plan();
      attrs = cms.signedAttributes(finishDigest(copy(original), inc));
      cmsBytes = checkedSignedData(attrs, key.signDigest(algorithm, cms.toBeSignedDigest(attrs)));
      if (cmsBytes.length > inc.room()) {
        throw tooLarge(cmsBytes.length, inc.room());
      }
    }
    embed(inc, cmsBytes);
    return inc;
  }

  /**
   * The CMS for the key's {@code value}, refused unless the certificate verifies it (key and certificate pair), with
   * the signature timestamp when this signer makes B-T.
   */
  private byte[] checkedSignedData(byte[] attrs, byte[] value) throws KysoException {
    SignatureValues.requireKeyMatches(chain.get(0), signerKey, algorithm, attrs, value);
    if (tsa == null) {
      return cms.signedData(attrs, value);
    }
    // the imprint: the digest of the SignatureValue octets (CAdES signature-time-stamp, EN 319 122-1 5.3)
    byte[] token = tsa.timestamp(tsaDigest.oid(), tsaDigest.digest(value)).tokenDer();
    largestToken.accumulateAndGet(token.length, Math::max);
    return cms.signedData(attrs, value, token);
  }

  /** The room reserved for the CMS in {@code /Contents}, in bytes. */
  private int contentsSize() {
    return tsa == null ? cms.estimatedSize()
        : cms.estimatedSize() + tokenRoom() + CadesDetachedBuilder.TIMESTAMP_OVERHEAD;
  }

  /** Room for a timestamp token: the largest seen plus a margin (serial, nonce, time and signature lengths vary). */
  int tokenRoom() {
    int largest = largestToken.get();
    return largest == 0 ? initialTokenRoom : largest + Math.max(1_024, largest / 4);
  }

  private static ServiceUnavailableException tooLarge(int size, int room) {
    return new ServiceUnavailableException("The timestamp authority's token makes the signature " + size
        + " bytes long, more than the " + room + " bytes reserved for it in the PDF; nothing was written.");
  }

  private void requireNoTimestamp() throws FastPathUnsupportedException {
    if (tsa != null) {
      // the room for the token depends on the tokens seen between the two steps: the general signer does B-T
      throw new FastPathUnsupportedException("two-step signing with a timestamp");
    }
  }

  private static MessageDigest copy(MessageDigest md) {
    try {
      return (MessageDigest) md.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(md.getAlgorithm() + " cannot be copied", e);
    }
  }

  private static void embed(IncrementPlanner.Increment inc, byte[] cmsBytes) {
    inc.patchContents(cmsBytes);
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
    private TimestampService timestamps;
    private int initialTokenRoom = DEFAULT_TOKEN_ROOM;

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

    /** The timestamp authorities: the signer then makes B-T signatures (a signature timestamp), else B-B. */
    public Builder timestamps(TimestampService timestamps) {
      this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
      return this;
    }

    /** For tests: the room reserved for a token before any was seen (default {@value #DEFAULT_TOKEN_ROOM}). */
    Builder initialTokenRoom(int bytes) {
      this.initialTokenRoom = bytes;
      return this;
    }

    public FastPadesSigner build() {
      return new FastPadesSigner(this);
    }
  }
}
