package org.kyso.core.internal.fast;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
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
 * Builds a detached CMS SignedData as PAdES baseline B needs it (ETSI EN 319 142-1, CAdES EN 319 122-1): signed
 * attributes content-type, message-digest and signing-certificate-v2, no signing-time attribute (PAdES carries the
 * claimed time in the signature dictionary's {@code /M}), the signer's certificate chain, one SignerInfo identified
 * by issuer and serial number.
 *
 * <p>One builder per signer and algorithm: everything that does not depend on the document (the encoded
 * certificates, the signing-certificate-v2 attribute, the signer identifier, the algorithm identifiers) is encoded
 * once, so that each signature costs a few array copies besides the key's work.
 *
 * <p>Two steps, so the key only sees a digest: {@link #signedAttributes} gives the DER bytes whose digest the key
 * signs ({@link #toBeSignedDigest}), {@link #signedData} assembles the result with the signature value.
 *
 * <p>Immutable and thread-safe.
 */
public final class CadesDetachedBuilder {
  /** id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14), DER-encoded. */
  private static final byte[] SIGNATURE_TIMESTAMP_OID =
      encode(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
  /** What the unsigned attribute adds around a timestamp token, at most (tags and lengths of four levels). */
  public static final int TIMESTAMP_OVERHEAD = 64;

  private final SignatureAlgorithm algorithm;
  private final byte[] contentTypeAttr;
  private final byte[] messageDigestAttrPrefix;
  private final byte[] signingCertAttr;
  private final byte[] certificates;
  private final byte[] signerId;
  private final byte[] digestAlgId;
  private final byte[] signatureAlgId;
  private final int estimatedSize;

  /**
   * @param chain the signer's certificate first, then its CAs (all are embedded)
   */
  public CadesDetachedBuilder(SignatureAlgorithm algorithm, List<X509Certificate> chain) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("The certificate chain is empty.");
    }
    try {
      byte[] signerDer = chain.get(0).getEncoded();
      Certificate signer = Certificate.getInstance(signerDer);
      contentTypeAttr = new Attribute(PKCSObjectIdentifiers.pkcs_9_at_contentType,
          new DERSet(CMSObjectIdentifiers.data)).getEncoded(ASN1Encoding.DER);
      signingCertAttr = new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
          new DERSet(signingCertificateV2(signer, signerDer))).getEncoded(ASN1Encoding.DER);
      // SEQUENCE { OID messageDigest, SET { OCTET STRING digest } } without the digest bytes
      byte[] oid = PKCSObjectIdentifiers.pkcs_9_at_messageDigest.getEncoded(ASN1Encoding.DER);
      int n = algorithm.digest().length();
      byte[] octet = concat(new byte[] {0x04}, length(n));
      byte[] set = concat(new byte[] {0x31}, length(octet.length + n), octet);
      messageDigestAttrPrefix = concat(new byte[] {0x30}, length(oid.length + set.length + n), oid, set);
      ByteArrayOutputStream certs = new ByteArrayOutputStream();
      for (X509Certificate c : chain) {
        certs.writeBytes(c.getEncoded());
      }
      certificates = certs.toByteArray();
      signerId = new IssuerAndSerialNumber(signer.getIssuer(), signer.getSerialNumber().getValue())
          .getEncoded(ASN1Encoding.DER);
      digestAlgId = digestId(algorithm.digest()).getEncoded(ASN1Encoding.DER);
      signatureAlgId = signatureId(algorithm).getEncoded(ASN1Encoding.DER);
    } catch (IOException | CertificateEncodingException e) {
      throw new IllegalArgumentException("The certificate chain cannot be encoded.", e);
    }
    // the signature value: RSA up to 8192 bits (1 KB) or ECDSA; the rest is known exactly
    estimatedSize = 512 + certificates.length + signerId.length + signingCertAttr.length + 1_100;
  }

  /** The signature algorithm this builder writes. */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /** An upper bound of the encoded size of {@link #signedData}, in bytes. */
  public int estimatedSize() {
    return estimatedSize;
  }

  /** The DER encoding of the signed attributes (a SET, as it is signed) for a content with this digest. */
  public byte[] signedAttributes(byte[] contentDigest) {
    if (contentDigest.length != algorithm.digest().length()) {
      throw new IllegalArgumentException("The content digest length does not match "
          + algorithm.digest().jcaName() + ".");
    }
    List<byte[]> attrs = new ArrayList<>(3);
    attrs.add(contentTypeAttr);
    attrs.add(concat(messageDigestAttrPrefix, contentDigest));
    attrs.add(signingCertAttr);
    // DER: the elements of a SET OF are sorted by their encodings
    attrs.sort(CadesDetachedBuilder::compareDer);
    int len = 0;
    for (byte[] a : attrs) {
      len += a.length;
    }
    return concat(new byte[] {0x31}, length(len), attrs.get(0), attrs.get(1), attrs.get(2));
  }

  /** The digest the key must sign: the algorithm's digest over the DER signed attributes. */
  public byte[] toBeSignedDigest(byte[] signedAttributes) {
    return digest(algorithm.digest(), signedAttributes);
  }

  /**
   * The encoded {@code ContentInfo} holding the SignedData.
   *
   * @param signedAttributes the bytes returned by {@link #signedAttributes}
   * @param signatureValue the key's signature over {@link #toBeSignedDigest}
   */
  public byte[] signedData(byte[] signedAttributes, byte[] signatureValue) {
    return signedData(signedAttributes, signatureValue, null);
  }

  /**
   * As {@link #signedData(byte[], byte[])}, with an RFC 3161 timestamp token over the signature value as the
   * unsigned attribute id-aa-signatureTimeStampToken (CAdES/PAdES baseline T).
   *
   * @param signatureTimestampToken the DER {@code ContentInfo} of the token, or null for none
   */
  public byte[] signedData(byte[] signedAttributes, byte[] signatureValue, byte[] signatureTimestampToken) {
    if (signedAttributes.length < 2 || signedAttributes[0] != 0x31) {
      throw new IllegalArgumentException("The signed attributes are not a DER SET.");
    }
    // [0] IMPLICIT: the SET's tag becomes 0xA0, its length and content stay
    byte[] implicitAttrs = signedAttributes.clone();
    implicitAttrs[0] = (byte) 0xA0;
    byte[] sigValue = concat(new byte[] {0x04}, length(signatureValue.length), signatureValue);
    byte[] signerInfo = signatureTimestampToken == null
        ? sequence(new byte[] {0x02, 0x01, 0x01}, signerId, digestAlgId, implicitAttrs, signatureAlgId, sigValue)
        : sequence(new byte[] {0x02, 0x01, 0x01}, signerId, digestAlgId, implicitAttrs, signatureAlgId, sigValue,
            // unsignedAttrs [1] IMPLICIT SET OF Attribute: one attribute, SEQUENCE { OID, SET { token } }
            tagged(0xA1, sequence(SIGNATURE_TIMESTAMP_OID, tagged(0x31, signatureTimestampToken))));
    byte[] signerInfos = tagged(0x31, signerInfo);
    byte[] digestAlgs = tagged(0x31, digestAlgId);
    byte[] encapContent = sequence(dataOid());
    byte[] certs = tagged(0xA0, certificates);
    byte[] signedData = sequence(new byte[] {0x02, 0x01, 0x01}, digestAlgs, encapContent, certs, signerInfos);
    return sequence(signedDataOid(), tagged(0xA0, signedData));
  }

  private static byte[] dataOid() {
    return encode(CMSObjectIdentifiers.data);
  }

  private static byte[] signedDataOid() {
    return encode(CMSObjectIdentifiers.signedData);
  }

  private static byte[] encode(ASN1ObjectIdentifier oid) {
    try {
      return oid.getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SigningCertificateV2 signingCertificateV2(Certificate cert, byte[] encoded) {
    byte[] hash = digest(DigestAlgorithm.SHA256, encoded);
    IssuerSerial issuerSerial = new IssuerSerial(
        new GeneralNames(new GeneralName(X500Name.getInstance(cert.getIssuer()))),
        new ASN1Integer(cert.getSerialNumber().getValue()));
    // SHA-256 is the default hash of ESSCertIDv2, so BouncyCastle leaves its identifier out of the encoding
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

  // --- minimal DER assembly of pre-encoded parts

  private static byte[] sequence(byte[]... parts) {
    return tagged(0x30, parts);
  }

  private static byte[] tagged(int tag, byte[]... parts) {
    int len = 0;
    for (byte[] p : parts) {
      len += p.length;
    }
    byte[] l = length(len);
    byte[] out = new byte[1 + l.length + len];
    out[0] = (byte) tag;
    System.arraycopy(l, 0, out, 1, l.length);
    int pos = 1 + l.length;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  static byte[] length(int len) {
    if (len < 0x80) {
      return new byte[] {(byte) len};
    }
    if (len < 0x100) {
      return new byte[] {(byte) 0x81, (byte) len};
    }
    if (len < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len};
    }
    if (len < 0x1000000) {
      return new byte[] {(byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
    }
    return new byte[] {(byte) 0x84, (byte) (len >> 24), (byte) (len >> 16), (byte) (len >> 8), (byte) len};
  }

  private static byte[] concat(byte[]... parts) {
    int len = 0;
    for (byte[] p : parts) {
      len += p.length;
    }
    byte[] out = new byte[len];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  /** DER order of SET OF elements: unsigned byte comparison, a shorter prefix first. */
  static int compareDer(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int c = (a[i] & 0xFF) - (b[i] & 0xFF);
      if (c != 0) {
        return c;
      }
    }
    return a.length - b.length;
  }
}
