package org.kyso.xml.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Arrays;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.SignatureAlgorithm;
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
    int n = KeyTypes.ecIntegerBytes(key);
    BigInteger[] rs = parseDerEcdsa(value);
    if (rs == null) {
      if (value.length == 2 * n) {
        return value.clone();
      }
      throw new IllegalArgumentException("The ECDSA signature value is neither DER nor " + 2 * n + " raw bytes.");
    }
    byte[] out = new byte[2 * n];
    put(rs[0], out, 0, n);
    put(rs[1], out, n, n);
    return out;
  }

  private static void put(BigInteger v, byte[] out, int off, int n) {
    byte[] b = v.toByteArray();
    int start = 0;
    while (start < b.length - 1 && b[start] == 0) {
      start++;
    }
    int len = b.length - start;
    if (len > n) {
      throw new IllegalArgumentException("ECDSA value too long for the curve");
    }
    System.arraycopy(b, start, out, off + n - len, len);
  }

  /** Parses a strict DER {@code SEQUENCE { INTEGER r, INTEGER s }}, or returns null. */
  static BigInteger[] parseDerEcdsa(byte[] der) {
    try {
      int[] pos = {0};
      if (der.length < 8 || der[pos[0]++] != 0x30) {
        return null;
      }
      int seqLen = length(der, pos);
      if (seqLen != der.length - pos[0]) {
        return null;
      }
      BigInteger r = integer(der, pos);
      BigInteger s = integer(der, pos);
      if (r == null || s == null || pos[0] != der.length || r.signum() <= 0 || s.signum() <= 0) {
        return null;
      }
      return new BigInteger[] {r, s};
    } catch (ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  private static BigInteger integer(byte[] der, int[] pos) {
    if (der[pos[0]++] != 0x02) {
      return null;
    }
    int len = length(der, pos);
    if (len <= 0 || pos[0] + len > der.length) {
      return null;
    }
    BigInteger v = new BigInteger(Arrays.copyOfRange(der, pos[0], pos[0] + len));
    pos[0] += len;
    return v;
  }

  private static int length(byte[] der, int[] pos) {
    int b = der[pos[0]++] & 0xff;
    if (b < 0x80) {
      return b;
    }
    int n = b & 0x7f;
    if (n > 2) {
      return -1;
    }
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (der[pos[0]++] & 0xff);
    }
    return len;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }
}
