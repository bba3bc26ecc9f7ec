package org.kyso.core.devpki;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away public key infrastructure for demos and tests: a root CA, an issuing CA, and certificates for
 * people, organisations and timestamp authorities, made in memory with BouncyCastle. Never use it for real
 * documents: its keys are not protected and its CAs are trusted by nobody.
 *
 * <p>Certificates can carry CRL and OCSP addresses so that tests can run real revocation servers on loopback;
 * {@link #crl} issues the matching CRLs.
 */
public final class DevPki {
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What kind of key a certificate gets. */
  public enum KeyKind {
    RSA_2048,
    RSA_3072,
    EC_P256,
    EC_P384
  }

  /** A private key with its certificate and chain (signer first, root last). */
  public record Identity(PrivateKey privateKey, X509Certificate certificate, List<X509Certificate> chain) {
    public Identity {
      Objects.requireNonNull(privateKey, "privateKey");
      Objects.requireNonNull(certificate, "certificate");
      chain = List.copyOf(chain);
    }

    @Override
    public String toString() {
      return "Identity[" + certificate.getSubjectX500Principal().getName() + "]";
    }
  }

  private final Clock clock;
  private final Identity root;
  private final Identity issuingCa;
  private final URI crlUrl;
  private final URI ocspUrl;
  private final AtomicLong serials = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);

  private DevPki(Builder b) {
    this.clock = b.clock;
    this.crlUrl = b.crlUrl;
    this.ocspUrl = b.ocspUrl;
    Instant now = clock.instant();
    KeyPair rootKeys = generate(KeyKind.RSA_3072);
    X500Name rootName = b.rootSubject != null ? X500Name.getInstance(b.rootSubject.getEncoded())
        : name(Map.of(BCStyle.CN, b.name + " Root CA", BCStyle.O, b.name, BCStyle.C, "VN"));
    X509Certificate rootCert = build(rootName, rootKeys, rootName, rootKeys.getPrivate(), rootKeys.getPublic(),
        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), true, 1,
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign), null, null, null);
    this.root = new Identity(rootKeys.getPrivate(), rootCert, List.of(rootCert));
    KeyPair caKeys = generate(KeyKind.RSA_3072);
    X500Name caName = b.issuingCaSubject != null ? X500Name.getInstance(b.issuingCaSubject.getEncoded())
        : name(Map.of(BCStyle.CN, b.name + " Issuing CA", BCStyle.O, b.name, BCStyle.C, "VN"));
    X509Certificate caCert = build(caName, caKeys, rootName, rootKeys.getPrivate(), rootKeys.getPublic(),
        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3000)), true, 0,
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign), null, b.rootCrlUrl, null);
    this.issuingCa = new Identity(caKeys.getPrivate(), caCert, List.of(caCert, rootCert));
  }

  /** A PKI named "kyso Demo" with no revocation addresses, on the system clock. */
  public static DevPki create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Identity root() {
    return root;
  }

  public Identity issuingCa() {
    return issuingCa;
  }

  /** A person's signing certificate (digitalSignature + nonRepudiation), RSA-2048, valid two years. */
  public Identity person(String commonName) {
    return issue(CertificateSpec.person(commonName));
  }

  /** An organisation's signing certificate (the seal), RSA-2048, valid two years. */
  public Identity organisation(String organisationName) {
    return issue(CertificateSpec.organisation(organisationName));
  }

  /** A timestamp authority's certificate (critical extended key usage timeStamping). */
  public Identity timestampAuthority(String commonName) {
    return issue(CertificateSpec.timestampAuthority(commonName));
  }

  /** An OCSP responder certificate (extended key usage OCSPSigning) issued by the issuing CA. */
  public Identity ocspResponder(String commonName) {
    return issue(CertificateSpec.ocspResponder(commonName));
  }

  /** Issues a certificate from the issuing CA. */
  public Identity issue(CertificateSpec spec) {
    Objects.requireNonNull(spec, "spec");
    Instant now = clock.instant();
    KeyPair keys = generate(spec.keyKind());
    Instant from = spec.notBefore().orElse(now.minus(Duration.ofHours(1)));
    Instant to = spec.notAfter().orElse(now.plus(Duration.ofDays(730)));
    X500Name issuer = X500Name.getInstance(issuingCa.certificate().getSubjectX500Principal().getEncoded());
    X509Certificate cert = build(spec.subject(), keys, issuer, issuingCa.privateKey(),
        issuingCa.certificate().getPublicKey(), from, to, false, -1, new KeyUsage(spec.keyUsage()),
        spec.extendedKeyUsage(), crlUrl, ocspUrl);
    return new Identity(keys.getPrivate(), cert, List.of(cert, issuingCa.certificate(), root.certificate()));
  }

  /**
   * A CRL from the issuing CA (or the root, when {@code byRoot}) listing {@code revoked} serials with their
   * revocation times, valid from now to now + {@code validity}. DER-encoded.
   */
  public byte[] crl(boolean byRoot, Map<BigInteger, Instant> revoked, Duration validity) {
    Identity ca = byRoot ? root : issuingCa;
    Instant now = clock.instant();
    try {
      X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
      X509v2CRLBuilder b = new X509v2CRLBuilder(issuer, Date.from(now.minusSeconds(60)));
      b.setNextUpdate(Date.from(now.plus(validity)));
      for (Map.Entry<BigInteger, Instant> e : revoked.entrySet()) {
        b.addCRLEntry(e.getKey(), Date.from(e.getValue()), CRLReason.keyCompromise);
      }
      JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
      b.addExtension(Extension.authorityKeyIdentifier, false,
          u.createAuthorityKeyIdentifier(ca.certificate()));
      b.addExtension(Extension.cRLNumber, false,
          new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.valueOf(serials.incrementAndGet())));
      X509CRLHolder h = b.build(signer(ca.privateKey()));
      return h.getEncoded();
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build the CRL", e);
    }
  }

  /** Writes a PKCS#12 file holding the identity's key and chain under {@code alias}, atomically. */
  public static void writePkcs12(Identity id, String alias, char[] password, Path file) throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(alias, id.privateKey(), password, id.chain().toArray(new X509Certificate[0]));
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".kyso", ".p12.tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        ks.store(out, password);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the PKCS#12 file " + file, e);
    }
  }

  /** PEM text of a certificate. */
  public static String pem(X509Certificate c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
              .encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Generates a key pair of the given kind. */
  public static KeyPair generate(KeyKind kind) {
    try {
      KeyPairGenerator g;
      switch (kind) {
        case RSA_2048, RSA_3072 -> {
          g = KeyPairGenerator.getInstance("RSA");
          g.initialize(kind == KeyKind.RSA_2048 ? 2048 : 3072, RANDOM);
        }
        case EC_P256, EC_P384 -> {
          g = KeyPairGenerator.getInstance("EC");
          g.initialize(new ECGenParameterSpec(kind == KeyKind.EC_P256 ? "secp256r1" : "secp384r1"), RANDOM);
        }
        default -> throw new AssertionError(kind);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + kind + " key", e);
    }
  }

  static X500Name name(Map<org.bouncycastle.asn1.ASN1ObjectIdentifier, String> parts) {
    X500NameBuilder nb = new X500NameBuilder(BCStyle.INSTANCE);
    // stable order: C, O, OU, L, CN
    for (var oid : List.of(BCStyle.C, BCStyle.ST, BCStyle.L, BCStyle.O, BCStyle.OU, BCStyle.UID, BCStyle.CN)) {
      String v = parts.get(oid);
      if (v != null) {
        nb.addRDN(oid, v);
      }
    }
    return nb.build();
  }

  private X509Certificate build(X500Name subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey,
      java.security.PublicKey issuerPublic, Instant from, Instant to, boolean ca, int pathLen, KeyUsage usage,
      List<KeyPurposeId> eku, URI crl, URI ocsp) {
    try {
      X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
          BigInteger.valueOf(serials.incrementAndGet()).shiftLeft(16).add(BigInteger.valueOf(RANDOM.nextInt(65536))),
          Date.from(from), Date.from(to), subject, keys.getPublic());
      JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, ca ? (pathLen >= 0 ? new BasicConstraints(pathLen)
          : new BasicConstraints(true)) : new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, usage);
      b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(keys.getPublic()));
      b.addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(issuerPublic));
      if (eku != null && !eku.isEmpty()) {
        boolean critical = eku.contains(KeyPurposeId.id_kp_timeStamping);
        b.addExtension(Extension.extendedKeyUsage, critical,
            new ExtendedKeyUsage(eku.toArray(new KeyPurposeId[0])));
      }
      if (crl != null) {
        DistributionPoint dp = new DistributionPoint(new DistributionPointName(
            new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, crl.toString()))), null, null);
        b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {dp}));
      }
      if (ocsp != null) {
        b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
            new AccessDescription(AccessDescription.id_ad_ocsp,
                new GeneralName(GeneralName.uniformResourceIdentifier, ocsp.toString()))));
      }
      return new JcaX509CertificateConverter().getCertificate(b.build(signer(issuerKey)));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build the certificate " + subject, e);
    }
  }

  private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
    String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    return new JcaContentSignerBuilder(alg).setProvider(BC).build(key);
  }

  /** Builds a {@link DevPki}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private String name = "kyso Demo";
    private URI crlUrl;
    private URI rootCrlUrl;
    private URI ocspUrl;
    private javax.security.auth.x500.X500Principal rootSubject;
    private javax.security.auth.x500.X500Principal issuingCaSubject;

    private Builder() {}

    /**
     * The root's subject, exactly (e.g. a real root's, to test chain building to its name with a throw-away key);
     * by default "CN=&lt;name&gt; Root CA, O=&lt;name&gt;, C=VN".
     */
    public Builder rootSubject(javax.security.auth.x500.X500Principal subject) {
      this.rootSubject = Objects.requireNonNull(subject, "subject");
      return this;
    }

    /** The issuing CA's subject, exactly; by default "CN=&lt;name&gt; Issuing CA, O=&lt;name&gt;, C=VN". */
    public Builder issuingCaSubject(javax.security.auth.x500.X500Principal subject) {
      this.issuingCaSubject = Objects.requireNonNull(subject, "subject");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The organisation name of the CAs, e.g. "kyso Test". */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The CRL address put into end-entity certificates (the issuing CA's CRL). */
    public Builder crlUrl(URI url) {
      this.crlUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** The CRL address put into the issuing CA's certificate (the root's CRL). */
    public Builder rootCrlUrl(URI url) {
      this.rootCrlUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** The OCSP address put into end-entity certificates. */
    public Builder ocspUrl(URI url) {
      this.ocspUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    public DevPki build() {
      return new DevPki(this);
    }
  }

  /** Lists helpers. */
  static <T> List<T> listOf(T[] a) {
    return a == null ? List.of() : new ArrayList<>(List.of(a));
  }
}
