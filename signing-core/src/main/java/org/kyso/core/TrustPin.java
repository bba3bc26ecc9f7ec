package org.kyso.core;

import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A CA certificate kyso knows by the SHA-256 fingerprint of its DER encoding, with the official address it is
 * published at. {@code kyso trust update} downloads from these addresses and installs a certificate only when its
 * fingerprint is the pinned one.
 *
 * @param name the certificate's name as the CA publishes it
 * @param sha256 the SHA-256 of the DER certificate, upper-case hexadecimal
 * @param url the official address, when there is one kyso downloads from
 * @param profile {@link TrustProfile#VN_GOV} or {@link TrustProfile#VN_PUBLIC}
 * @param provenance where the fingerprint comes from
 */
public record TrustPin(String name, String sha256, Optional<URI> url, TrustProfile profile, String provenance) {
  private static final String PUBLISHED = "published by the CA; matches copies in public repositories";

  // cpcag2.crt is the issuer address (AIA) written in the tax authority's certificates.
  // The fingerprints of the government CA (Ban Cơ yếu Chính phủ) and of the national root CA (NEAC), as the CAs and
  // public code that pins them publish them; each was checked against certificates found in public repositories
  // (their chains verified with OpenSSL). The MIC root has no published fingerprint: two independent public copies
  // agree, and ten licensed CAs' certificates verify against it.
  private static final List<TrustPin> ALL = List.of(
      new TrustPin("Co quan chung thuc so chuyen dung Chinh phu (RootCA), G1",
          "F7BC89054CEC7F12730D7B8CD3EB7955B163835087E5EB873EDFB584763B3F90",
          Optional.of(URI.create("http://ca.gov.vn/pki/pub/cert/rootca.crt")), TrustProfile.VN_GOV, PUBLISHED),
      new TrustPin("Co quan chung thuc so Chinh phu (G1 signing sub-CA)",
          "75E969C07BA35C29C72BBC1BFB880F20F3891A619B00B77EB02CA6160736A1FE",
          Optional.of(URI.create("http://ca.gov.vn/pki/pub/cert/cp.crt")), TrustProfile.VN_GOV, PUBLISHED),
      new TrustPin("RootCA chuyên dùng Chính phủ G2",
          "F04BA4B459A7C9A1B971AD9B1CB833E695A80C79AEA63B174B66A70EDFE2FDB8",
          Optional.of(URI.create("http://ca.gov.vn/pki/pub/crt/rootcag2.crt")), TrustProfile.VN_GOV, PUBLISHED),
      new TrustPin("CA phục vụ các cơ quan Nhà nước G2",
          "D8CAB7A4AEF92E6BB2509D7C61CEE7B44F3731B2D21074963530277B366FAE4B",
          Optional.of(URI.create("http://ca.gov.vn/pki/pub/crt/cpcag2.crt")), TrustProfile.VN_GOV, PUBLISHED),
      new TrustPin("CA phục vụ các cơ quan Đảng G2",
          "E4B402E3CB4CACC0A20D21FA49BCE76BEB4EB47BA7FFB7A8F71C554DBE561A81",
          Optional.empty(), TrustProfile.VN_GOV, PUBLISHED + "; no official download address known: install it with"
              + " kyso trust import"),
      new TrustPin("Vietnam National Root CA (SHA-256)",
          "BAC8BF609AB420A8EE1780D74F4DE5C7F7184959D2A7375B0A75E4C29F0908E7",
          Optional.of(URI.create("https://rootca.gov.vn/crt/vnrca256.p7b")), TrustProfile.VN_PUBLIC, PUBLISHED),
      new TrustPin("MIC National Root CA (SHA-1 generation)",
          "CA918D635BB130BEC97639E6AABF7EDBC4EB1310F8058B9419F467AE0230AD8C",
          Optional.of(URI.create("https://rootca.gov.vn/crt/micnrca.crt")), TrustProfile.VN_PUBLIC,
          "no published fingerprint; two independent public copies agree and the licensed CAs' SHA-1 certificates"
              + " verify against it"));

  public TrustPin {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(provenance, "provenance");
    sha256 = sha256.toUpperCase(Locale.ROOT);
    if (!sha256.matches("[0-9A-F]{64}")) {
      throw new IllegalArgumentException("A SHA-256 fingerprint is 64 hexadecimal digits: " + sha256);
    }
    if (profile == TrustProfile.VN) {
      throw new IllegalArgumentException("A pin belongs to vn-gov or vn-public.");
    }
  }

  /** Every pin kyso ships, government CA first. */
  public static List<TrustPin> all() {
    return ALL;
  }

  /** The pin with this fingerprint (hexadecimal, any case, colons allowed). */
  public static Optional<TrustPin> bySha256(String fingerprint) {
    String f = normalise(fingerprint);
    return ALL.stream().filter(p -> p.sha256.equals(f)).findFirst();
  }

  /** A fingerprint as kyso writes it: upper-case hexadecimal without separators. */
  public static String normalise(String fingerprint) {
    return fingerprint.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
  }

  /** The SHA-256 fingerprint of a certificate, upper-case hexadecimal. */
  public static String sha256(java.security.cert.X509Certificate certificate) {
    try {
      return HexFormat.of().withUpperCase().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(certificate.getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The fingerprint grouped in pairs with colons, as certificate viewers show it. */
  public static String colons(String sha256) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < sha256.length(); i += 2) {
      if (i > 0) {
        b.append(':');
      }
      b.append(sha256, i, Math.min(i + 2, sha256.length()));
    }
    return b.toString();
  }
}
