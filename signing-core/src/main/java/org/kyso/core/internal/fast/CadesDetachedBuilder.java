package org.kyso.core.internal.fast;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DLSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.SignatureAlgorithm;

/**
 * Builds a detached CMS SignedData (CAdES baseline B as PAdES baseline B needs it, ETSI EN 319 122-1 and EN 319
 * 142-1) directly from ASN.1: signed attributes content-type, message-digest and signing-certificate-v2, no
 * signing-time attribute (PAdES carries the claimed time in the signature dictionary's {@code /M}), the signer's
 * certificate chain, one SignerInfo identified by issuer and serial number.
 *
 * <p>Two steps, so the key only sees a digest: {@link #signedAttributes} gives the DER bytes whose digest the key
 * signs ({@link #toBeSignedDigest}), {@link #signedData} assembles the result with the signature value.
 *
 * <p>Stateless and thread-safe.
 */
public final class CadesDetachedBuilder {
  private CadesDetachedBuilder() {}

  /**
   * The DER encoding of the signed attributes (a SET, as it is signed) for a content whose digest is
   * {@code contentDigest}.
   */
  public static byte[] signedAttributes(DigestAlgorithm digest, byte[] contentDigest, X509Certificate signer) {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(signer, "signer");
    if (contentDigest.length != digest.length()) {
      throw new IllegalArgumentException("The content digest length does not match " + digest.jcaName() + ".");
    }
    try {
      ASN1EncodableVector attrs = new ASN1EncodableVector(3);
      attrs.add(new Attribute(PKCSObjectIdentifiers.pkcs_9_at_contentType, new DERSet(CMSObjectIdentifiers.data)));
      attrs.add(new Attribute(PKCSObjectIdentifiers.pkcs_9_at_messageDigest,
          new DERSet(new DEROctetString(contentDigest))));
      attrs.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
          new DERSet(signingCertificateV2(signer))));
      return new DERSet(attrs).getEncoded(ASN1Encoding.DER);
    } catch (IOException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the signed attributes", e);
    }
  }

  /** The digest the key must sign: {@code algorithm.digest()} over the DER signed attributes. */
  public static byte[] toBeSignedDigest(SignatureAlgorithm algorithm, byte[] signedAttributes) {
    return digest(algorithm.digest(), signedAttributes);
  }

  /**
   * The encoded {@code ContentInfo} holding the SignedData.
   *
   * @param signedAttributes the bytes returned by {@link #signedAttributes}
   * @param signatureValue the key's signature over {@link #toBeSignedDigest}
   * @param chain the signer's certificate first, then its CAs (all are embedded)
   */
  public static byte[] signedData(SignatureAlgorithm algorithm, byte[] signedAttributes, byte[] signatureValue,
      List<X509Certificate> chain) {
    Objects.requireNonNull(algorithm, "algorithm");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("The certificate chain is empty.");
    }
    try {
      X509Certificate signer = chain.get(0);
      AlgorithmIdentifier digestId = digestId(algorithm.digest());
      ASN1Set attrs = (ASN1Set) ASN1Primitive.fromByteArray(signedAttributes);
      Certificate signerCert = Certificate.getInstance(signer.getEncoded());
      SignerIdentifier sid = new SignerIdentifier(
          new IssuerAndSerialNumber(signerCert.getIssuer(), signerCert.getSerialNumber().getValue()));
      SignerInfo info = new SignerInfo(sid, digestId, attrs, signatureId(algorithm),
          new DEROctetString(signatureValue), null);
      ASN1EncodableVector certs = new ASN1EncodableVector(chain.size());
      for (X509Certificate c : chain) {
        certs.add(Certificate.getInstance(c.getEncoded()));
      }
      SignedData sd = new SignedData(new DERSet(digestId), new ContentInfo(CMSObjectIdentifiers.data, null),
          new DLSet(certs), null, new DERSet(info));
      return new ContentInfo(CMSObjectIdentifiers.signedData, sd).getEncoded(ASN1Encoding.DER);
    } catch (IOException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode the CMS signature", e);
    }
  }

  /** A generous upper bound of the encoded size of {@link #signedData} for this chain, in bytes. */
  public static int estimateSize(List<X509Certificate> chain) {
    int size = 2_048;
    for (X509Certificate c : chain) {
      try {
        size += c.getEncoded().length + 16;
      } catch (CertificateEncodingException e) {
        size += 4_096;
      }
    }
    // the signature value: RSA up to 8192 bits or ECDSA
    return size + 1_100;
  }

  private static ASN1Encodable signingCertificateV2(X509Certificate signer) throws CertificateEncodingException {
    byte[] encoded = signer.getEncoded();
    Certificate cert = Certificate.getInstance(encoded);
    byte[] hash = digest(DigestAlgorithm.SHA256, encoded);
    IssuerSerial issuerSerial = new IssuerSerial(
        new GeneralNames(new GeneralName(X500Name.getInstance(cert.getIssuer()))),
        cert.getSerialNumber());
    // SHA-256 is the default hash of ESSCertIDv2, so the algorithm identifier is left out of the encoding
    ESSCertIDv2 id = new ESSCertIDv2(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), hash, issuerSerial);
    return new SigningCertificateV2(new ESSCertIDv2[] {id});
  }

  static AlgorithmIdentifier digestId(DigestAlgorithm d) {
    return new AlgorithmIdentifier(new ASN1ObjectIdentifier(d.oid()));
  }

  static AlgorithmIdentifier signatureId(SignatureAlgorithm a) {
    return switch (a.keyType()) {
      case RSA -> {
        if (!a.pss()) {
          yield new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
        }
        AlgorithmIdentifier h = digestId(a.digest());
        RSASSAPSSparams params = new RSASSAPSSparams(h,
            new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, h),
            new ASN1Integer(a.digest().length()), new ASN1Integer(1));
        yield new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, params);
      }
      case EC -> new AlgorithmIdentifier(switch (a.digest()) {
        case SHA256 -> X9ObjectIdentifiers.ecdsa_with_SHA256;
        case SHA384 -> X9ObjectIdentifiers.ecdsa_with_SHA384;
        case SHA512 -> X9ObjectIdentifiers.ecdsa_with_SHA512;
      });
    };
  }

  static byte[] digest(DigestAlgorithm d, byte[] data) {
    try {
      return MessageDigest.getInstance(d.jcaName()).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(d.jcaName() + " is not available", e);
    }
  }
}
