package org.kyso.token.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/** The few DER encodings the drivers need (ECDSA values: {@code core.internal.EcdsaValues}). */
public final class Der {
  private Der() {}

  /** The DER {@code RSASSA-PSS-params}: the digest, MGF1 with the same digest, salt as long as the digest. */
  public static byte[] pssParams(org.kyso.core.DigestAlgorithm digest) {
    var hash = new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
        new org.bouncycastle.asn1.ASN1ObjectIdentifier(digest.oid()), org.bouncycastle.asn1.DERNull.INSTANCE);
    var mgf = new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
        org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_mgf1, hash);
    try {
      return new org.bouncycastle.asn1.pkcs.RSASSAPSSparams(hash, mgf,
          new org.bouncycastle.asn1.ASN1Integer(digest.length()),
          org.bouncycastle.asn1.pkcs.RSASSAPSSparams.DEFAULT_TRAILER_FIELD).getEncoded("DER");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes tag, length and value. */
  public static void writeTlv(ByteArrayOutputStream out, int tag, byte[] value) {
    out.write(tag);
    int len = value.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(value);
  }
}
