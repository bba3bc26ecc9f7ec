package org.kyso.token.pkcs11;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A key or certificate object on a PKCS#11 token. Contains no secret: private key values never leave the token.
 *
 * @param kind what the object is
 * @param label its CKA_LABEL (may be empty)
 * @param id its CKA_ID (may be empty)
 * @param keyType {@code RSA}, {@code EC} or another key type name; empty for certificates
 * @param certificate the X.509 certificate, for certificate objects
 * @param uri a PKCS#11 URI that selects this object's key (token label, object label and id, module path)
 */
public record Pkcs11Object(Kind kind, String label, byte[] id, Optional<String> keyType,
    Optional<X509Certificate> certificate, Pkcs11Uri uri) {

  /** The kinds of objects listed. */
  public enum Kind {
    PRIVATE_KEY,
    PUBLIC_KEY,
    CERTIFICATE
  }

  public Pkcs11Object {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(label, "label");
    id = id == null ? new byte[0] : id.clone();
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(uri, "uri");
  }

  @Override
  public byte[] id() {
    return id.clone();
  }

  @Override
  public String toString() {
    return "Pkcs11Object[" + kind + ", label=" + label + ", id=" + HexFormat.of().formatHex(id)
        + keyType.map(k -> ", " + k).orElse("")
        + certificate.map(c -> ", subject=" + c.getSubjectX500Principal().getName()).orElse("") + "]";
  }
}
