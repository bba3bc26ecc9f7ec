package org.kyso.xml;

import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.DocumentException;
import org.kyso.core.DocumentSigner;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.PreparedSignature;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampService;
import org.kyso.core.TokenException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.KeyTypes;
import org.kyso.core.internal.SignatureValues;
import org.kyso.core.internal.SignerCertificates;
import org.kyso.core.internal.io.AtomicOutput;
import org.kyso.core.internal.io.InputFiles;
import org.kyso.core.internal.revocation.SignerRevocation;
import org.kyso.xml.internal.Layouts;
import org.kyso.xml.internal.SecureXml;
import org.kyso.xml.internal.XadesEngine;
import org.kyso.xml.internal.XmlAlgorithms;
import org.kyso.xml.internal.XmlDsigEngine;
import org.kyso.xml.internal.XmlIds;
import org.w3c.dom.Document;

/**
 * Signs XML documents: XAdES baseline B-B to B-LTA (enveloped, enveloping, detached) through DSS, or plain XMLDSig
 * signatures placed at a chosen element, with the {@link XmlProfile#EINVOICE e-invoice} and {@link XmlProfile#EDXML
 * edXML} layouts ready-made.
 *
 * <p>Immutable and thread-safe: build one signer and sign many documents with it, from several threads.
 *
 * <pre>{@code
 * XmlSigner signer = XmlSigner.builder(key).profile(XmlProfile.EINVOICE).build();
 * signer.sign(Path.of("hoa-don.xml"), Path.of("hoa-don.signed.xml"));
 * }</pre>
 *
 * <p>Before anything is signed the signer's certificate is checked (validity period, key usage) and weak keys are
 * refused (RSA below 2048 bits, EC curves other than P-256 and P-384). Input XML is parsed without DTDs, so external
 * entities and entity-expansion bombs are refused.
 */
public final class XmlSigner implements DocumentSigner {
  private final SigningKey key;
  private final XmlProfile profile;
  private final XmlFormat format;
  private final Packaging packaging;
  private final String referenceId;
  private final String parentXPath;
  private final boolean buyer;
  private final boolean signingTimeProperty;
  private final Level level;
  private final TimestampService timestamps;
  private final TrustAnchors trust;
  private final SignatureAlgorithm algorithm;
  private final Canonicalization canonicalization;
  private final Map<String, byte[]> attachments;
  private final String documentName;
  private final Clock clock;
  private final XadesEngine xades;
  /**
   * Revocation answers for the pre-signing check, kept for this signer's life (until their nextUpdate), and in the
   * {@link Builder#revocationCache} folder when one is given; or shared ones ({@link Builder#revocationAnswers}).
   */
  private final org.kyso.core.internal.revocation.RevocationSources revocation;
  /** Where {@link #revocation} came from, as the builder was told; kept for {@link #newBuilder}. */
  private final SignerRevocation revocationChoice;
  /** The clock that says whether a kept revocation answer is still fresh; the system clock but in tests. */
  private final Clock revocationClock;

  private XmlSigner(Builder b) {
    this.key = b.key;
    this.profile = b.profile;
    this.format = b.format != null ? b.format : (b.profile == XmlProfile.PLAIN ? XmlFormat.XADES : XmlFormat.XMLDSIG);
    this.packaging = b.packaging;
    this.referenceId = b.referenceId;
    this.parentXPath = b.parentXPath;
    this.buyer = b.buyer;
    this.signingTimeProperty = b.signingTimeProperty != null ? b.signingTimeProperty : b.profile != XmlProfile.PLAIN;
    this.level = b.level;
    this.timestamps = b.timestamps;
    this.trust = b.trust;
    this.algorithm = SignatureAlgorithm.of(b.key.keyType(), b.digest, b.pss);
    this.canonicalization = b.canonicalization != null ? b.canonicalization
        : (b.profile == XmlProfile.EINVOICE || b.profile == XmlProfile.TDIEP || b.profile == XmlProfile.BBAN
            ? Canonicalization.INCLUSIVE : Canonicalization.EXCLUSIVE);
    this.attachments = copy(b.attachments);
    this.documentName = b.documentName;
    this.clock = b.clock;
    this.revocationChoice = b.revocation;
    this.revocationClock = b.revocationClock;
    this.revocation = b.revocation.sources(b.revocationClock);
    this.xades = format == XmlFormat.XADES ? new XadesEngine(new XadesEngine.Settings(level,
        XadesEngine.Pack.valueOf(packaging.name()), algorithm, canonicalization.uri(), parentXPath, referenceId,
        timestamps, trust)) : null;
  }

  /** A builder for a signer that signs with {@code key}. */
  public static Builder builder(SigningKey key) {
    return new Builder(key);
  }

  /** A builder holding this signer's settings, to derive a variant. */
  public Builder newBuilder() {
    Builder b = new Builder(key);
    b.profile = profile;
    b.format = format;
    b.packaging = packaging;
    b.referenceId = referenceId;
    b.parentXPath = parentXPath;
    b.buyer = buyer;
    b.signingTimeProperty = signingTimeProperty;
    b.level = level;
    b.timestamps = timestamps;
    b.trust = trust;
    b.digest = algorithm.digest();
    b.pss = algorithm.pss();
    b.canonicalization = canonicalization;
    b.attachments.putAll(attachments);
    b.documentName = documentName;
    b.clock = clock;
    b.revocation = revocationChoice;
    b.revocationClock = revocationClock;
    return b;
  }

  public XmlProfile profile() {
    return profile;
  }

  public XmlFormat format() {
    return format;
  }

  public Packaging packaging() {
    return packaging;
  }

  @Override
  public Level level() {
    return level;
  }

  /** The signature algorithm used with this signer's key. */
  @Override
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Signs the file {@code in} and writes the result to {@code out} atomically (a temporary file in the same folder,
   * then moved): a failure leaves no output file. For {@link Packaging#DETACHED} {@code in} may be any file; the
   * signature refers to it by its file name and is written to {@code out}.
   *
   * @throws FileAccessException if {@code in} cannot be read or {@code out} cannot be written
   * @throws DocumentException if {@code in} is not XML that this profile can sign (malformed, DTD, no DLHDon...)
   * @throws SignerCertificateException if the certificate is expired, not yet valid, not for signing or too weak,
   *     or the key does not belong to it (its signature does not verify; nothing is written)
   * @throws TokenException if the key refuses to sign
   * @throws ServiceUnavailableException if a timestamp or revocation service cannot be reached
   */
  @Override
  public void sign(Path in, Path out) throws KysoException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    AtomicOutput.checkWritable(out); // before the key is used: a signature is never made for nothing
    byte[] signed = sign(read(in), in.getFileName().toString());
    AtomicOutput.write(out, "The signed file", signed);
  }

  /**
   * Signs a document held in memory; see {@link #sign(Path, Path)}. A detached signature names it by
   * {@link Builder#documentName}.
   */
  @Override
  public byte[] sign(byte[] document) throws KysoException {
    return sign(Objects.requireNonNull(document, "document"), documentName);
  }

  private byte[] sign(byte[] document, String name) throws KysoException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    checkCertificate(now);
    if (format == XmlFormat.XADES) {
      Document parsed = packaging == Packaging.ENVELOPED ? checkXadesInput(document, name) : null;
      return xades.sign(document, parsed, name, key.certificateChain(), now, tbs -> signChecked(tbs));
    }
    XmlDsigEngine.Built built = buildDsig(document, name, now);
    byte[] value = signChecked(built.signedInfo());
    return built.finish(XmlAlgorithms.xmlSignatureValue(algorithm, key.certificate().getPublicKey(), value));
  }

  /** The key's signature over {@code data}, refused unless the certificate verifies it (key and certificate pair). */
  private byte[] signChecked(byte[] data) throws KysoException {
    byte[] value = key.signDigest(algorithm, algorithm.digest().digest(data));
    SignatureValues.requireKeyMatches(key.certificate(), algorithm, data, value);
    return value;
  }

  /**
   * The first of two steps: computes what the key must sign, without signing. Send {@link PreparedSignature#digest()}
   * to the signer (a browser, a remote service), then call {@link #complete} with the same document.
   *
   * @throws DocumentException if the document is not XML this profile can sign
   * @throws SignerCertificateException if the certificate is expired, not yet valid, not for signing or too weak
   */
  @Override
  public PreparedSignature prepare(byte[] document) throws KysoException {
    Objects.requireNonNull(document, "document");
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    checkCertificate(now);
    return new PreparedSignature(algorithm.digest().digest(toBeSigned(document, now)), algorithm, now);
  }

  /**
   * The second step: builds the signed document from the same {@code document}, the {@code prepared} value and the
   * signature value made over its digest (RSA: the PKCS#1 block; ECDSA: DER {@code SEQUENCE {r, s}} or raw
   * {@code r || s}).
   *
   * @throws IllegalArgumentException if {@code prepared} was made for another algorithm than this signer's
   * @throws DocumentException if the document or the settings differ from {@code prepare}, or the signature value
   *     does not verify with the signer's certificate (the same exception as {@code PdfSigner.complete})
   * @throws ServiceUnavailableException if a timestamp service cannot be reached (B-T and above)
   */
  @Override
  public byte[] complete(byte[] document, PreparedSignature prepared, byte[] signatureValue) throws KysoException {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(prepared, "prepared");
    Objects.requireNonNull(signatureValue, "signatureValue");
    if (prepared.algorithm() != algorithm) {
      throw new IllegalArgumentException("The prepared signature uses " + prepared.algorithm() + ", this signer "
          + algorithm + ".");
    }
    Instant when = prepared.signingTime();
    SignerCertificates.checkUsable(key.certificate(), when);
    KeyTypes.checkForSigning(key.certificate());
    byte[] tbs;
    XmlDsigEngine.Built built = null;
    Document parsed = null;
    if (format == XmlFormat.XADES) {
      parsed = packaging == Packaging.ENVELOPED ? checkXadesInput(document, documentName) : null;
      tbs = xades.dataToSign(document, parsed, documentName, key.certificateChain(), when);
    } else {
      built = buildDsig(document, documentName, when);
      tbs = built.signedInfo();
    }
    if (!Arrays.equals(algorithm.digest().digest(tbs), prepared.digest())) {
      throw new DocumentException("The document or the signer settings differ from those used in prepare(), so"
          + " nothing was written: complete() needs the same document and settings.");
    }
    SignatureValues.requireValid(key.certificate(), algorithm, tbs, signatureValue);
    byte[] xmlValue = XmlAlgorithms.xmlSignatureValue(algorithm, key.certificate().getPublicKey(), signatureValue);
    if (format == XmlFormat.XADES) {
      return xades.sign(document, parsed, documentName, key.certificateChain(), when, signatureValue);
    }
    return built.finish(xmlValue);
  }

  /**
   * For {@link org.kyso.core.SigningBatch}: parses and checks {@code document}, the content of {@code in}, and builds
   * the signature up to the digest the key must sign, once (the file's name names a detached document, as
   * {@link #sign(Path, Path)} does); completing adds the checked value and writes {@code out} atomically.
   */
  @Override
  public DocumentSigner.Pending begin(Path in, byte[] document, Path out) throws KysoException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(out, "out");
    AtomicOutput.checkWritable(out); // before the key is used
    String name = in.getFileName().toString();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    checkCertificate(now);
    byte[] tbs;
    XadesEngine.Started started = null;
    XmlDsigEngine.Built built = null;
    if (format == XmlFormat.XADES) {
      Document parsed = packaging == Packaging.ENVELOPED ? checkXadesInput(document, name) : null;
      started = xades.start(document, parsed, name, key.certificateChain(), now);
      tbs = started.dataToSign();
    } else {
      built = buildDsig(document, name, now);
      tbs = built.signedInfo();
    }
    PreparedSignature prepared = new PreparedSignature(algorithm.digest().digest(tbs), algorithm, now);
    XadesEngine.Started xadesStarted = started;
    XmlDsigEngine.Built dsigBuilt = built;
    return new DocumentSigner.Pending() {
      @Override
      public PreparedSignature prepared() {
        return prepared;
      }

      @Override
      public void complete(byte[] signatureValue) throws KysoException {
        AtomicOutput.write(out, "The signed file", signed(signatureValue));
      }

      @Override
      public DocumentSigner.Staged stage(byte[] signatureValue) throws KysoException {
        return AtomicOutput.later(out, "The signed file", signed(signatureValue));
      }

      private byte[] signed(byte[] signatureValue) throws KysoException {
        SignatureValues.requireValid(key.certificate(), algorithm, tbs, signatureValue);
        byte[] xmlValue = XmlAlgorithms.xmlSignatureValue(algorithm, key.certificate().getPublicKey(),
            signatureValue);
        return xadesStarted != null ? xades.finish(xadesStarted, signatureValue) : dsigBuilt.finish(xmlValue);
      }
    };
  }

  private byte[] toBeSigned(byte[] document, Instant when) throws KysoException {
    if (format == XmlFormat.XADES) {
      Document parsed = packaging == Packaging.ENVELOPED ? checkXadesInput(document, documentName) : null;
      return xades.dataToSign(document, parsed, documentName, key.certificateChain(), when);
    }
    return buildDsig(document, documentName, when).signedInfo();
  }

  /**
   * Parses enveloped input safely before DSS sees it, and checks that a referenced Id exists once. The DOM is handed
   * to the XAdES engine, which computes the reference digest from it.
   */
  private Document checkXadesInput(byte[] document, String name) throws DocumentException {
    Document doc = SecureXml.parse(document, name);
    if (referenceId != null) {
      XmlIds.declareUnique(doc, referenceId);
    }
    return doc;
  }

  private XmlDsigEngine.Built buildDsig(byte[] document, String name, Instant when) throws KysoException {
    Document doc = SecureXml.parse(document, name);
    XmlDsigEngine.Placement placement = switch (profile) {
      case EINVOICE -> Layouts.einvoice(doc, parentXPath, referenceId, buyer);
      case EDXML -> Layouts.edxml(doc, parentXPath, attachments);
      case PLAIN -> Layouts.plain(doc, parentXPath, referenceId);
      case TDIEP -> Layouts.taxMessage(doc, parentXPath, referenceId, buyer);
      case BBAN -> Layouts.minutes(doc, parentXPath, referenceId, buyer);
    };
    byte[] seed;
    try {
      seed = concat(algorithm.digest().digest(document), key.certificate().getEncoded(),
          Long.toString(when.getEpochSecond()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (CertificateEncodingException e) {
      throw new SignerCertificateException("The signer's certificate cannot be encoded.", e);
    }
    return XmlDsigEngine.build(doc, placement,
        new XmlDsigEngine.Options(algorithm, canonicalization.uri(), signingTimeProperty,
            profile == XmlProfile.EINVOICE || profile == XmlProfile.TDIEP || profile == XmlProfile.BBAN
                || placement.edxmlMessage()),
        key.certificateChain(), when, seed);
  }

  private void checkCertificate(Instant now) throws SignerCertificateException {
    X509Certificate cert = key.certificate();
    SignerCertificates.checkUsable(cert, now);
    KeyTypes.checkForSigning(cert);
    // revocation when it can be learnt: revoked is refused, unreachable only logs a warning
    org.kyso.core.internal.revocation.PreSigningCheck.using(revocation)
        .check(cert, key.certificateChain(), trust.certificates(), now);
  }

  /** Reads an XML file for {@link #begin(Path, byte[], Path)}, with the checks and sentences of every command. */
  @Override
  public byte[] readInput(Path in) throws KysoException {
    return read(Objects.requireNonNull(in, "in"));
  }

  private static byte[] read(Path in) throws KysoException {
    // the signer holds the document in memory several times over (bytes, DOM, canonical forms): a file larger
    // than a tenth of the heap is refused in one sentence instead of failing with an OutOfMemoryError (issue 20)
    return InputFiles.read(in, "file", 10, "");
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }

  private static Map<String, byte[]> copy(Map<String, byte[]> m) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v.clone()));
    return java.util.Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "XmlSigner[" + profile + ", " + format + ", " + packaging + ", " + level.label() + ", " + algorithm + "]";
  }

  /** Builds an {@link XmlSigner}; settings are checked together in {@link #build()}. */
  public static final class Builder {
    private final SigningKey key;
    private XmlProfile profile = XmlProfile.PLAIN;
    private XmlFormat format;
    private Packaging packaging = Packaging.ENVELOPED;
    private String referenceId;
    private String parentXPath;
    private boolean buyer;
    private Boolean signingTimeProperty;
    private Level level = Level.B_B;
    private TimestampService timestamps;
    private TrustAnchors trust = TrustAnchors.none();
    private DigestAlgorithm digest = DigestAlgorithm.SHA256;
    private boolean pss;
    private Canonicalization canonicalization;
    private final Map<String, byte[]> attachments = new LinkedHashMap<>();
    private String documentName = "document.xml";
    private Clock clock = Clock.systemUTC();
    private SignerRevocation revocation = SignerRevocation.ownInMemory();
    private Clock revocationClock = Clock.systemUTC();

    private Builder(SigningKey key) {
      this.key = Objects.requireNonNull(key, "key");
    }

    /** The layout (default {@link XmlProfile#PLAIN}); EINVOICE and EDXML imply {@link XmlFormat#XMLDSIG}. */
    public Builder profile(XmlProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /** XAdES (default for the plain profile) or plain XMLDSig. */
    public Builder format(XmlFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Enveloped (default), enveloping or detached; XMLDSig signatures are always enveloped. */
    public Builder packaging(Packaging packaging) {
      this.packaging = Objects.requireNonNull(packaging, "packaging");
      return this;
    }

    /**
     * Signs the element whose {@code Id} attribute has this value (a {@code #id} reference) instead of the whole
     * document; enveloped signatures only. For e-invoices the default is the Id of {@code HDon/DLHDon}.
     */
    public Builder referenceId(String id) {
      this.referenceId = requireText(id, "referenceId");
      return this;
    }

    /**
     * The element that receives the signature as its last child, as an XPath 1.0 expression selecting exactly one
     * element (no namespace prefixes: use {@code *[local-name()='Name']} in namespaced documents). Enveloped only.
     */
    public Builder parentXPath(String xpath) {
      this.parentXPath = requireText(xpath, "parentXPath");
      return this;
    }

    /**
     * E-invoice profile: sign as the buyer, in {@code HDon/DSCKS/NMua} (created when missing), instead of the seller
     * in {@code NBan}. The seller signs first; the buyer's signature leaves the seller's intact.
     */
    public Builder buyer(boolean buyer) {
      this.buyer = buyer;
      return this;
    }

    /**
     * Adds (or not) a signed {@code Object/SignatureProperties/SignatureProperty/SigningTime} to an XMLDSig signature.
     * On by default for the e-invoice and edXML profiles, off for plain.
     */
    public Builder signingTimeProperty(boolean add) {
      this.signingTimeProperty = add;
      return this;
    }

    /** The baseline level (default B-B); B-T and above need {@link #timestamps} and the XAdES format. */
    public Builder level(Level level) {
      this.level = Objects.requireNonNull(level, "level");
      return this;
    }

    /** The timestamp authorities for B-T, B-LT and B-LTA. */
    public Builder timestamps(TimestampService service) {
      this.timestamps = Objects.requireNonNull(service, "service");
      return this;
    }

    /** Trust anchors used when collecting validation data for B-LT and B-LTA; several calls add up. */
    public Builder trust(TrustAnchors anchors) {
      this.trust = this.trust.plus(Objects.requireNonNull(anchors, "anchors"));
      return this;
    }

    /** The digest algorithm (default SHA-256). */
    public Builder digest(DigestAlgorithm digest) {
      this.digest = Objects.requireNonNull(digest, "digest");
      return this;
    }

    /** RSASSA-PSS instead of PKCS#1 v1.5 for RSA keys (refused at build for EC keys). */
    public Builder pss(boolean pss) {
      this.pss = pss;
      return this;
    }

    /** The canonicalisation (default inclusive for e-invoices, exclusive otherwise). */
    public Builder canonicalization(Canonicalization c) {
      this.canonicalization = Objects.requireNonNull(c, "canonicalization");
      return this;
    }

    /**
     * An edXML attachment: its content id (as listed in the envelope, {@code cid:ID}, given without {@code cid:}) and
     * its bytes. Every attachment the envelope lists must be given.
     */
    public Builder attachment(String contentId, byte[] content) {
      String id = requireText(contentId, "contentId");
      if (id.startsWith("cid:")) {
        id = id.substring(4);
      }
      attachments.put(id, Objects.requireNonNull(content, "content").clone());
      return this;
    }

    /** Every attachment of a map (content id to bytes), e.g. from {@link EdxmlEnvelope#readAttachments}. */
    public Builder attachments(Map<String, byte[]> byContentId) {
      Objects.requireNonNull(byContentId, "byContentId").forEach(this::attachment);
      return this;
    }

    /** The name detached signatures give a document signed from memory (default {@code document.xml}). */
    public Builder documentName(String name) {
      this.documentName = requireText(name, "name");
      return this;
    }

    /** The clock for the signing time (default: the system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Keeps the OCSP answers and CRLs of the check made before signing in {@code folder} (made when first
     * written; at most 1,000 answers and 64 MiB) and reuses them while they are valid, also in later processes:
     * one official signing invoice after invoice asks the CA once per CRL or OCSP validity period. OCSP answers are
     * kept by issuer and serial number, CRLs by issuer and address; what is read back is checked again like a fresh
     * answer (a damaged or foreign file is ignored and the CA asked), and a revoked status read back is still
     * refused. Default: no folder (answers are kept in memory for this signer), as {@code PdfSigner} has it.
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

    /** The clock that decides whether a kept revocation answer is still fresh (tests move it past nextUpdate). */
    Builder revocationClock(Clock clock) {
      this.revocationClock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @throws IllegalStateException if the settings do not fit together (e.g. XMLDSig with a timestamp level, an
     *     e-invoice as XAdES, B-T without a timestamp service, PSS with an EC key)
     */
    public XmlSigner build() {
      XmlFormat f = format != null ? format : (profile == XmlProfile.PLAIN ? XmlFormat.XADES : XmlFormat.XMLDSIG);
      if (profile != XmlProfile.PLAIN && f == XmlFormat.XADES) {
        throw new IllegalStateException("The " + profile.name().toLowerCase(java.util.Locale.ROOT)
            + " profile makes XMLDSig signatures; drop --format xades or use the plain profile.");
      }
      if (f == XmlFormat.XMLDSIG) {
        if (packaging != Packaging.ENVELOPED) {
          throw new IllegalStateException("XMLDSig signatures are made enveloped; use XAdES for "
              + packaging.name().toLowerCase(java.util.Locale.ROOT) + " signatures.");
        }
        if (level != Level.B_B) {
          throw new IllegalStateException("Level " + level.label() + " needs XAdES (timestamps and validation data"
              + " are XAdES properties); use --format xades or level B-B.");
        }
      } else {
        if (referenceId != null && packaging != Packaging.ENVELOPED) {
          throw new IllegalStateException("A reference id applies only to enveloped signatures.");
        }
        if (signingTimeProperty != null && signingTimeProperty) {
          throw new IllegalStateException("XAdES signatures carry their signing time as a signed property already.");
        }
        if (parentXPath != null && packaging != Packaging.ENVELOPED) {
          throw new IllegalStateException("A parent XPath applies only to enveloped signatures.");
        }
      }
      if (buyer && (profile != XmlProfile.EINVOICE && profile != XmlProfile.BBAN && profile != XmlProfile.TDIEP
          || parentXPath != null)) {
        throw new IllegalStateException("The buyer option applies to the einvoice, tdiep and bban profiles without a"
            + " parent XPath.");
      }
      if (!attachments.isEmpty() && profile != XmlProfile.EDXML) {
        throw new IllegalStateException("Attachments are signed only with the edxml profile.");
      }
      if (level.needsTimestamp() && timestamps == null) {
        throw new IllegalStateException("Level " + level.label() + " needs a timestamp authority (--tsa URL).");
      }
      if (pss && key.keyType() != SignatureAlgorithm.KeyType.RSA) {
        throw new IllegalStateException("PSS padding exists only for RSA keys; this key is " + key.keyType() + ".");
      }
      return new XmlSigner(this);
    }

    private static String requireText(String s, String what) {
      Objects.requireNonNull(s, what);
      if (s.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank.");
      }
      return s;
    }
  }
}
