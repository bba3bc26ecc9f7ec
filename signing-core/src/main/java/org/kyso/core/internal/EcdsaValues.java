package org.kyso.core.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The two encodings of an ECDSA signature value, and the conversions between them, in one place: DER
 * {@code SEQUENCE { INTEGER r, INTEGER s }} (JCA, CMS, what {@code SigningKey.signDigest} returns) and raw
 * {@code r || s} of fixed length (PKCS#11 {@code CKM_ECDSA}, some remote services, XML Signature's
 * {@code SignatureValue}).
 */
public final class EcdsaValues {
  private EcdsaValues() {}

  /** {@code r} and {@code s} of a strict DER {@code SEQUENCE} of two positive INTEGERs, or null if it is not one. */
  public static BigInteger[] parseDer(byte[] value) {
    try {
      int[] pos = {0};
      if (value.length < 8 || (value[pos[0]++] & 0xFF) != 0x30) {
        return null;
      }
      int len = length(value, pos);
      if (len != value.length - pos[0]) {
        return null;
      }
      BigInteger r = integer(value, pos);
      BigInteger s = r == null ? null : integer(value, pos);
      if (s == null || pos[0] != value.length || r.signum() <= 0 || s.signum() <= 0) {
        return null;
      }
      return new BigInteger[] {r, s};
    } catch (ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  /** True when {@code value} is exactly one DER {@code SEQUENCE} of two positive INTEGERs. */
  public static boolean isDer(byte[] value) {
    return parseDer(value) != null;
  }

  /** The DER form of a raw {@code r || s} value (two halves of equal length). */
  public static byte[] rawToDer(byte[] raw) {
    if (raw == null || raw.length == 0 || raw.length % 2 != 0) {
      throw new IllegalArgumentException("A raw ECDSA signature has two halves of equal length.");
    }
    int n = raw.length / 2;
    byte[] r = new BigInteger(1, Arrays.copyOfRange(raw, 0, n)).toByteArray();
    byte[] s = new BigInteger(1, Arrays.copyOfRange(raw, n, raw.length)).toByteArray();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    tlv(body, 0x02, r);
    tlv(body, 0x02, s);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    tlv(out, 0x30, body.toByteArray());
    return out.toByteArray();
  }

  /**
   * The DER form of a value given raw or DER already.
   *
   * @param integerBytes the length of one integer for the key ({@link KeyTypes#ecIntegerBytes}), to recognise raw
   * @throws IllegalArgumentException if it is neither
   */
  public static byte[] toDer(byte[] value, int integerBytes) {
    if (value.length == 2 * integerBytes) {
      return rawToDer(value);
    }
    if (isDer(value)) {
      return value.clone();
    }
    throw new IllegalArgumentException("The ECDSA signature value has an unexpected length " + value.length + ".");
  }

  /**
   * The raw {@code r || s} form of a value given DER or raw already.
   *
   * @throws IllegalArgumentException if it is neither, or an integer is too long for the curve
   */
  public static byte[] toRaw(byte[] value, int integerBytes) {
    BigInteger[] rs = parseDer(value);
    if (rs == null) {
      if (value.length == 2 * integerBytes) {
        return value.clone();
      }
      throw new IllegalArgumentException("The ECDSA signature value is neither DER nor " + 2 * integerBytes
          + " raw bytes.");
    }
    byte[] out = new byte[2 * integerBytes];
    put(rs[0], out, 0, integerBytes);
    put(rs[1], out, integerBytes, integerBytes);
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
      throw new IllegalArgumentException("The ECDSA value is too long for the curve.");
    }
    System.arraycopy(b, start, out, off + n - len, len);
  }

  private static BigInteger integer(byte[] v, int[] pos) {
    if ((v[pos[0]++] & 0xFF) != 0x02) {
      return null;
    }
    int len = length(v, pos);
    if (len <= 0 || pos[0] + len > v.length) {
      return null;
    }
    BigInteger i = new BigInteger(Arrays.copyOfRange(v, pos[0], pos[0] + len));
    pos[0] += len;
    return i;
  }

  private static int length(byte[] v, int[] pos) {
    int first = v[pos[0]++] & 0xFF;
    if (first < 0x80) {
      return first;
    }
    int count = first & 0x7F;
    if (count == 0 || count > 3) {
      return -1;
    }
    int len = 0;
    for (int i = 0; i < count; i++) {
      len = (len << 8) | (v[pos[0]++] & 0xFF);
    }
    return len;
  }

  private static void tlv(ByteArrayOutputStream out, int tag, byte[] value) {
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xFF);
    }
    out.writeBytes(value);
  }
}
