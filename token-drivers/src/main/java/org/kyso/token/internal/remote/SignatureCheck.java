package org.kyso.token.internal.remote;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.TokenException;
import org.kyso.core.TokenException.Reason;
import org.kyso.core.internal.EcdsaValues;
import org.kyso.core.internal.KeyTypes;
import org.kyso.token.internal.Der;

/**
 * Checks a signature value a remote service returned before kyso uses it: it must verify over the digest kyso sent
 * with the certificate kyso signs under. A raw value (RSA PKCS#1, ECDSA DER or {@code r||s}) is verified directly.
 * A CMS (PKCS#7 SignedData) is accepted when its signer is that certificate and its signature covers that digest:
 * without signed attributes its value is the raw signature kyso needs; with signed attributes its
 * {@code messageDigest} must be the digest sent and the signature must verify, but such a CMS cannot be reused
 * inside kyso's own signature and is refused with a clear message.
 */
public final class SignatureCheck {
  private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";

  private SignatureCheck() {}

  /**
   * Returns the value to put in the signature (RSA PKCS#1 block, ECDSA DER).
   *
   * @throws TokenException {@code FAILED} if it does not verify or names another signer; {@code UNSUPPORTED} for a CMS
   *     with signed attributes
   */
  public static byte[] check(X509Certificate cert, SignatureAlgorithm alg, byte[] digest, byte[] value, String service)
      throws TokenException {
    if (looksLikeCms(value)) {
      value = fromCms(cert, alg, digest, value, service);
    } else if (alg.keyType() == SignatureAlgorithm.KeyType.EC) {
      int fieldBytes = KeyTypes.ecIntegerBytes(cert.getPublicKey());
      try {
        value = EcdsaValues.toDer(value, fieldBytes);
      } catch (IllegalArgumentException e) {
        throw new TokenException(Reason.FAILED, service + " returned an ECDSA signature of unexpected length.", e);
      }
    }
    if (!verifies(cert.getPublicKey(), alg, digest, value)) {
      throw new TokenException(Reason.FAILED, service + " returned a signature that does not verify with the"
          + " certificate of " + cert.getSubjectX500Principal().getName() + " over the digest kyso sent: nothing was"
          + " written.");
    }
    return value;
  }

  /**
   * Checks a complete CMS a service returned for {@code digest}: one signer, whose certificate is in the CMS (and is
   * {@code expected} when the service named one beforehand), a {@code messageDigest} equal to the digest sent, and a
   * signature that verifies over the signed attributes. Returns the CMS unchanged.
   *
   * @throws TokenException {@code FAILED} if any check fails
   */
  public static byte[] checkCms(X509Certificate expected, byte[] digest, byte[] cms, String service)
      throws TokenException {
    CMSSignedData sd = parse(cms, service);
    SignerInformation si = onlySigner(sd, service);
    X509Certificate cert = null;
    try {
      for (Object o : sd.getCertificates().getMatches(si.getSID())) {
        cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
            .getCertificate((X509CertificateHolder) o);
        break;
      }
    } catch (java.security.cert.CertificateException e) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS whose certificate cannot be read.", e);
    }
    if (cert == null) {
      if (expected == null) {
        throw new TokenException(Reason.FAILED, service + " returned a CMS without its signer's certificate.");
      }
      cert = expected;
    }
    if (expected != null && !expected.equals(cert)) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS signed by another certificate than "
          + expected.getSubjectX500Principal().getName() + ": nothing was written.");
    }
    AttributeTable attrs = si.getSignedAttributes();
    Attribute md = attrs == null ? null : attrs.get(CMSAttributes.messageDigest);
    byte[] got = md == null ? null : ASN1OctetString.getInstance(md.getAttrValues().getObjectAt(0)).getOctets();
    if (got == null || !MessageDigest.isEqual(got, digest)) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS over another digest than the one kyso sent:"
          + " nothing was written.");
    }
    org.kyso.core.DigestAlgorithm digestAlg = null;
    for (org.kyso.core.DigestAlgorithm d : org.kyso.core.DigestAlgorithm.values()) {
      if (d.oid().equals(si.getDigestAlgOID())) {
        digestAlg = d;
      }
    }
    if (digestAlg == null) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS with an unsupported digest algorithm "
          + si.getDigestAlgOID() + ".");
    }
    SignatureAlgorithm alg = SignatureAlgorithm.of(KeyTypes.of(cert), digestAlg, false);
    byte[] signedAttrs;
    try {
      signedAttrs = si.getEncodedSignedAttributes();
    } catch (java.io.IOException e) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS whose signed attributes cannot be read.", e);
    }
    if (RSASSA_PSS.equals(si.getEncryptionAlgOID())) {
      throw new TokenException(Reason.UNSUPPORTED, service + " returned an RSASSA-PSS CMS, which kyso does not check"
          + " yet.");
    }
    if (!verifies(cert.getPublicKey(), alg, digestAlg.digest(signedAttrs), si.getSignature())) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS whose signature does not verify with the"
          + " certificate of " + cert.getSubjectX500Principal().getName() + ": nothing was written.");
    }
    return cms;
  }

  private static CMSSignedData parse(byte[] cms, String service) throws TokenException {
    try {
      return new CMSSignedData(cms);
    } catch (Exception e) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS signature that cannot be read.", e);
    }
  }

  /** The one signer of {@code sd}; a CMS with none or several is refused. */
  private static SignerInformation onlySigner(CMSSignedData sd, String service) throws TokenException {
    Collection<SignerInformation> signers = sd.getSignerInfos().getSigners();
    if (signers.size() != 1) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS with " + signers.size()
          + " signers instead of one.");
    }
    return signers.iterator().next();
  }

  /** True when the value parses as a CMS ContentInfo (SEQUENCE starting with the signedData OID). */
  static boolean looksLikeCms(byte[] v) {
    // 30 len 06 09 2A 86 48 86 F7 0D 01 07 02
    byte[] oid = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x07, 0x02};
    if (v.length < 16 || v[0] != 0x30) {
      return false;
    }
    int pos = 1;
    int l = v[pos] & 0xFF;
    pos += l < 0x80 ? 1 : 1 + (l & 0x7F);
    return pos + oid.length <= v.length && Arrays.equals(Arrays.copyOfRange(v, pos, pos + oid.length), oid);
  }

  private static byte[] fromCms(X509Certificate cert, SignatureAlgorithm alg, byte[] digest, byte[] cms, String service)
      throws TokenException {
    CMSSignedData sd = parse(cms, service);
    SignerInformation si = onlySigner(sd, service);
    X509CertificateHolder holder;
    try {
      holder = new X509CertificateHolder(cert.getEncoded());
    } catch (Exception e) {
      throw new TokenException(Reason.FAILED, "The signer's certificate cannot be encoded.", e);
    }
    if (!si.getSID().match(holder)) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS signed by another certificate than "
          + cert.getSubjectX500Principal().getName() + ": nothing was written.");
    }
    AttributeTable attrs = si.getSignedAttributes();
    if (attrs == null) {
      return si.getSignature(); // signature over DigestInfo(digest): checked by the caller
    }
    Attribute md = attrs.get(CMSAttributes.messageDigest);
    byte[] got = md == null ? null : ASN1OctetString.getInstance(md.getAttrValues().getObjectAt(0)).getOctets();
    if (got == null || !MessageDigest.isEqual(got, digest)) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS over another digest than the one kyso sent:"
          + " nothing was written.");
    }
    byte[] signedAttrs;
    try {
      signedAttrs = si.getEncodedSignedAttributes();
    } catch (java.io.IOException e) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS whose signed attributes cannot be read.", e);
    }
    byte[] attrsDigest = alg.digest().digest(signedAttrs);
    byte[] sig = si.getSignature();
    if (alg.keyType() == SignatureAlgorithm.KeyType.EC) {
      sig = EcdsaValues.isDer(sig) ? sig : EcdsaValues.rawToDer(sig);
    }
    if (!verifies(cert.getPublicKey(), alg, attrsDigest, sig)) {
      throw new TokenException(Reason.FAILED, service + " returned a CMS whose signature does not verify with the"
          + " certificate of " + cert.getSubjectX500Principal().getName() + ": nothing was written.");
    }
    throw new TokenException(Reason.UNSUPPORTED, service + " returned a complete CMS signature with its own signed"
        + " attributes (it checks out: right signer, right digest); kyso cannot put such a CMS inside its PAdES or"
        + " XAdES signature. Add signature=cms to the key (kyso then sends the document digest and embeds the"
        + " provider's CMS in PDFs) or ask the provider for raw signature values.");
  }

  /** Verifies a raw value over a digest: RSA PKCS#1 v1.5 over DigestInfo, ECDSA over the digest; not PSS. */
  static boolean verifies(PublicKey key, SignatureAlgorithm alg, byte[] digest, byte[] value) {
    try {
      if (alg.pss()) {
        return true; // the format modules verify PSS values when they complete
      }
      if (alg.keyType() == SignatureAlgorithm.KeyType.EC) {
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initVerify(key);
        s.update(digest);
        return s.verify(value);
      }
      Signature s = Signature.getInstance("NONEwithRSA");
      s.initVerify(key);
      s.update(digestInfo(alg, digest));
      return s.verify(value);
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  private static byte[] digestInfo(SignatureAlgorithm alg, byte[] digest) throws java.io.IOException {
    return new org.bouncycastle.asn1.x509.DigestInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(
        new ASN1ObjectIdentifier(alg.digest().oid()), org.bouncycastle.asn1.DERNull.INSTANCE), digest)
        .getEncoded("DER");
  }
}
