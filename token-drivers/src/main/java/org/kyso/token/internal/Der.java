package org.kyso.token.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/** The few DER encodings the drivers need: ECDSA signature values (raw r||s and X9.62 SEQUENCE) and lengths. */
public final class Der {
  private Der() {}

  /**
   * Converts a raw ECDSA value {@code r || s} (each half the same length, as PKCS#11 CKM_ECDSA returns it) into
   * the DER {@code SEQUENCE { INTEGER r, INTEGER s }} that JCA and CMS use.
   */
  public static byte[] ecdsaRawToDer(byte[] raw) {
    if (raw == null || raw.length == 0 || raw.length % 2 != 0) {
      throw new IllegalArgumentException("A raw ECDSA signature has two halves of equal length.");
    }
    int n = raw.length / 2;
    byte[] r = new BigInteger(1, Arrays.copyOfRange(raw, 0, n)).toByteArray();
    byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, n, raw.length)).toByteArray();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeTlv(body, 0x02, r);
    writeTlv(body, 0x02, s);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTlv(out, 0x30, body.toByteArray());
    return out.toByteArray();
  }

  /** True when {@code value} is exactly one DER {@code SEQUENCE} of two positive INTEGERs. */
  public static boolean isEcdsaDer(byte[] value) {
    try {
      int[] pos = {0};
      if (value.length < 8 || (value[0] & 0xFF) != 0x30) {
        return false;
      }
      pos[0] = 1;
      int len = readLength(value, pos);
      if (pos[0] + len != value.length) {
        return false;
      }
      for (int i = 0; i < 2; i++) {
        if ((value[pos[0]++] & 0xFF) != 0x02) {
          return false;
        }
        int l = readLength(value, pos);
        if (l <= 0 || pos[0] + l > value.length) {
          return false;
        }
        pos[0] += l;
      }
      return pos[0] == value.length;
    } catch (ArrayIndexOutOfBoundsException e) {
      return false;
    }
  }

  /**
   * The DER form of an ECDSA value that a device or service returned either raw ({@code r || s}) or DER already.
   *
   * @param fieldBytes the byte length of the curve order (32 for P-256), used to recognise the raw form
   */
  public static byte[] ecdsaToDer(byte[] value, int fieldBytes) {
    if (value.length == 2 * fieldBytes) {
      return ecdsaRawToDer(value);
    }
    if (isEcdsaDer(value)) {
      return value.clone();
    }
    throw new IllegalArgumentException("The ECDSA signature value has an unexpected length " + value.length + ".");
  }

  private static int readLength(byte[] b, int[] pos) {
    int first = b[pos[0]++] & 0xFF;
    if (first < 0x80) {
      return first;
    }
    int count = first & 0x7F;
    if (count == 0 || count > 3) {
      throw new ArrayIndexOutOfBoundsException();
    }
    int len = 0;
    for (int i = 0; i < count; i++) {
      len = (len << 8) | (b[pos[0]++] & 0xFF);
    }
    return len;
  }

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
