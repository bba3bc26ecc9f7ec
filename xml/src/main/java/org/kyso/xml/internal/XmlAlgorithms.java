package org.kyso.xml.internal;

import java.io.ByteArrayOutputStream;
import java.security.PublicKey;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.internal.EcdsaValues;
import org.kyso.core.internal.KeyTypes;

/** XML Signature algorithm identifiers and signature-value encodings (key rules: {@code core.internal.KeyTypes}). */
public final class XmlAlgorithms {
  public static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
  public static final String ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
  public static final String C14N_INCLUSIVE = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
  public static final String C14N_EXCLUSIVE = "http://www.w3.org/2001/10/xml-exc-c14n#";

  private XmlAlgorithms() {}

  public static String digestUri(DigestAlgorithm d) {
    return switch (d) {
      case SHA256 -> "http://www.w3.org/2001/04/xmlenc#sha256";
      case SHA384 -> "http://www.w3.org/2001/04/xmldsig-more#sha384";
      case SHA512 -> "http://www.w3.org/2001/04/xmlenc#sha512";
    };
  }

  public static String signatureUri(SignatureAlgorithm a) {
    String bits = switch (a.digest()) {
      case SHA256 -> "256";
      case SHA384 -> "384";
      case SHA512 -> "512";
    };
    return switch (a.keyType()) {
      case RSA -> a.pss() ? "http://www.w3.org/2007/05/xmldsig-more#sha" + bits + "-rsa-MGF1"
          : "http://www.w3.org/2001/04/xmldsig-more#rsa-sha" + bits;
      case EC -> "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha" + bits;
    };
  }

  /**
   * The value to put into {@code ds:SignatureValue}: RSA as is, ECDSA converted from DER {@code SEQUENCE {r, s}} to
   * the fixed-length {@code r || s} that XML Signature requires (a value already in that form is accepted).
   */
  public static byte[] xmlSignatureValue(SignatureAlgorithm alg, PublicKey key, byte[] value) {
    if (alg.keyType() != SignatureAlgorithm.KeyType.EC) {
      return value.clone();
    }
    return EcdsaValues.toRaw(value, KeyTypes.ecIntegerBytes(key));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }
}
