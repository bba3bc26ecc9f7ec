package org.kyso.core.internal.revocation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a CRL as CAs publish it (DER, PEM, or bare Base64, with stray text around) into DER. */
public final class PemCrls {
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN (?:X509 )?CRL-----([A-Za-z0-9+/=\\s]+)-----END (?:X509 )?CRL-----");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]+");

  private PemCrls() {}

  /** The DER bytes of the CRL in {@code bytes}, or {@code bytes} unchanged when it is neither PEM nor Base64. */
  public static byte[] toDer(byte[] bytes) {
    if (bytes == null || bytes.length == 0 || (bytes[0] & 0xFF) == 0x30) {
      return bytes;
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    Matcher m = PEM.matcher(text);
    String b64 = null;
    if (m.find()) {
      b64 = m.group(1);
    } else {
      String t = text.strip();
      if (t.startsWith("\uFEFF") || t.startsWith("\u00EF\u00BB\u00BF")) {
        t = t.substring(t.startsWith("\uFEFF") ? 1 : 3).strip();
      }
      if (BASE64.matcher(t).matches()) {
        b64 = t;
      }
    }
    if (b64 == null) {
      return bytes;
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(b64);
      return der.length > 0 && (der[0] & 0xFF) == 0x30 ? der : bytes;
    } catch (IllegalArgumentException e) {
      return bytes;
    }
  }
}
