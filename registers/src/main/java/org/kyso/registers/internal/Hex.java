package org.kyso.registers.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex and SHA-256 helpers. */
public final class Hex {
  /** The "previous hash" of the first journal record. */
  public static final String ZERO_HASH = "0".repeat(64);

  private Hex() {}

  public static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  public static byte[] unhex(String s) {
    return HexFormat.of().parseHex(s);
  }

  public static boolean isSha256Hex(String s) {
    return s != null && s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** The chain hash: SHA-256 over the previous hash (32 bytes) and the record's canonical UTF-8 bytes. */
  public static String chain(String previousHashHex, String canonicalRecord) {
    MessageDigest md = sha256();
    md.update(unhex(previousHashHex));
    md.update(canonicalRecord.getBytes(StandardCharsets.UTF_8));
    return hex(md.digest());
  }
}
