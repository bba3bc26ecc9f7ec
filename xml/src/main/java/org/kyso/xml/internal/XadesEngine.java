package org.kyso.xml.internal;

import eu.europa.esig.dss.enumerations.MimeType;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.DigestDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.signature.AbstractSignatureParameters;
import eu.europa.esig.dss.spi.exception.DSSExternalResourceException;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.reference.CanonicalizationTransform;
import eu.europa.esig.dss.xades.reference.DSSReference;
import eu.europa.esig.dss.xades.reference.XPath2FilterEnvelopedSignatureTransform;
import eu.europa.esig.dss.xades.signature.XAdESLevelBaselineB;
import eu.europa.esig.dss.xades.signature.XAdESService;
import eu.europa.esig.dss.xades.signature.XAdESSignatureBuilder;
import eu.europa.esig.dss.xades.signature.XPathPlacementSignatureBuilder;
import eu.europa.esig.dss.xml.utils.DomUtils;
import eu.europa.esig.dss.xml.utils.XMLCanonicalizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.utils.Constants;
import org.kyso.core.DocumentException;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.dss.DssAdapters;
import org.kyso.core.internal.dss.DssServices;
import org.kyso.core.internal.dss.DssVerifiers;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * XAdES baseline signatures through DSS's {@code XAdESService}.
 *
 * <p>Callers check the signer's certificate before calling (as {@code XmlSigner} does: validity at the signing time,
 * key usage, key strength, revocation). DSS's own check before signing (validity at the signing time; revocation only
 * with {@code checkCertificateRevocation}, which kyso does not set) repeats the validity part and builds a validation
 * context twice per signature, so it is skipped for the parameters this class makes.
 */
public final class XadesEngine {
  /** The packaging kinds, mirrored from the public enum to keep DSS out of it. */
  public enum Pack {
    ENVELOPED,
    ENVELOPING,
    DETACHED
  }

  /** Everything that defines the signature; the same settings give the same data to sign. */
  public record Settings(Level level, Pack packaging, SignatureAlgorithm algorithm, String canonicalization,
      String parentXPath, String referenceId, TimestampService timestamps, TrustAnchors trust) {}

  private final Settings settings;
  private final Service service;
  /** File-name extension to MIME type: DSS looks it up through a new ServiceLoader on every document it wraps. */
  private final java.util.concurrent.ConcurrentHashMap<String, MimeType> mimeTypes =
      new java.util.concurrent.ConcurrentHashMap<>();

  public XadesEngine(Settings settings) {
    this.settings = settings;
    boolean online = settings.level() == Level.B_LT || settings.level() == Level.B_LTA;
    this.service = new Service(online
        ? DssVerifiers.forSigning(settings.trust(), org.kyso.core.internal.revocation.RevocationSources.online())
        : DssVerifiers.create(settings.trust(), false));
    if (settings.timestamps() != null) {
      service.setTspSource(DssServices.tspSource(settings.timestamps()));
    }
  }

  /** Makes the raw signature value (what {@code SigningKey.signDigest} returns) over the data to sign. */
  @FunctionalInterface
  public interface ValueSigner {
    byte[] sign(byte[] dataToSign) throws KysoException;
  }

  /**
   * The bytes the key must sign (DSS's data to be signed: the canonical SignedInfo).
   *
   * @param parsed the document as {@link SecureXml#parse} read it, or {@code null}; when given, the reference digest
   *     may be computed from it instead of by DSS (the same bytes, see {@link #precomputeDigest})
   */
  public byte[] dataToSign(byte[] document, Document parsed, String name, List<X509Certificate> chain,
      Instant signingTime) throws KysoException {
    DSSDocument doc = new InMemoryDocument(document, name, mimeType(name));
    XAdESSignatureParameters p = parameters(doc, parsed, name, chain, signingTime);
    try {
      return service.getDataToSign(doc, p).getBytes();
    } catch (DSSException | IllegalArgumentException | IllegalStateException e) {
      throw translate(e, name);
    }
  }

  /** Builds the signed document from the raw signature value the key produced (second step of two). */
  public byte[] sign(byte[] document, Document parsed, String name, List<X509Certificate> chain, Instant signingTime,
      byte[] signatureValue) throws KysoException {
    DSSDocument doc = new InMemoryDocument(document, name, mimeType(name));
    XAdESSignatureParameters p = parameters(doc, parsed, name, chain, signingTime);
    try {
      // these parameters have not been through getDataToSign: DSS builds the signature again, as it must
      return finish(doc, p, signatureValue);
    } catch (DSSException | IllegalArgumentException | IllegalStateException e) {
      throw translate(e, name);
    }
  }

  /**
   * Signs in one go: computes the data to sign, has {@code signer} sign it, and builds the signed document. One DSS
   * parameters object serves both DSS calls, so DSS keeps the signature it built for the data to sign and only adds
   * the value (fresh parameters make it build the whole signature a second time).
   */
  public byte[] sign(byte[] document, Document parsed, String name, List<X509Certificate> chain, Instant signingTime,
      ValueSigner signer) throws KysoException {
    DSSDocument doc = new InMemoryDocument(document, name, mimeType(name));
    XAdESSignatureParameters p = parameters(doc, parsed, name, chain, signingTime);
    byte[] tbs;
    try {
      tbs = service.getDataToSign(doc, p).getBytes();
    } catch (DSSException | IllegalArgumentException | IllegalStateException e) {
      throw translate(e, name);
    }
    byte[] value = signer.sign(tbs);
    try {
      return finish(doc, p, value);
    } catch (DSSException | IllegalArgumentException | IllegalStateException e) {
      throw translate(e, name);
    }
  }

  /** A signature begun by {@link #start}: DSS's parameters hold the signature built for the data to sign. */
  public static final class Started {
    private final DSSDocument doc;
    private final XAdESSignatureParameters parameters;
    private final byte[] dataToSign;
    private final String name;

    private Started(DSSDocument doc, XAdESSignatureParameters parameters, byte[] dataToSign, String name) {
      this.doc = doc;
      this.parameters = parameters;
      this.dataToSign = dataToSign;
      this.name = name;
    }

    /** The bytes the key must sign. */
    public byte[] dataToSign() {
      return dataToSign.clone();
    }
  }

  /**
   * The first half of {@link #sign(byte[], Document, String, List, Instant, ValueSigner)} for pipelines that use
   * the key on another thread: one parameters object serves both halves, so DSS builds the signature once.
   */
  public Started start(byte[] document, Document parsed, String name, List<X509Certificate> chain,
      Instant signingTime) throws KysoException {
    DSSDocument doc = new InMemoryDocument(document, name, mimeType(name));
    XAdESSignatureParameters p = parameters(doc, parsed, name, chain, signingTime);
    try {
      return new Started(doc, p, service.getDataToSign(doc, p).getBytes(), name);
    } catch (DSSException | IllegalArgumentException | IllegalStateException e) {
      throw translate(e, name);
    }
  }

  /** The second half: the signed document from the raw signature value over {@link Started#dataToSign()}. */
  public byte[] finish(Started started, byte[] signatureValue) throws KysoException {
    try {
      return finish(started.doc, started.parameters, signatureValue);
    } catch (DSSException | IllegalArgumentException | IllegalStateException e) {
      throw translate(e, started.name);
    }
  }

  private byte[] finish(DSSDocument doc, XAdESSignatureParameters p, byte[] signatureValue)
      throws DocumentException {
    SignatureValue v = DssAdapters.value(settings.algorithm(), signatureValue);
    DSSDocument signed = service.signDocument(doc, p, v);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      signed.writeTo(out);
    } catch (IOException e) {
      throw new DocumentException("The signed XML cannot be written: " + SecureXml.oneLine(e.getMessage()), e);
    }
    return out.toByteArray();
  }

  private Parameters parameters(DSSDocument doc, Document parsed, String name,
      List<X509Certificate> chain, Instant signingTime) throws DocumentException {
    Parameters p = new Parameters();
    p.setSignatureLevel(switch (settings.level()) {
      case B_B -> SignatureLevel.XAdES_BASELINE_B;
      case B_T -> SignatureLevel.XAdES_BASELINE_T;
      case B_LT -> SignatureLevel.XAdES_BASELINE_LT;
      case B_LTA -> SignatureLevel.XAdES_BASELINE_LTA;
    });
    p.setSignaturePackaging(switch (settings.packaging()) {
      case ENVELOPED -> SignaturePackaging.ENVELOPED;
      case ENVELOPING -> SignaturePackaging.ENVELOPING;
      case DETACHED -> SignaturePackaging.DETACHED;
    });
    SignatureAlgorithm alg = settings.algorithm();
    // the certificate first: setting it resets the encryption algorithm to the key's default (RSA, not PSS)
    p.setSigningCertificate(DssAdapters.token(chain.get(0)));
    p.setCertificateChain(DssAdapters.tokens(chain));
    p.setDigestAlgorithm(DssAdapters.digest(alg.digest()));
    p.setEncryptionAlgorithm(DssAdapters.encryption(alg));
    p.bLevel().setSigningDate(Date.from(signingTime));
    p.setSignedInfoCanonicalizationMethod(settings.canonicalization());
    p.setSignedPropertiesCanonicalizationMethod(settings.canonicalization());
    if (settings.parentXPath() != null) {
      p.setXPathLocationString(settings.parentXPath());
    }
    boolean signed = parsed != null && hasSignature(parsed);
    if (settings.referenceId() != null) {
      // one reference to the element with this Id instead of the whole document
      DSSReference ref = new DSSReference();
      ref.setId("r-kyso-" + settings.referenceId());
      ref.setUri("#" + settings.referenceId());
      ref.setContents(doc);
      ref.setDigestMethodAlgorithm(DssAdapters.digest(alg.digest()));
      ref.setTransforms(List.of(new CanonicalizationTransform(settings.canonicalization())));
      if (parsed != null) {
        precomputeDigest(ref, parsed, signed, name);
      }
      p.setReferences(List.of(ref));
    } else if (settings.packaging() == Pack.ENVELOPED && parsed != null) {
      // the reference DSS makes by default (same URI and transforms), with its digest computed here
      DSSReference ref = new DSSReference();
      ref.setUri("");
      ref.setDigestMethodAlgorithm(DssAdapters.digest(alg.digest()));
      ref.setTransforms(List.of(new XPath2FilterEnvelopedSignatureTransform(p.getXmldsigNamespace()),
          new CanonicalizationTransform(p.getXmldsigNamespace(), XMLCanonicalizer.DEFAULT_DSS_C14N_METHOD)));
      if (precomputeDigest(ref, parsed, signed, name)) {
        // no Id set: DSS gives it the Id of its default reference (r-<deterministic id>-1)
        p.setReferences(List.of(ref));
      }
    }
    if (settings.packaging() == Pack.ENVELOPED && parsed != null && !signed) {
      // DSS may sign into kyso's DOM instead of parsing the document twice more (see ParsedRootBuilder)
      p.root = parsed;
    }
    return p;
  }

  private static boolean hasSignature(Document doc) {
    return doc.getElementsByTagNameNS(Constants.SignatureSpecNS, "Signature").getLength() != 0;
  }

  /**
   * Sets the contents of {@code ref} to the digest DSS would compute for it, when kyso can compute the same bytes
   * without DSS's reference machinery (which parses the document again, serialises and re-parses it to drop comments,
   * runs Santuario's XPath 2 filter over every node, with new secure parser factories each time). kyso canonicalises
   * the DOM it has parsed already:
   *
   * <ul>
   *   <li>whole document ({@code URI=""}, XPath 2 subtract {@code /descendant::ds:Signature}, exclusive c14n): only
   *       when the document holds no {@code ds:Signature}, so that the filter removes nothing; the output is then the
   *       exclusive canonical form of the document without comments;
   *   <li>{@code #id} (c14n of the element): only when DSS's own look-up (any attribute named {@code Id}, {@code id}
   *       or {@code ID}, in any namespace) finds exactly the element kyso found, so both digest the same element.
   * </ul>
   *
   * Otherwise DSS computes the digest itself, as before.
   *
   * @param signed whether {@code parsed} holds a {@code ds:Signature}
   * @return whether the digest was set
   */
  boolean precomputeDigest(DSSReference ref, Document parsed, boolean signed, String name) throws DocumentException {
    String uri = ref.getUri();
    Node target;
    String c14n;
    if (uri.isEmpty()) {
      if (signed) {
        return false;
      }
      target = parsed;
      c14n = XMLCanonicalizer.DEFAULT_DSS_C14N_METHOD;
    } else {
      String id = uri.substring(1);
      List<Element> byDss = new ArrayList<>();
      collectDssIds(parsed.getDocumentElement(), id, byDss);
      if (byDss.size() != 1 || byDss.get(0) != XmlIds.find(parsed, id)) {
        return false;
      }
      target = byDss.get(0);
      c14n = settings.canonicalization();
    }
    SantuarioInit.init();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
      Canonicalizer.getInstance(withoutComments(c14n)).canonicalizeSubtree(target, out);
      byte[] digest = settings.algorithm().digest().digest(out.toByteArray());
      ref.setContents(new DigestDocument(ref.getDigestMethodAlgorithm(), digest, name, mimeType(name)));
      return true;
    } catch (XMLSecurityException e) {
      throw new DocumentException("The document " + name + " cannot be canonicalised: "
          + SecureXml.oneLine(e.getMessage()), e);
    }
  }

  /** Same-document references drop comments (XMLDSig 4.4.3.3): the without-comments form of a c14n URI. */
  private static String withoutComments(String c14n) {
    return switch (c14n) {
      case Canonicalizer.ALGO_ID_C14N_WITH_COMMENTS -> Canonicalizer.ALGO_ID_C14N_OMIT_COMMENTS;
      case Canonicalizer.ALGO_ID_C14N11_WITH_COMMENTS -> Canonicalizer.ALGO_ID_C14N11_OMIT_COMMENTS;
      case Canonicalizer.ALGO_ID_C14N_EXCL_WITH_COMMENTS -> Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS;
      default -> c14n;
    };
  }

  /** The elements DSS's {@code DomUtils.getElementById} considers: an attribute with local name Id, id or ID. */
  private static void collectDssIds(Element e, String id, List<Element> found) {
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Node a = attrs.item(i);
      String ln = a.getLocalName() != null ? a.getLocalName() : a.getNodeName();
      if (("Id".equals(ln) || "id".equals(ln) || "ID".equals(ln)) && id.equals(a.getNodeValue())) {
        found.add(e);
        break;
      }
    }
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element ce) {
        collectDssIds(ce, id, found);
      }
    }
  }

  /** DSS's {@code MimeType.fromFileName(name)}, remembered per extension (a few dozen at most are kept). */
  private MimeType mimeType(String name) {
    if (name == null || name.isBlank()) {
      return MimeType.fromFileName(name);
    }
    // the extension as DSS reads it: after the last dot, none when the name starts with its only dot
    int dot = name.lastIndexOf('.');
    String ext = dot > 0 ? name.substring(dot + 1) : "";
    MimeType known = mimeTypes.get(ext);
    if (known != null) {
      return known;
    }
    MimeType m = MimeType.fromFileName(name);
    if (mimeTypes.size() < 64) {
      mimeTypes.put(ext, m);
    }
    return m;
  }

  /** DSS parameters that remember that DSS has checked the signing certificate with them. */
  private static final class Parameters extends XAdESSignatureParameters {
    private static final long serialVersionUID = 1L;
    /** kyso's DOM of an enveloped document that holds no ds:Signature, for DSS to sign into (used once). */
    private transient Document root;
  }

  /**
   * DSS's enveloped signature builder, given the DOM kyso parsed (securely, in {@link SecureXml}) instead of parsing
   * the document twice more: once to learn that it is XML, once for the DOM to sign into. Used only for a document
   * that holds no {@code ds:Signature}: DSS's check of the original document (that the new signature breaks no
   * existing signature's enveloped reference) then has nothing to check. Everything else is DSS's own.
   */
  private static final class ParsedRootBuilder extends XPathPlacementSignatureBuilder {
    private Document root;

    ParsedRootBuilder(XAdESSignatureParameters params, List<DSSDocument> documents, CertificateVerifier verifier,
        Document root) {
      super(params, documents, verifier);
      this.root = root;
    }

    @Override
    protected void assertSignaturePossible() {
      super.assertSignaturePossible();
      if (documents.size() != 1) {
        throw new IllegalArgumentException("Only one document can hold an enveloped signature.");
      }
    }

    @Override
    protected Document buildRootDocumentDom() {
      Document d = root;
      root = null;
      return d != null ? d : DomUtils.buildDOM(documents.get(0));
    }
  }

  /**
   * DSS's service, without DSS's check of the signing certificate for kyso's parameters (the caller has checked it,
   * see the class comment), and with {@link ParsedRootBuilder} for an enveloped document kyso has parsed.
   */
  private static final class Service extends XAdESService {
    private static final long serialVersionUID = 1L;

    Service(CertificateVerifier verifier) {
      super(verifier);
    }

    @Override
    public ToBeSigned getDataToSign(List<DSSDocument> documents, XAdESSignatureParameters parameters) {
      if (!(parameters instanceof Parameters p) || p.root == null || documents.size() != 1
          || documents.get(0) == null) {
        return super.getDataToSign(documents, parameters);
      }
      // XAdESService's steps for one enveloped document, with the builder that signs into kyso's DOM
      assertSigningCertificateValid(p);
      Document root = p.root;
      p.root = null;
      XAdESSignatureBuilder builder = new ParsedRootBuilder(p, documents, certificateVerifier, root);
      p.getContext().setBuilder(builder);
      byte[] data = builder.build();
      p.getContext().setProfile(new XAdESLevelBaselineB(certificateVerifier));
      return new ToBeSigned(data);
    }

    @Override
    protected void assertSigningCertificateValid(AbstractSignatureParameters<?> parameters) {
      if (parameters instanceof Parameters) {
        // checked by the caller already (see the class comment), more thoroughly
        return;
      }
      super.assertSigningCertificateValid(parameters);
    }
  }

  private static KysoException translate(RuntimeException e, String name) {
    // kyso's own causes first: every TSA failed (naming each), revocation unreachable, certificate revoked
    java.util.Optional<KysoException> known = DssServices.failure(e);
    if (known.isPresent()) {
      return known.get();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DSSExternalResourceException || t instanceof java.net.ConnectException
          || t instanceof java.net.SocketTimeoutException) {
        return new ServiceUnavailableException("A timestamp or revocation service could not be reached: "
            + SecureXml.oneLine(t.getMessage()) + "; check the TSA address and the network.", e);
      }
    }
    return new DocumentException("The document " + name + " cannot be signed as XAdES: "
        + SecureXml.oneLine(e.getMessage()), e);
  }
}
