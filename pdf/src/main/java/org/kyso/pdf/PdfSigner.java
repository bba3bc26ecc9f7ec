package org.kyso.pdf;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.DocumentSigner;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.KeyTypes;
import org.kyso.core.internal.SignerCertificates;
import org.kyso.core.internal.io.AtomicOutput;
import org.kyso.core.internal.io.InputFiles;
import org.kyso.core.internal.revocation.PreSigningCheck;
import org.kyso.core.internal.revocation.RevocationSources;
import org.kyso.core.internal.revocation.SignerRevocation;
import org.kyso.pdf.internal.FontSet;
import org.kyso.pdf.internal.Layout;
import org.kyso.pdf.internal.LayoutEngine;
import org.kyso.pdf.internal.PadesEngine;
import org.kyso.pdf.internal.PdfDocuments;

/**
 * Signs PDF documents with PAdES baseline signatures (B-B, B-T, B-LT, B-LTA; ETSI EN 319 142-1), invisible or
 * with a visible {@link Appearance}, each signature an incremental update that keeps earlier signatures valid.
 *
 * <pre>{@code
 * PdfSigner signer = PdfSigner.builder(key)
 *     .level(Level.B_T).timestamps(TimestampService.of(URI.create("http://tsa.example/tsr")))
 *     .appearance(Decree30.approval(SignatureImage.png(Path.of("chu-ky.png"))))
 *     .build();
 * signer.sign(Path.of("quyet-dinh.pdf"), Path.of("quyet-dinh.signed.pdf"));
 * }</pre>
 *
 * <p>Immutable and thread-safe: one signer may sign many documents from many threads at once (as far as its
 * {@link SigningKey} allows, which kyso's keys do). Before anything is signed, the signer's certificate is checked
 * (validity period, key usage) and the document is checked (a readable PDF, opened with {@link Builder#password}
 * when it is protected, that is not certified against changes). The first signature of a document does not certify it unless {@link Builder#certify} asks.
 *
 * <p>Two-step signing, for a key held elsewhere (a browser, a remote service): {@link #prepare} gives the digest
 * to sign and freezes the signing time in a {@link PreparedSignature}; {@link #complete} takes the same document,
 * that value and the signature value. Only values pass between the steps.
 */
public final class PdfSigner implements DocumentSigner {
  private final SigningKey key;
  private final List<X509Certificate> chain;
  private final Level level;
  private final DigestAlgorithm digest;
  private final boolean pss;
  private final TimestampService timestamps;
  private final TrustAnchors trust;
  private final String reason;
  private final String location;
  private final String contactInfo;
  private final Clock clock;
  private final Appearance appearance;
  private final CertificationLevel certification;
  private final FontSet fonts;
  private final byte[] fontFile;
  private final SignatureAlgorithm algorithm;
  private final PadesEngine engine;
  /** kyso's fast B-B path (internal.fast), or null when these settings need the general (DSS) path. */
  private final org.kyso.pdf.internal.fast.FastPadesSigner fast;
  /**
   * Revocation answers for the pre-signing check, kept for this signer's life (until their nextUpdate), and in the
   * {@link Builder#revocationCache} folder when one is given; or shared ones ({@link Builder#revocationAnswers}).
   */
  private final RevocationSources revocation;
  /** The pre-signing check of this signer's certificate: its issuer is found once, its status asked every time. */
  private final PreSigningCheck.Bound preSigning;
  /** The certificate's checks before each signature; what cannot change is judged once. */
  private final SignerCertificates.Repeated usable;
  /** Where {@link #revocation} came from, as the builder was told; kept for {@link #newBuilder}. */
  private final SignerRevocation revocationChoice;
  /** The password that opens protected inputs, or null; never printed. */
  private final char[] password;

  private PdfSigner(Builder b) {
    this.key = b.key;
    this.chain = b.chain;
    this.level = b.level;
    this.digest = b.digest;
    this.pss = b.pss;
    this.timestamps = b.timestamps;
    this.trust = b.trust;
    this.reason = b.reason;
    this.location = b.location;
    this.contactInfo = b.contactInfo;
    this.clock = b.clock;
    this.appearance = b.appearance;
    this.certification = b.certification;
    this.fontFile = b.fontFile;
    this.revocationChoice = b.revocation;
    this.password = b.password == null ? null : b.password.clone();
    this.revocation = b.revocation.sources(Clock.systemUTC());
    this.fonts = b.fontFile == null ? FontSet.bundled() : FontSet.single(b.fontFile);
    X509Certificate cert = chain.get(0);
    this.preSigning = PreSigningCheck.using(revocation).bind(cert, chain, trust.certificates());
    this.usable = new SignerCertificates.Repeated(cert);
    this.algorithm = SignatureAlgorithm.of(KeyTypes.of(cert), digest, pss);
    this.engine = new PadesEngine(new PadesEngine.Settings(level, algorithm, chain, timestamps, trust, reason,
        location, contactInfo, SignerCertificates.commonName(cert),
        certification == null ? null : certification.permission(), fonts), revocation, password);
    this.fast = org.kyso.pdf.internal.fast.FastPath.signer(key, chain, level, appearance.visible(),
        certification != null, algorithm, clock, reason, location, contactInfo, SignerCertificates.commonName(cert),
        timestamps);
  }

  /** A signer that signs with {@code key}; its certificate chain comes from the key. */
  public static Builder builder(SigningKey key) {
    Objects.requireNonNull(key, "key");
    return new Builder(key, List.copyOf(key.certificateChain()));
  }

  /**
   * A signer for two-step signing only ({@link #prepare}, {@link #complete}), when the key is elsewhere.
   *
   * @param chain the signer's certificate first, then its issuers (as far as known)
   */
  public static Builder builder(List<X509Certificate> chain) {
    Objects.requireNonNull(chain, "chain");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("The certificate chain must hold at least the signer's certificate.");
    }
    return new Builder(null, List.copyOf(chain));
  }

  /** A builder holding this signer's settings, to derive a variant (e.g. another appearance). */
  public Builder newBuilder() {
    Builder b = new Builder(key, chain);
    b.level = level;
    b.digest = digest;
    b.pss = pss;
    b.timestamps = timestamps;
    b.trust = trust;
    b.reason = reason;
    b.location = location;
    b.contactInfo = contactInfo;
    b.clock = clock;
    b.appearance = appearance;
    b.certification = certification;
    b.fontFile = fontFile;
    b.revocation = revocationChoice;
    b.password = password == null ? null : password.clone();
    return b;
  }

  /**
   * Signs the PDF file {@code in} into {@code out}. The output is written to a temporary file in the same folder
   * and then moved into place: on any failure no output file is left (an existing {@code out} is kept as it was).
   * {@code out} may be {@code in}. The key signs at most once, and only after the output folder, the document and
   * the certificate were checked.
   *
   * @throws FileAccessException if {@code in} is missing or unreadable, or {@code out} cannot be written
   * @throws DocumentException if the input is not a PDF, is damaged, needs a password not given (or given wrong),
   *     is encrypted with a method kyso does not read or by an owner who forbids signing, is certified against changes,
   *     or an anchor or page of the appearance cannot be found
   * @throws org.kyso.core.SignerCertificateException if the signer's certificate is expired, not yet valid, not
   *     meant for signing, too weak, or the key does not belong to it (its signature does not verify; nothing is
   *     written)
   * @throws org.kyso.core.ServiceUnavailableException if the timestamp authority or revocation services cannot
   *     be reached
   * @throws org.kyso.core.TokenException if the key refuses to sign
   * @throws IllegalStateException if this signer was built from a certificate chain only
   */
  @Override
  public void sign(Path in, Path out) throws KysoException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    requireKey();
    // the order matters for keys that cost an approval: the output can be written and the input is read and
    // checked before the key is used; after it, nothing falls back to signing again
    AtomicOutput.checkWritable(out);
    org.kyso.pdf.internal.fast.StructureCheck.check(in, "The file " + in.getFileName());
    if (fast != null) {
      Instant time = now();
      checkCertificate(time);
      if (org.kyso.pdf.internal.fast.FastPath.sign(fast, in, out, time)) {
        return;
      }
    }
    byte[] signed = sign(readToSignInMemory(in), "The file " + in.getFileName());
    AtomicOutput.write(out, "The signed file", signed);
  }

  /**
   * Signs a PDF held in memory and returns the signed PDF.
   *
   * @throws DocumentException if the bytes are not a signable PDF (see {@link #sign(Path, Path)})
   * @throws KysoException for the other failures listed at {@link #sign(Path, Path)}
   */
  @Override
  public byte[] sign(byte[] pdf) throws KysoException {
    Objects.requireNonNull(pdf, "pdf");
    requireKey();
    return sign(pdf, "The document");
  }

  private byte[] sign(byte[] pdf, String name) throws KysoException {
    org.kyso.pdf.internal.fast.StructureCheck.check(pdf, name);
    Instant time = now();
    checkCertificate(time);
    byte[] signed = fast == null ? null : org.kyso.pdf.internal.fast.FastPath.sign(fast, pdf, time);
    if (signed != null) {
      return signed;
    }
    Layout layout = layout(pdf, name, time);
    return engine.sign(pdf, layout, time, key);
  }

  /**
   * First step of a two-step signature: checks the document and the certificate, freezes the signing time and
   * computes the digest the key must sign (with {@link PreparedSignature#algorithm()}).
   *
   * @throws DocumentException if the document cannot be signed
   * @throws org.kyso.core.SignerCertificateException if the certificate cannot sign now
   */
  @Override
  public PreparedSignature prepare(byte[] pdf) throws KysoException {
    Objects.requireNonNull(pdf, "pdf");
    org.kyso.pdf.internal.fast.StructureCheck.check(pdf, "The document");
    Instant time = now();
    checkCertificate(time);
    PreparedSignature quick = fast == null ? null : org.kyso.pdf.internal.fast.FastPath.prepare(fast, pdf, time);
    if (quick != null) {
      return quick;
    }
    Layout layout = layout(pdf, "The document", time);
    byte[] data = engine.dataToSign(pdf, layout, time);
    return new PreparedSignature(algorithm.digest().digest(data), algorithm, time);
  }

  /**
   * Second step: builds the signed PDF from the same document, the value {@link #prepare} returned and the
   * signature value the key produced over its digest (for RSA the PKCS#1 block, for ECDSA DER {@code r,s}).
   * Timestamps (B-T and up) are fetched now.
   *
   * @throws IllegalArgumentException if {@code prepared} was made for another algorithm than this signer's
   * @throws DocumentException if the signature value does not verify for this document, signer and time
   * @throws KysoException for the other failures listed at {@link #sign(Path, Path)}
   */
  @Override
  public byte[] complete(byte[] pdf, PreparedSignature prepared, byte[] signatureValue) throws KysoException {
    Objects.requireNonNull(pdf, "pdf");
    Objects.requireNonNull(prepared, "prepared");
    Objects.requireNonNull(signatureValue, "signatureValue");
    if (prepared.algorithm() != algorithm) {
      throw new IllegalArgumentException("The prepared signature uses " + prepared.algorithm() + " but this signer"
          + " uses " + algorithm + ".");
    }
    Instant time = prepared.signingTime();
    SignerCertificates.checkUsable(chain.get(0), time);
    KeyTypes.checkForSigning(chain.get(0));
    byte[] quick = fast == null ? null
        : org.kyso.pdf.internal.fast.FastPath.complete(fast, pdf, prepared, signatureValue);
    if (quick != null) {
      return quick;
    }
    Layout layout = layout(pdf, "The document", time);
    return engine.complete(pdf, layout, time, signatureValue);
  }

  /** Reads a PDF file for {@link #begin(Path, byte[], Path)}, with the checks and sentences of every command. */
  @Override
  public byte[] readInput(Path in) throws KysoException {
    return read(Objects.requireNonNull(in, "in"));
  }

  /**
   * For {@link org.kyso.core.SigningBatch}: checks and digests {@code pdf}, the content of {@code in} (the fast
   * path's plan and digest when it applies, else DSS's data to sign), without using the key.
   */
  @Override
  public DocumentSigner.Pending begin(Path in, byte[] pdf, Path out) throws KysoException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(pdf, "pdf");
    Objects.requireNonNull(out, "out");
    AtomicOutput.checkWritable(out); // before the key is used
    String name = "The file " + in.getFileName();
    Instant time = now();
    if (fast != null) {
      try {
        // one parse for the structure check and the plan; the certificate is checked before the key is used all the same
        org.kyso.pdf.internal.fast.FastPadesSigner.Pending pending = fast.begin(pdf, time, name);
        checkCertificate(time);
        PreparedSignature prepared = new PreparedSignature(pending.digest(), algorithm, time);
        return new DocumentSigner.Pending() {
          @Override
          public PreparedSignature prepared() {
            return prepared;
          }

          @Override
          public void complete(byte[] signatureValue) throws KysoException {
            fast.finish(pending, signatureValue, out);
          }

          @Override
          public DocumentSigner.Staged stage(byte[] signatureValue) throws KysoException {
            return fast.stage(pending, signatureValue, out);
          }

          @Override
          public boolean waitsForTimestamp() {
            return fast.timestamps();
          }
        };
      } catch (org.kyso.pdf.internal.fast.FastPathUnsupportedException e) {
        // the general path below
      }
    }
    org.kyso.pdf.internal.fast.StructureCheck.check(pdf, name);
    checkCertificate(time);
    Layout layout = layout(pdf, name, time);
    byte[] data = engine.dataToSign(pdf, layout, time);
    PreparedSignature prepared = new PreparedSignature(algorithm.digest().digest(data), algorithm, time);
    return new DocumentSigner.Pending() {
      @Override
      public PreparedSignature prepared() {
        return prepared;
      }

      @Override
      public void complete(byte[] signatureValue) throws KysoException {
        AtomicOutput.write(out, "The signed file", engine.complete(pdf, layout, time, data, signatureValue));
      }

      @Override
      public DocumentSigner.Staged stage(byte[] signatureValue) throws KysoException {
        return AtomicOutput.later(out, "The signed file", engine.complete(pdf, layout, time, data, signatureValue));
      }
    };
  }

  /**
   * Extends the signatures already in the PDF file {@code in} to this signer's level (B-T, B-LT or B-LTA) and
   * writes the result to {@code out}, atomically: a signature timestamp for B-T, the certificates and revocation
   * data (DSS dictionary) for B-LT, plus a document timestamp for B-LTA. Nothing is signed with the key, so a
   * signer built from a certificate chain only can extend too. An existing B-LTA document gets a new archive
   * timestamp.
   *
   * @throws IllegalStateException if this signer's level is B-B
   * @throws FileAccessException if {@code in} cannot be read or {@code out} cannot be written
   * @throws DocumentException if the file is not a PDF or holds no signature
   * @throws org.kyso.core.ServiceUnavailableException if the TSAs or the revocation services cannot be reached
   * @throws org.kyso.core.SignerCertificateException if a signer's certificate is revoked (B-LT and up)
   */
  public void extend(Path in, Path out) throws KysoException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    AtomicOutput.checkWritable(out);
    byte[] extended = extend(read(in), "The file " + in.getFileName());
    AtomicOutput.write(out, "The extended file", extended);
  }

  /** Extends the signatures of a PDF held in memory; see {@link #extend(Path, Path)}. */
  public byte[] extend(byte[] pdf) throws KysoException {
    return extend(Objects.requireNonNull(pdf, "pdf"), "The document");
  }

  private byte[] extend(byte[] pdf, String name) throws KysoException {
    if (!level.needsTimestamp()) {
      throw new IllegalStateException("Extending needs a level of B-T or higher; this signer is B-B.");
    }
    PdfExtender.Builder b = PdfExtender.builder(level).timestamps(timestamps).trust(trust);
    if (password != null) {
      b.password(password);
    }
    return b.build().extend(pdf, name);
  }

  /** Validity, key usage, then revocation when it can be learnt (a revoked certificate is refused). */
  void checkCertificate(Instant time) throws KysoException {
    usable.checkForSigning(time);
    preSigning.check(time);
  }

  /** The signature algorithm this signer uses. */
  @Override
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public Level level() {
    return level;
  }

  public Appearance appearance() {
    return appearance;
  }

  private Layout layout(byte[] pdf, String name, Instant time) throws KysoException {
    try (PDDocument doc = PdfDocuments.openForSigning(pdf, name, password)) {
      if (certification != null && !doc.getSignatureDictionaries().isEmpty()) {
        throw new DocumentException(name + " is already signed; only the first signature can certify a document.");
      }
      LayoutEngine.Context ctx = new LayoutEngine.Context(SignerCertificates.commonName(chain.get(0)), time, reason,
          location);
      return new LayoutEngine(doc, fonts).layout(appearance, ctx);
    } catch (IOException e) {
      throw new DocumentException(name + " is a damaged PDF file that cannot be read.", e);
    } catch (RuntimeException e) {
      // PDFBox's unchecked errors on a damaged structure (a lying page count, a loop) are bad input, not bugs
      StackTraceElement[] st = e.getStackTrace();
      if (st.length > 0 && st[0].getClassName().startsWith("org.apache.pdfbox.")) {
        throw new DocumentException(name + " has a damaged structure and cannot be signed.", e);
      }
      throw e;
    }
  }

  /** For {@link PdfBatch}: the fast signer, or null when these settings need the general path. */
  org.kyso.pdf.internal.fast.FastPadesSigner fastSigner() {
    return fast;
  }

  Instant now() {
    // PDF and CMS signing times have second precision; freezing it so keeps two-step signing reproducible
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** The key, or null for a signer built from a certificate chain only. */
  SigningKey key() {
    return key;
  }

  void requireKey() {
    if (key == null) {
      throw new IllegalStateException("This signer was built from a certificate chain only: use prepare() and"
          + " complete(), or build it from a SigningKey.");
    }
  }

  /**
   * The general (DSS) signer holds a document in memory several times over: a file larger than a quarter of the
   * heap is refused in one sentence before it is read, instead of failing with an OutOfMemoryError half-way (issue
   * 20). The fast path (B-B, invisible) streams files of any size and never gets here.
   */
  static byte[] readToSignInMemory(Path in) throws KysoException {
    return InputFiles.read(in, "PDF file", 4, ", or sign it invisibly at level B-B, which streams files of any size");
  }

  static byte[] read(Path in) throws KysoException {
    return InputFiles.read(in, "PDF file");
  }

  @Override
  public String toString() {
    return "PdfSigner[" + SignerCertificates.commonName(chain.get(0)) + ", " + level.label() + ", " + algorithm
        + ", " + appearance.profile() + "]";
  }

  /** Builds a {@link PdfSigner}; {@link #build()} checks that the settings fit together. */
  public static final class Builder {
    private final SigningKey key;
    private final List<X509Certificate> chain;
    private Level level = Level.B_B;
    private DigestAlgorithm digest = DigestAlgorithm.SHA256;
    private boolean pss;
    private TimestampService timestamps;
    private TrustAnchors trust = TrustAnchors.none();
    private String reason;
    private String location;
    private String contactInfo;
    private Clock clock = Clock.systemUTC();
    private Appearance appearance = Appearance.invisible();
    private CertificationLevel certification;
    private byte[] fontFile;
    private SignerRevocation revocation = SignerRevocation.ownInMemory();
    private char[] password;

    private Builder(SigningKey key, List<X509Certificate> chain) {
      this.key = key;
      this.chain = chain;
    }

    /** The PAdES baseline level (default B-B). B-T and up need {@link #timestamps}; B-LT and up also {@link #trust}. */
    public Builder level(Level level) {
      this.level = Objects.requireNonNull(level, "level");
      return this;
    }

    /** The digest algorithm (default SHA-256). */
    public Builder digest(DigestAlgorithm digest) {
      this.digest = Objects.requireNonNull(digest, "digest");
      return this;
    }

    /** RSASSA-PSS instead of PKCS#1 v1.5 for RSA keys (default false). */
    public Builder pss(boolean pss) {
      this.pss = pss;
      return this;
    }

    /** The timestamp authorities for B-T, B-LT and B-LTA. */
    public Builder timestamps(TimestampService timestamps) {
      this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
      return this;
    }

    /**
     * The roots the signer's chain leads to. B-LT and B-LTA need them to collect the certificates and revocation
     * data (CRL, OCSP, fetched online) that make the signature verifiable later, offline.
     */
    public Builder trust(TrustAnchors trust) {
      this.trust = Objects.requireNonNull(trust, "trust");
      return this;
    }

    /** The reason written in the signature dictionary (e.g. "Phê duyệt"). */
    public Builder reason(String reason) {
      this.reason = text(reason, "reason");
      return this;
    }

    /** The location written in the signature dictionary (e.g. "Đà Nẵng"). */
    public Builder location(String location) {
      this.location = text(location, "location");
      return this;
    }

    /** Contact information written in the signature dictionary. */
    public Builder contactInfo(String contactInfo) {
      this.contactInfo = text(contactInfo, "contactInfo");
      return this;
    }

    /** The clock giving the signing time (default the system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How the signature looks (default {@link Appearance#invisible()}). */
    public Builder appearance(Appearance appearance) {
      this.appearance = Objects.requireNonNull(appearance, "appearance");
      return this;
    }

    /**
     * Makes this a certification signature with the given DocMDP level. Only for the first signature of a
     * document; {@link CertificationLevel#NO_CHANGES} forbids every later signature, so Decree 30's approval
     * must not use it.
     */
    public Builder certify(CertificationLevel level) {
      this.certification = Objects.requireNonNull(level, "level");
      return this;
    }

    /**
     * A TrueType font for all appearance text instead of the bundled Liberation Serif. It must cover the text
     * drawn (for Vietnamese: Latin Extended Additional).
     *
     * @throws IllegalArgumentException if the bytes are not a TrueType font
     */
    public Builder font(byte[] trueTypeFont) {
      Objects.requireNonNull(trueTypeFont, "trueTypeFont");
      FontSet.single(trueTypeFont); // fail now, not at signing time
      this.fontFile = trueTypeFont.clone();
      return this;
    }

    /**
     * Keeps the OCSP answers and CRLs of the check made before signing in {@code folder} (made when first
     * written; at most 1,000 answers and 64 MiB) and reuses them while they are valid, also in later processes:
     * one official signing document after document asks the CA once per CRL or OCSP validity period. What is read
     * back is checked again like a fresh answer. Default: no folder (answers are kept in memory for this signer).
     */
    public Builder revocationCache(Path folder) {
      this.revocation = SignerRevocation.cachedIn(folder);
      return this;
    }

    /**
     * Asks the CA through {@code answers} and keeps its answers there (see {@link org.kyso.core.RevocationAnswers}),
     * shared with every other signer or check given the same instance: within one run, the status a caller checked
     * before building this signer is not fetched again. Replaces {@link #revocationCache}; the last one set wins.
     */
    public Builder revocationAnswers(org.kyso.core.RevocationAnswers answers) {
      this.revocation = SignerRevocation.shared(answers);
      return this;
    }

    /**
     * The password that opens protected documents: the user password of a document that needs one to open, or
     * the owner password (which also lifts the author's restrictions). Not needed for a document protected by an
     * owner password only, which opens with the empty user password. The signed document keeps its encryption
     * (same method, same passwords): the new revision is encrypted with the document's own key. The array is
     * copied; the caller may clear it. Without it, or with a wrong one, a document that needs a password is a
     * {@link DocumentException} before the key is used.
     */
    public Builder password(char[] password) {
      this.password = Objects.requireNonNull(password, "password").clone();
      return this;
    }

    /**
     * @throws IllegalStateException if B-T or higher has no timestamp service, or B-LT or higher has no trust
     *     anchors
     */
    public PdfSigner build() {
      if (level.needsTimestamp() && timestamps == null) {
        throw new IllegalStateException("A " + level.label() + " signature needs a timestamp authority.");
      }
      if (level.ordinal() >= Level.B_LT.ordinal() && trust.isEmpty()) {
        throw new IllegalStateException("A " + level.label() + " signature needs trust anchors (the signer's root CA)"
            + " to collect revocation data.");
      }
      return new PdfSigner(this);
    }

    private static String text(String s, String what) {
      Objects.requireNonNull(s, what);
      if (s.isBlank()) {
        throw new IllegalArgumentException("The " + what + " cannot be blank.");
      }
      return s.strip();
    }
  }
}
