package org.kyso.core;

import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What a token says about one of its keys: label, id and certificate. Contains no secret.
 *
 * @param label the key's label (PKCS#11 CKA_LABEL, PKCS#12 alias, CSC credential id)
 * @param id the key's id bytes (PKCS#11 CKA_ID), empty when the store has none
 * @param certificate the key's certificate, when the store has one
 */
public record KeyInfo(String label, byte[] id, Optional<X509Certificate> certificate) {
  public KeyInfo {
    Objects.requireNonNull(label, "label");
    id = id == null ? new byte[0] : id.clone();
    Objects.requireNonNull(certificate, "certificate");
  }

  @Override
  public byte[] id() {
    return id.clone();
  }

  @Override
  public String toString() {
    return "KeyInfo[label=" + label + ", id=" + HexFormat.of().formatHex(id)
        + certificate.map(c -> ", subject=" + c.getSubjectX500Principal().getName()).orElse("") + "]";
  }
}
