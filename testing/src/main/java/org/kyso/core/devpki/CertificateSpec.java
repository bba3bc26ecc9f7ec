package org.kyso.core.devpki;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What {@link DevPki#issue} should put in a certificate: subject, key kind, validity, key usage. Immutable; the
 * {@code with…} methods derive variants (an expired certificate, an EC key...).
 */
public final class CertificateSpec {
  private final Map<org.bouncycastle.asn1.ASN1ObjectIdentifier, String> subject;
  private final DevPki.KeyKind keyKind;
  private final Instant notBefore;
  private final Instant notAfter;
  private final int keyUsage;
  private final List<KeyPurposeId> extendedKeyUsage;

  private CertificateSpec(Map<org.bouncycastle.asn1.ASN1ObjectIdentifier, String> subject, DevPki.KeyKind keyKind,
      Instant notBefore, Instant notAfter, int keyUsage, List<KeyPurposeId> eku) {
    this.subject = Map.copyOf(subject);
    this.keyKind = keyKind;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.keyUsage = keyUsage;
    this.extendedKeyUsage = List.copyOf(eku);
  }

  /** A person: CN = name, C = VN; digitalSignature + nonRepudiation. */
  public static CertificateSpec person(String commonName) {
    Map<org.bouncycastle.asn1.ASN1ObjectIdentifier, String> m = new LinkedHashMap<>();
    m.put(BCStyle.CN, Objects.requireNonNull(commonName, "commonName"));
    m.put(BCStyle.C, "VN");
    return new CertificateSpec(m, DevPki.KeyKind.RSA_2048, null, null,
        KeyUsage.digitalSignature | KeyUsage.nonRepudiation, List.of());
  }

  /** An organisation: CN = O = name, C = VN; digitalSignature + nonRepudiation. */
  public static CertificateSpec organisation(String name) {
    Map<org.bouncycastle.asn1.ASN1ObjectIdentifier, String> m = new LinkedHashMap<>();
    m.put(BCStyle.CN, Objects.requireNonNull(name, "name"));
    m.put(BCStyle.O, name);
    m.put(BCStyle.C, "VN");
    return new CertificateSpec(m, DevPki.KeyKind.RSA_2048, null, null,
        KeyUsage.digitalSignature | KeyUsage.nonRepudiation, List.of());
  }

  /** A timestamp authority: critical extended key usage timeStamping. */
  public static CertificateSpec timestampAuthority(String commonName) {
    Map<org.bouncycastle.asn1.ASN1ObjectIdentifier, String> m = new LinkedHashMap<>();
    m.put(BCStyle.CN, Objects.requireNonNull(commonName, "commonName"));
    m.put(BCStyle.C, "VN");
    return new CertificateSpec(m, DevPki.KeyKind.RSA_2048, null, null,
        KeyUsage.digitalSignature | KeyUsage.nonRepudiation, List.of(KeyPurposeId.id_kp_timeStamping));
  }

  /** An OCSP responder: extended key usage OCSPSigning. */
  public static CertificateSpec ocspResponder(String commonName) {
    Map<org.bouncycastle.asn1.ASN1ObjectIdentifier, String> m = new LinkedHashMap<>();
    m.put(BCStyle.CN, Objects.requireNonNull(commonName, "commonName"));
    m.put(BCStyle.C, "VN");
    return new CertificateSpec(m, DevPki.KeyKind.RSA_2048, null, null, KeyUsage.digitalSignature,
        List.of(KeyPurposeId.id_kp_OCSPSigning));
  }

  public CertificateSpec withKeyKind(DevPki.KeyKind kind) {
    return new CertificateSpec(subject, Objects.requireNonNull(kind), notBefore, notAfter, keyUsage,
        extendedKeyUsage);
  }

  public CertificateSpec withValidity(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("notBefore must be before notAfter");
    }
    return new CertificateSpec(subject, keyKind, from, to, keyUsage, extendedKeyUsage);
  }

  /** The key usages a certificate can carry (RFC 5280, 4.2.1.3). */
  public enum Usage {
    DIGITAL_SIGNATURE(KeyUsage.digitalSignature),
    NON_REPUDIATION(KeyUsage.nonRepudiation),
    KEY_ENCIPHERMENT(KeyUsage.keyEncipherment),
    DATA_ENCIPHERMENT(KeyUsage.dataEncipherment),
    KEY_AGREEMENT(KeyUsage.keyAgreement),
    KEY_CERT_SIGN(KeyUsage.keyCertSign),
    CRL_SIGN(KeyUsage.cRLSign);

    private final int bit;

    Usage(int bit) {
      this.bit = bit;
    }
  }

  /** Replaces the key usage with exactly {@code usages} (none: a key usage extension with no bit set). */
  public CertificateSpec withKeyUsage(Usage... usages) {
    int bits = 0;
    for (Usage u : usages) {
      bits |= Objects.requireNonNull(u, "usage").bit;
    }
    return new CertificateSpec(subject, keyKind, notBefore, notAfter, bits, extendedKeyUsage);
  }

  /** Adds or replaces a subject attribute, e.g. {@code ("O", "UBND phường Điện Biên")}, {@code ("L", "Hà Nội")}. */
  public CertificateSpec withSubjectAttribute(String shortName, String value) {
    var oid = BCStyle.INSTANCE.attrNameToOID(shortName);
    Map<org.bouncycastle.asn1.ASN1ObjectIdentifier, String> m = new LinkedHashMap<>(subject);
    m.put(oid, Objects.requireNonNull(value, "value"));
    return new CertificateSpec(m, keyKind, notBefore, notAfter, keyUsage, extendedKeyUsage);
  }

  X500Name subject() {
    return DevPki.name(subject);
  }

  DevPki.KeyKind keyKind() {
    return keyKind;
  }

  Optional<Instant> notBefore() {
    return Optional.ofNullable(notBefore);
  }

  Optional<Instant> notAfter() {
    return Optional.ofNullable(notAfter);
  }

  int keyUsage() {
    return keyUsage;
  }

  List<KeyPurposeId> extendedKeyUsage() {
    return extendedKeyUsage;
  }
}
