package org.kyso.core;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/** Chooses a key among the keys a token holds. */
@FunctionalInterface
public interface KeySelector {

  /** True when {@code key} is acceptable. */
  boolean matches(KeyInfo key);

  /** Any key that has a certificate. */
  static KeySelector any() {
    return k -> k.certificate().isPresent();
  }

  /** A key whose certificate allows non-repudiation (content commitment), as a personal signing key should. */
  static KeySelector nonRepudiation() {
    return k -> k.certificate().map(KeySelector::hasNonRepudiation).orElse(false);
  }

  /** The key with this label (PKCS#11 CKA_LABEL, PKCS#12 alias). */
  static KeySelector label(String label) {
    Objects.requireNonNull(label, "label");
    return k -> label.equals(k.label());
  }

  /** The key with this id (PKCS#11 CKA_ID). */
  static KeySelector id(byte[] id) {
    byte[] copy = Objects.requireNonNull(id, "id").clone();
    return k -> Arrays.equals(copy, k.id());
  }

  /** Both selectors must match. */
  default KeySelector and(KeySelector other) {
    Objects.requireNonNull(other, "other");
    return k -> matches(k) && other.matches(k);
  }

  private static boolean hasNonRepudiation(X509Certificate c) {
    boolean[] usage = c.getKeyUsage();
    return usage == null || (usage.length > 1 && usage[1]);
  }
}
