package org.kyso.core.internal.dss;

import eu.europa.esig.dss.diagnostic.CertificateRevocationWrapper;
import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlDigestMatcher;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.SignerDetails;

/** Reads {@link SignerDetails} (Circular 15/2025 report fields) from DSS's diagnostic data for one signature. */
public final class SignerDetailsOf {
  private SignerDetailsOf() {}

  /**
   * The details of signature {@code s}.
   *
   * @param trust the anchors the verification used (their sources name the trust profile)
   * @param online whether revocation data could be fetched
   */
  public static SignerDetails of(SignatureWrapper s, TrustAnchors trust, boolean online) {
    CertificateWrapper signer = s.getSigningCertificate();
    Optional<Boolean> intact = intact(s);
    if (signer == null) {
      return new SignerDetails(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
          Optional.empty(), Optional.empty(), Optional.empty(),
          SignerDetails.Revocation.none(why("noCertificate")), intact, Optional.empty(),
          Optional.empty());
    }
    // DSS's diagnostic data holds the names, not always the certificate's bytes: read the RFC 2253 names
    String issuerDn = signer.getCertificateIssuerDN();
    Optional<String> issuerName = rdn(issuerDn, "CN").stream().findFirst();
    String subjectDn = signer.getCertificateDN();
    Optional<String> o = rdn(subjectDn, "O").stream().findFirst().or(() -> Optional.ofNullable(signer.getOrganizationName()));
    Optional<String> ou = rdn(subjectDn, "OU").stream().reduce((a, b) -> a + ", " + b)
        .or(() -> Optional.ofNullable(signer.getOrganizationalUnit()));
    List<String> ids = new ArrayList<>(rdn(subjectDn, "UID"));
    ids.addAll(rdn(subjectDn, "0.9.2342.19200300.100.1.1"));
    Optional<String> serial = Optional.ofNullable(signer.getSerialNumber()).map(SignerDetailsOf::serialHex);
    Optional<String> anchor = Optional.empty();
    Optional<String> source = Optional.empty();
    for (CertificateWrapper c : chain(s)) {
      if (c.isTrusted()) {
        anchor = Optional.ofNullable(c.getCertificateDN());
        // DSS names a certificate "C-" and the SHA-256 of its DER encoding
        String id = c.getId();
        source = id != null && id.startsWith("C-") ? trust.sourceOf(id.substring(2)) : Optional.empty();
        break;
      }
    }
    return new SignerDetails(Optional.ofNullable(issuerDn), issuerName, o, ou, ids, serial, time(signer.getNotBefore()),
        time(signer.getNotAfter()), revocation(signer, anchor.isPresent(), online), intact, anchor, source);
  }

  private static List<CertificateWrapper> chain(SignatureWrapper s) {
    List<CertificateWrapper> c = s.getCertificateChain();
    return c == null ? List.of() : c;
  }

  private static SignerDetails.Revocation revocation(CertificateWrapper signer, boolean trusted, boolean online) {
    List<CertificateRevocationWrapper> data = new ArrayList<>(signer.getCertificateRevocationData());
    if (data.isEmpty()) {
      if (signer.isTrusted()) {
        return SignerDetails.Revocation.none(why("anchor"));
      }
      if (!trusted) {
        return SignerDetails.Revocation.none(online ? why("untrusted") : why("offline"));
      }
      return SignerDetails.Revocation.none(online ? why("unreachable") : why("offline"));
    }
    // the freshest answer
    data.sort(Comparator.comparing((CertificateRevocationWrapper r) -> Optional.ofNullable(r.getProductionDate())
        .orElse(new Date(0))).reversed());
    CertificateRevocationWrapper r = data.get(0);
    SignerDetails.Revocation.Status status = r.getStatus() == null ? SignerDetails.Revocation.Status.UNKNOWN
        : switch (r.getStatus()) {
          case GOOD -> SignerDetails.Revocation.Status.GOOD;
          case REVOKED -> SignerDetails.Revocation.Status.REVOKED;
          default -> SignerDetails.Revocation.Status.UNKNOWN;
        };
    Optional<String> producer = Optional.ofNullable(r.getSigningCertificate())
        .map(c -> Optional.ofNullable(c.getCommonName()).orElse(c.getCertificateDN()));
    Optional<String> why = status == SignerDetails.Revocation.Status.REVOKED && r.getReason() != null
        ? Optional.of(r.getReason().name()) : Optional.empty();
    return new SignerDetails.Revocation(status,
        Optional.ofNullable(r.getRevocationType()).map(Enum::name), producer, time(r.getProductionDate()),
        time(r.getRevocationDate()), why);
  }

  private static Optional<Boolean> intact(SignatureWrapper s) {
    List<XmlDigestMatcher> matchers = s.getDigestMatchers();
    boolean referencesIntact = matchers == null || matchers.stream().allMatch(m -> !m.isDataFound() || m.isDataIntact());
    boolean anyMissing = matchers != null && matchers.stream().anyMatch(m -> !m.isDataFound());
    if (!referencesIntact || (!s.isSignatureIntact() && !anyMissing)) {
      return Optional.of(false);
    }
    if (anyMissing) {
      return Optional.empty(); // cannot tell for what was not found
    }
    return Optional.of(s.isSignatureIntact());
  }

  private static String serialHex(String serial) {
    try {
      return new java.math.BigInteger(serial).toString(16).toUpperCase(Locale.ROOT);
    } catch (NumberFormatException e) {
      return serial;
    }
  }

  /** The values of attribute {@code type} in an RFC 2253 name, unescaped; hexadecimal values decoded. */
  private static List<String> rdn(String dn, String type) {
    List<String> out = new ArrayList<>();
    if (dn == null || dn.isEmpty()) {
      return out;
    }
    try {
      for (javax.naming.ldap.Rdn r : new javax.naming.ldap.LdapName(dn).getRdns()) {
        if (r.getType().equalsIgnoreCase(type)) {
          Object v = r.getValue();
          if (v instanceof byte[] b) {
            v = org.bouncycastle.asn1.ASN1Primitive.fromByteArray(b) instanceof ASN1String str ? str.getString() : null;
          }
          if (v != null) {
            out.add(v.toString());
          }
        }
      }
      java.util.Collections.reverse(out); // LdapName lists the last RDN first
    } catch (javax.naming.InvalidNameException | java.io.IOException | RuntimeException e) {
      // an unreadable name gives no value
    }
    return out;
  }

  private static Optional<X509Certificate> parse(byte[] der) {
    if (der == null) {
      return Optional.empty();
    }
    try {
      return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der)));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static Optional<String> first(byte[] name, ASN1ObjectIdentifier oid) {
    return all(name, oid).stream().findFirst();
  }

  private static List<String> all(byte[] name, ASN1ObjectIdentifier oid) {
    List<String> out = new ArrayList<>();
    try {
      for (RDN rdn : X500Name.getInstance(name).getRDNs(oid)) {
        for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
          if (tv.getType().equals(oid)) {
            out.add(tv.getValue() instanceof ASN1String str ? str.getString() : tv.getValue().toString());
          }
        }
      }
    } catch (RuntimeException e) {
      // an unreadable name gives no value
    }
    return out;
  }

  private static Optional<OffsetDateTime> time(Date d) {
    return d == null ? Optional.empty() : Optional.of(OffsetDateTime.ofInstant(d.toInstant(), DssVerification.VN));
  }

  private static String why(String code) {
    return org.kyso.core.internal.verify.Messages.english("revocation.why." + code);
  }

  static String hex(byte[] b) {
    return HexFormat.of().withUpperCase().formatHex(b);
  }
}
