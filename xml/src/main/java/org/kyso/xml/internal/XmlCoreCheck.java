package org.kyso.xml.internal;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.xml.security.algorithms.JCEMapper;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Element;

/**
 * The parts of XML Signature core validation that kyso checks itself, independently of DSS, so that a forged
 * signature is never mistaken for an untrusted genuine one:
 *
 * <ul>
 *   <li>the SignatureValue over the canonical SignedInfo, with the key of a certificate the signature carries in
 *       its KeyInfo (DSS, for plain XMLDSig, only says it found no signing certificate when this fails, the same
 *       answer as for a genuine signature it cannot place);
 *   <li>a reference to content inside the signature itself that applies the enveloped-signature transform: by the
 *       XMLDSig rules that transform removes the whole signature, so the content is empty (as xmlsec1 computes it).
 *       Some providers compute such digests over the content instead; kyso follows the standard and xmlsec1.
 * </ul>
 */
final class XmlCoreCheck {
  private static final java.security.Provider BC = org.kyso.core.internal.BouncyCastle.provider();

  /** What the signature value check found. */
  enum Value {
    /** A certificate in KeyInfo verifies the SignatureValue. */
    VERIFIED,
    /** KeyInfo carries certificates and none of them verifies the SignatureValue. */
    FAILED,
    /** Not checked: no certificate in KeyInfo, or an algorithm kyso cannot run. */
    NOT_CHECKED
  }

  /** The outcome for one signature. */
  record Result(Value value, Optional<X509Certificate> signer, List<String> brokenReferences) {}

  private XmlCoreCheck() {}

  static Result check(Element sig, Map<String, List<Element>> ids) {
    ValueOutcome v = valueCheck(sig);
    return new Result(v.value(), v.signer(), emptyEnvelopedReferences(sig, ids));
  }

  private record ValueOutcome(Value value, Optional<X509Certificate> signer) {}

  private static ValueOutcome valueCheck(Element sig) {
    List<X509Certificate> certs = certificates(sig);
    if (certs.isEmpty()) {
      return new ValueOutcome(Value.NOT_CHECKED, Optional.empty());
    }
    byte[] signedInfo;
    String method;
    byte[] value;
    try {
      SantuarioInit.init();
      XMLSignature xs = new XMLSignature(sig, "", false);
      signedInfo = xs.getSignedInfo().getCanonicalizedOctetStream();
      method = xs.getSignedInfo().getSignatureMethodURI();
      value = xs.getSignatureValue();
    } catch (Exception e) {
      // unreadable SignedInfo or value: DSS reports the structure; nothing to add here
      return new ValueOutcome(Value.NOT_CHECKED, Optional.empty());
    }
    String jce = method == null ? null : JCEMapper.translateURItoJCEID(method);
    if (jce == null || method.contains("hmac")) {
      return new ValueOutcome(Value.NOT_CHECKED, Optional.empty());
    }
    for (X509Certificate c : certs) {
      Boolean ok = verifies(jce, c, signedInfo, value);
      if (ok == null) {
        return new ValueOutcome(Value.NOT_CHECKED, Optional.empty());
      }
      if (ok) {
        return new ValueOutcome(Value.VERIFIED, Optional.of(c));
      }
    }
    return new ValueOutcome(Value.FAILED, Optional.empty());
  }

  /** True or false, or null when the algorithm cannot be run here. */
  private static Boolean verifies(String jce, X509Certificate c, byte[] data, byte[] value) {
    Signature s;
    try {
      if (jce.endsWith("withECDSA")) {
        s = Signature.getInstance(jce + "inP1363Format");
      } else {
        try {
          s = Signature.getInstance(jce);
        } catch (NoSuchAlgorithmException e) {
          s = Signature.getInstance(jce, BC);
        }
      }
    } catch (NoSuchAlgorithmException e) {
      return null;
    }
    try {
      s.initVerify(c.getPublicKey());
      s.update(data);
      return s.verify(value);
    } catch (java.security.InvalidKeyException e) {
      return false; // a certificate whose key does not fit the algorithm did not sign it
    } catch (java.security.SignatureException | RuntimeException e) {
      return false;
    }
  }

  /** The certificates of {@code KeyInfo/X509Data}, in order; unreadable ones skipped. */
  static List<X509Certificate> certificates(Element sig) {
    List<X509Certificate> out = new ArrayList<>();
    Element keyInfo = XmlInspection.child(sig, XmlAlgorithms.DSIG_NS, "KeyInfo");
    if (keyInfo == null) {
      return out;
    }
    CertificateFactory cf;
    try {
      cf = CertificateFactory.getInstance("X.509");
    } catch (java.security.cert.CertificateException e) {
      return out;
    }
    for (Element data : XmlInspection.children(keyInfo, XmlAlgorithms.DSIG_NS, "X509Data")) {
      for (Element ce : XmlInspection.children(data, XmlAlgorithms.DSIG_NS, "X509Certificate")) {
        try {
          byte[] der = Base64.getMimeDecoder().decode(ce.getTextContent().strip());
          out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
        } catch (Exception e) {
          // a damaged certificate: others may still verify; DSS reports the damage
        }
      }
    }
    return out;
  }

  /**
   * The references to content inside {@code sig} itself whose transforms start with the enveloped-signature
   * transform followed only by canonicalisation, and whose DigestValue is not the digest of empty content.
   */
  private static List<String> emptyEnvelopedReferences(Element sig, Map<String, List<Element>> ids) {
    List<String> out = new ArrayList<>();
    Element signedInfo = XmlInspection.child(sig, XmlAlgorithms.DSIG_NS, "SignedInfo");
    if (signedInfo == null) {
      return out;
    }
    for (Element ref : XmlInspection.children(signedInfo, XmlAlgorithms.DSIG_NS, "Reference")) {
      String uri = ref.getAttribute("URI");
      if (!uri.startsWith("#") || uri.startsWith("#xpointer(")) {
        continue;
      }
      List<Element> targets = ids.getOrDefault(uri.substring(1), List.of());
      if (targets.size() != 1 || !XmlDsigEngine.isAncestor(sig, targets.get(0))) {
        continue;
      }
      Element transforms = XmlInspection.child(ref, XmlAlgorithms.DSIG_NS, "Transforms");
      if (transforms == null) {
        continue;
      }
      boolean enveloped = false;
      boolean onlyC14n = true;
      for (Element t : XmlInspection.children(transforms, XmlAlgorithms.DSIG_NS, "Transform")) {
        String alg = t.getAttribute("Algorithm");
        if (XmlAlgorithms.ENVELOPED.equals(alg)) {
          enveloped = true;
        } else if (!isC14n(alg)) {
          onlyC14n = false;
        }
      }
      if (!enveloped || !onlyC14n) {
        continue;
      }
      Element dm = XmlInspection.child(ref, XmlAlgorithms.DSIG_NS, "DigestMethod");
      Element dv = XmlInspection.child(ref, XmlAlgorithms.DSIG_NS, "DigestValue");
      if (dm == null || dv == null) {
        continue;
      }
      String jce = JCEMapper.translateURItoJCEID(dm.getAttribute("Algorithm"));
      if (jce == null) {
        continue;
      }
      try {
        byte[] expected = MessageDigest.getInstance(jce).digest(new byte[0]);
        byte[] given = Base64.getMimeDecoder().decode(dv.getTextContent().strip());
        if (!Arrays.equals(expected, given)) {
          out.add(uri);
        }
      } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
        // unknown digest or damaged value: DSS reports it
      }
    }
    return out;
  }

  private static boolean isC14n(String alg) {
    return alg.startsWith("http://www.w3.org/TR/2001/REC-xml-c14n-20010315")
        || alg.startsWith("http://www.w3.org/2001/10/xml-exc-c14n#")
        || alg.startsWith("http://www.w3.org/2006/12/xml-c14n11");
  }
}
