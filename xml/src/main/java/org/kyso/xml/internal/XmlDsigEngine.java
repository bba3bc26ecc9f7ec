package org.kyso.xml.internal;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.ObjectContainer;
import org.apache.xml.security.signature.SignatureProperties;
import org.apache.xml.security.signature.SignatureProperty;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.keys.content.X509Data;
import org.apache.xml.security.transforms.Transforms;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.DocumentException;
import org.kyso.core.SignatureAlgorithm;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Builds plain XML Signatures (XMLDSig, no XAdES properties) with Apache Santuario: enveloped, placed under a chosen
 * element, referencing the whole document or an element's Id, optionally a signed {@code SigningTime} property and
 * external {@code cid:} attachments. The signature value is computed outside (by a {@code SigningKey}).
 */
public final class XmlDsigEngine {
  /** The time format of the SigningTime property: xsd:dateTime, Vietnam's offset, whole seconds. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final ZoneOffset VN = ZoneOffset.ofHours(7);
  /** The namespace of the SigningTime property element. */
  public static final String SIGNING_TIME_NS = "http://example.org/#signatureProperties";

  /** Where and what to sign, resolved from the profile and options. */
  public record Placement(Element parent, String referenceId, boolean wholeDocument,
      Map<String, byte[]> attachments, Element placeholder, List<String> inlineAttachments) {
    public Placement {
      Objects.requireNonNull(parent, "parent");
      attachments = attachments == null ? Map.of() : new LinkedHashMap<>(attachments);
    }

    public Placement(Element parent, String referenceId, boolean wholeDocument, Map<String, byte[]> attachments,
        Element placeholder) {
      this(parent, referenceId, wholeDocument, attachments, placeholder, null);
    }

    /** True for an edXML message of QCVN 102:2016 (attachments inline). */
    public boolean edxmlMessage() {
      return inlineAttachments != null;
    }
  }

  /**
   * Algorithm and layout choices.
   *
   * @param providersLayout the layout Vietnamese e-invoice providers write and receivers read: an unprefixed
   *     {@code <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">} named after its place ({@code NBan-…}), the
   *     invoice-data reference with the enveloped-signature transform only, the SigningTime Object referenced
   *     without transforms and written as {@code <SignatureProperties xmlns=""><SignatureProperty
   *     Target="#sig"><SigningTime>2025-01-02T16:03:55</SigningTime>} (Vietnam time, no offset), and KeyInfo with
   *     {@code X509SubjectName}, the signer's certificate first, then its issuing CAs (providers often send the
   *     signer's alone; the CAs let a verifier that holds only the root build the chain)
   */
  public record Options(SignatureAlgorithm algorithm, String canonicalization, boolean signingTimeProperty,
      boolean providersLayout) {
    public Options(SignatureAlgorithm algorithm, String canonicalization, boolean signingTimeProperty) {
      this(algorithm, canonicalization, signingTimeProperty, false);
    }
  }

  /** A built signature awaiting its value. */
  public static final class Built {
    private final Document document;
    private final Element signatureValue;
    private final byte[] signedInfo;

    Built(Document document, Element signatureValue, byte[] signedInfo) {
      this.document = document;
      this.signatureValue = signatureValue;
      this.signedInfo = signedInfo;
    }

    /** The canonical SignedInfo: the bytes the signature value is computed over. */
    public byte[] signedInfo() {
      return signedInfo.clone();
    }

    /** Puts the value (already in XML form) into the signature and serialises the document. */
    public byte[] finish(byte[] xmlSignatureValue) {
      signatureValue.setTextContent(Base64.getEncoder().encodeToString(xmlSignatureValue));
      return SecureXml.write(document);
    }
  }

  private static final java.security.Provider BC = org.kyso.core.internal.BouncyCastle.provider();

  private XmlDsigEngine() {}

  /**
   * Inserts an unsigned signature into {@code placement.parent()} of {@code doc} and computes its SignedInfo.
   *
   * @param idSeed bytes that make the generated Ids unique and reproducible (document, certificate, time)
   */
  public static Built build(Document doc, Placement placement, Options options, List<X509Certificate> chain,
      Instant signingTime, byte[] idSeed) throws DocumentException {
    SantuarioInit.init();
    String suffix = HexFormat.of().formatHex(DigestAlgorithm.SHA256.digest(idSeed), 0, 8);
    boolean providers = options.providersLayout();
    String sigId = providers ? placement.parent().getLocalName() + "-" + suffix : "kyso-sig-" + suffix;
    if (placement.referenceId() != null) {
      // the referenced element must be unique: checked (and its Id declared) before anything is added
      XmlIds.declareUnique(doc, placement.referenceId());
    }
    try {
      SignatureAlgorithm alg = options.algorithm();
      // BouncyCastle, passed as an instance (kyso registers none), provides the JCA names Santuario maps PSS URIs to
      XMLSignature sig = new XMLSignature(doc, "", XmlAlgorithms.signatureUri(alg), 0, options.canonicalization(),
          BC, null);
      sig.setId(sigId);
      // same-document references only: Santuario's global resolvers are not relied upon
      sig.addResourceResolver(new org.apache.xml.security.utils.resolver.implementations.ResolverFragment());
      if (placement.placeholder() != null) {
        placement.parent().replaceChild(sig.getElement(), placement.placeholder());
      } else {
        placement.parent().appendChild(sig.getElement());
      }
      String digestUri = XmlAlgorithms.digestUri(alg.digest());

      if (placement.edxmlMessage()) {
        // QCVN 102:2016: one reference over the envelope (header and manifest), one per inline attachment, each
        // selected by an XPath Filter 2.0 so that a failing one names what changed
        Transforms t = new Transforms(doc);
        t.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
        t.addTransform(Transforms.TRANSFORM_XPATH2FILTER, filter(doc, "/edXML:edXML/edXML:edXMLEnvelope"));
        t.addTransform(options.canonicalization());
        sig.addDocument("", t, digestUri, EDXML_ENVELOPE_REF, null);
        for (String cid : placement.inlineAttachments()) {
          Transforms ta = new Transforms(doc);
          ta.addTransform(Transforms.TRANSFORM_XPATH2FILTER, filter(doc,
              "/edXML:edXML/edXML:AttachmentEncoded/edXML:Attachment[edXML:ContentId='" + cid + "']"));
          ta.addTransform(options.canonicalization());
          sig.addDocument("", ta, digestUri, attachmentReferenceId(cid), null);
        }
      } else if (placement.wholeDocument()) {
        Transforms t = new Transforms(doc);
        t.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
        t.addTransform(options.canonicalization());
        sig.addDocument("", t, digestUri);
      }
      if (placement.referenceId() != null) {
        Element target = XmlIds.find(doc, placement.referenceId());
        Transforms t = new Transforms(doc);
        if (providers) {
          // what providers write: the enveloped-signature transform, then the default (inclusive) c14n
          t.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
        } else {
          if (isAncestor(target, placement.parent())) {
            t.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
          }
          t.addTransform(options.canonicalization());
        }
        sig.addDocument("#" + placement.referenceId(), t, digestUri);
      }
      if (!placement.attachments().isEmpty()) {
        sig.addResourceResolver(new CidResolver(placement.attachments()));
        for (String cid : placement.attachments().keySet()) {
          sig.addDocument("cid:" + cid, null, digestUri);
        }
      }
      if (options.signingTimeProperty() && providers) {
        String objId = "Obj-" + sigId;
        ObjectContainer obj = new ObjectContainer(doc);
        obj.setId(objId);
        Element props = doc.createElementNS(null, "SignatureProperties");
        props.setAttributeNS(XMLNS, "xmlns", "");
        Element prop = doc.createElementNS(null, "SignatureProperty");
        prop.setAttributeNS(null, "Target", "#" + sigId);
        Element time = doc.createElementNS(null, "SigningTime");
        time.setTextContent(LOCAL_TIME.format(OffsetDateTime.ofInstant(signingTime.truncatedTo(ChronoUnit.SECONDS),
            VN)));
        prop.appendChild(time);
        props.appendChild(prop);
        obj.appendChild(props);
        sig.appendObject(obj);
        sig.addDocument("#" + objId, null, digestUri);
      } else if (options.signingTimeProperty()) {
        String objId = "kyso-st-" + suffix;
        ObjectContainer obj = new ObjectContainer(doc);
        obj.setId(objId);
        SignatureProperties props = new SignatureProperties(doc);
        SignatureProperty prop = new SignatureProperty(doc, "#" + sigId);
        // a foreign namespace keeps the property schema-valid (xmldsig allows ##other there); this one is what
        // Vietnamese e-invoices commonly use
        Element time = doc.createElementNS(SIGNING_TIME_NS, "SigningTime");
        time.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", SIGNING_TIME_NS);
        time.setTextContent(TIME.format(OffsetDateTime.ofInstant(signingTime.truncatedTo(ChronoUnit.SECONDS), VN)));
        prop.getElement().appendChild(time);
        props.addSignatureProperty(prop);
        obj.appendChild(props.getElement());
        sig.appendObject(obj);
        Transforms t = new Transforms(doc);
        t.addTransform(options.canonicalization());
        sig.addDocument("#" + objId, t, digestUri, null, "http://www.w3.org/2000/09/xmldsig#Object");
      }
      // one X509Data with the signer's certificate first, then the issuing CAs (not the root: verifiers must
      // bring their own); base64 without line breaks
      X509Data x509 = new X509Data(doc);
      if (providers) {
        // the signer's subject name then its certificate, as receivers read them
        Element name = doc.createElementNS(XmlAlgorithms.DSIG_NS, prefixed(sig.getElement(), "X509SubjectName"));
        name.setTextContent(chain.get(0).getSubjectX500Principal().getName(
            javax.security.auth.x500.X500Principal.RFC2253));
        x509.getElement().appendChild(name);
      }
      for (int i = 0; i < chain.size(); i++) {
        X509Certificate c = chain.get(i);
        boolean selfSigned = c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
        if (i == 0 || !selfSigned) {
          Element ce = doc.createElementNS(XmlAlgorithms.DSIG_NS, prefixed(sig.getElement(), "X509Certificate"));
          ce.setTextContent(Base64.getEncoder().encodeToString(encoded(c)));
          x509.getElement().appendChild(ce);
        }
      }
      sig.getKeyInfo().add(x509);
      if (providers) {
        unprefix(sig.getElement());
      }
      sig.getSignedInfo().generateDigestValues();
      byte[] signedInfo = sig.getSignedInfo().getCanonicalizedOctetStream();
      Element value = firstChild(sig.getElement(), "SignatureValue");
      return new Built(doc, value, signedInfo);
    } catch (XMLSecurityException | java.io.IOException e) {
      throw new DocumentException("The XML signature cannot be built: " + SecureXml.oneLine(e.getMessage()), e);
    }
  }

  private static final String XMLNS = "http://www.w3.org/2000/xmlns/";
  /** The Id of the reference over an edXML message's envelope. */
  public static final String EDXML_ENVELOPE_REF = "edXML-envelope";

  /** The Id of the reference over the inline attachment {@code cid} (an NCName made from it). */
  public static String attachmentReferenceId(String cid) {
    return "edXML-attachment-" + cid.substring(cid.indexOf(':') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static Element filter(Document doc, String xpath) {
    Element e = org.apache.xml.security.transforms.params.XPath2FilterContainer.newInstanceIntersect(doc, xpath)
        .getElement();
    e.setAttributeNS(XMLNS, "xmlns:edXML", EDXML_NS);
    return e;
  }

  private static final String EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  /**
   * Makes the signature's XMLDSig elements unprefixed, under a default namespace declared on the Signature: {@code
   * <Signature xmlns="http://www.w3.org/2000/09/xmldsig#">}. Done before any digest or the SignedInfo is computed.
   */
  private static void unprefix(Element sig) {
    Document doc = sig.getOwnerDocument();
    java.util.ArrayDeque<Element> todo = new java.util.ArrayDeque<>();
    todo.push(sig);
    while (!todo.isEmpty()) {
      Element e = todo.pop();
      if (XmlAlgorithms.DSIG_NS.equals(e.getNamespaceURI()) && e.getPrefix() != null) {
        String prefix = e.getPrefix();
        e = (Element) doc.renameNode(e, XmlAlgorithms.DSIG_NS, e.getLocalName());
        if (e.hasAttributeNS(XMLNS, prefix)) {
          e.removeAttributeNS(XMLNS, prefix);
        }
      }
      for (Node n = e.getFirstChild(); n != null; ) {
        Node next = n.getNextSibling();
        if (n instanceof Element c) {
          todo.push(c);
        } else if (n.getNodeType() == Node.TEXT_NODE && n.getNodeValue().isBlank()
            && XmlAlgorithms.DSIG_NS.equals(e.getNamespaceURI())) {
          e.removeChild(n); // Santuario's line breaks between elements: providers write none
        }
        n = next;
      }
    }
    sig.setAttributeNS(XMLNS, "xmlns", XmlAlgorithms.DSIG_NS);
  }

  private static byte[] encoded(X509Certificate c) throws DocumentException {
    try {
      return c.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new DocumentException("The certificate " + c.getSubjectX500Principal() + " cannot be encoded.", e);
    }
  }

  private static String prefixed(Element like, String localName) {
    return like.getPrefix() == null ? localName : like.getPrefix() + ":" + localName;
  }

  static boolean isAncestor(Node ancestor, Node node) {
    for (Node n = node; n != null; n = n.getParentNode()) {
      if (n == ancestor) {
        return true;
      }
    }
    return false;
  }

  static Element firstChild(Element parent, String localName) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())
          && XmlAlgorithms.DSIG_NS.equals(e.getNamespaceURI())) {
        return e;
      }
    }
    throw new IllegalStateException("no ds:" + localName);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
