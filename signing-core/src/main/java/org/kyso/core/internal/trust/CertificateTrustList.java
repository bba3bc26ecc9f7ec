package org.kyso.core.internal.trust;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;

/**
 * A Microsoft certificate trust list ({@code .ctl}: CMS SignedData whose content, of type
 * {@code 1.3.6.1.4.1.311.10.1}, lists trusted subjects by hash), as the government CA publishes its list at
 * {@code http://ca.gov.vn/pki/pub/ctl/gca.ctl}. {@link #read} accepts a list only when its CMS signature verifies
 * and the signer's certificate is, or chains to, one of the given pinned certificates; it returns the CA
 * certificates carried in the list whose hash the signed content names.
 */
public final class CertificateTrustList {
  /** szOID_CTL. */
  public static final ASN1ObjectIdentifier CTL = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.10.1");
  /** CERT_ENCODED property of a trusted subject (the certificate itself), as some lists carry it. */
  private static final ASN1ObjectIdentifier ENCODED_CERT = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.10.11.32");

  private CertificateTrustList() {}

  /** What a verified list gave: the certificates it names, and the pinned certificate it chained to. */
  public record Verified(List<X509Certificate> certificates, X509Certificate signer, X509Certificate pinnedAnchor,
      Date thisUpdate) {}

  /**
   * Verifies and reads a list.
   *
   * @param pinned certificates whose fingerprints kyso pins (already checked by the caller)
   * @throws IllegalArgumentException with a one-line reason if the list is not a CTL, its signature does not
   *     verify, or its signer does not chain to a pinned certificate
   */
  public static Verified read(byte[] der, Collection<X509Certificate> pinned) {
    CMSSignedData cms;
    try {
      cms = new CMSSignedData(der);
    } catch (Exception e) {
      throw new IllegalArgumentException("it is not a CMS signed list");
    }
    if (!CTL.getId().equals(cms.getSignedContentTypeOID()) || cms.getSignedContent() == null) {
      throw new IllegalArgumentException("it is not a certificate trust list");
    }
    List<X509Certificate> carried = new ArrayList<>();
    for (Object h : cms.getCertificates().getMatches(null)) {
      carried.add(convert((X509CertificateHolder) h));
    }
    byte[] content = (byte[]) cms.getSignedContent().getContent();
    ASN1Sequence ctl = ASN1Sequence.getInstance(content);
    int i = 0;
    if (ctl.getObjectAt(i) instanceof ASN1Integer) {
      i++; // version
    }
    i++; // subjectUsage
    if (ctl.getObjectAt(i) instanceof ASN1OctetString) {
      i++; // listIdentifier
    }
    if (ctl.getObjectAt(i) instanceof ASN1Integer) {
      i++; // sequenceNumber
    }
    Date thisUpdate = time(ctl.getObjectAt(i++));
    ASN1Encodable next = ctl.getObjectAt(i);
    if (next instanceof ASN1UTCTime || next instanceof ASN1GeneralizedTime) {
      i++; // nextUpdate
    }
    AlgorithmIdentifier subjectAlgorithm = AlgorithmIdentifier.getInstance(ctl.getObjectAt(i++));
    Set<String> listed = new HashSet<>();
    if (i < ctl.size() && !(ctl.getObjectAt(i) instanceof ASN1TaggedObject)) {
      for (ASN1Encodable e : ASN1Sequence.getInstance(ctl.getObjectAt(i))) {
        ASN1Sequence subject = ASN1Sequence.getInstance(e);
        listed.add(hex(ASN1OctetString.getInstance(subject.getObjectAt(0)).getOctets()));
        if (subject.size() > 1) {
          for (ASN1Encodable a : ASN1Set.getInstance(subject.getObjectAt(1))) {
            ASN1Sequence attr = ASN1Sequence.getInstance(a);
            if (ENCODED_CERT.equals(attr.getObjectAt(0))) {
              for (ASN1Encodable v : ASN1Set.getInstance(attr.getObjectAt(1))) {
                try {
                  carried.add(parse(ASN1OctetString.getInstance(v).getOctets()));
                } catch (RuntimeException ignored) {
                  // a property kyso cannot read is skipped; the certificate may be carried in the CMS too
                }
              }
            }
          }
        }
      }
    }
    // the signature, by a certificate that is or chains to a pinned one
    Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("it is not signed");
    }
    for (SignerInformation si : signers) {
      List<X509Certificate> candidates = new ArrayList<>(carried);
      candidates.addAll(pinned);
      for (X509Certificate c : candidates) {
        if (!si.getSID().match(holder(c))) {
          continue;
        }
        boolean ok;
        try {
          ok = si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(c));
        } catch (Exception e) {
          ok = false;
        }
        if (!ok) {
          throw new IllegalArgumentException("its signature does not verify");
        }
        X509Certificate anchor = pinnedAnchor(c, carried, pinned, thisUpdate);
        if (anchor == null) {
          throw new IllegalArgumentException("it is signed by " + c.getSubjectX500Principal().getName()
              + ", which does not chain to a certificate pinned in kyso");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (X509Certificate x : carried) {
          if (listed.contains(hex(digest(subjectAlgorithm, x))) && x.getBasicConstraints() >= 0
              && out.stream().noneMatch(y -> y.equals(x))) {
            out.add(x);
          }
        }
        return new Verified(out, c, anchor, thisUpdate);
      }
    }
    throw new IllegalArgumentException("the certificate that signed it is not in the list or among the pinned ones");
  }

  /** The pinned certificate {@code c} is or chains to (through CA certificates, at most four steps), or null. */
  private static X509Certificate pinnedAnchor(X509Certificate c, List<X509Certificate> carried,
      Collection<X509Certificate> pinned, Date at) {
    X509Certificate cur = c;
    for (int depth = 0; depth < 5; depth++) {
      for (X509Certificate p : pinned) {
        if (Arrays.equals(encoded(p), encoded(cur))) {
          return p;
        }
      }
      try {
        cur.checkValidity(at);
      } catch (Exception e) {
        return null;
      }
      X509Certificate issuer = null;
      List<X509Certificate> all = new ArrayList<>(pinned);
      all.addAll(carried);
      for (X509Certificate cand : all) {
        if (cand.getSubjectX500Principal().equals(cur.getIssuerX500Principal()) && cand.getBasicConstraints() >= 0
            && !Arrays.equals(encoded(cand), encoded(cur))) {
          try {
            cur.verify(cand.getPublicKey());
            issuer = cand;
            break;
          } catch (Exception e) {
            // not this one
          }
        }
      }
      if (issuer == null) {
        return null;
      }
      cur = issuer;
    }
    return null;
  }

  private static byte[] digest(AlgorithmIdentifier alg, X509Certificate c) {
    String name = alg.getAlgorithm().getId().equals("2.16.840.1.101.3.4.2.1") ? "SHA-256"
        : alg.getAlgorithm().getId().equals("2.16.840.1.101.3.4.2.2") ? "SHA-384"
        : alg.getAlgorithm().getId().equals("2.16.840.1.101.3.4.2.3") ? "SHA-512"
        : alg.getAlgorithm().getId().equals("1.2.840.113549.2.5") ? "MD5" : "SHA-1";
    try {
      return MessageDigest.getInstance(name).digest(c.getEncoded());
    } catch (Exception e) {
      throw new IllegalStateException(name + " is not available", e);
    }
  }

  private static Date time(ASN1Encodable t) {
    try {
      if (t instanceof ASN1UTCTime u) {
        return u.getAdjustedDate();
      }
      return ASN1GeneralizedTime.getInstance(t).getDate();
    } catch (Exception e) {
      throw new IllegalArgumentException("its issue time cannot be read");
    }
  }

  private static X509CertificateHolder holder(X509Certificate c) {
    try {
      return new X509CertificateHolder(c.getEncoded());
    } catch (Exception e) {
      throw new IllegalArgumentException("a certificate cannot be encoded");
    }
  }

  private static X509Certificate convert(X509CertificateHolder h) {
    try {
      return new JcaX509CertificateConverter().getCertificate(h);
    } catch (Exception e) {
      throw new IllegalArgumentException("a certificate in the list cannot be read");
    }
  }

  private static X509Certificate parse(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    } catch (Exception e) {
      throw new IllegalArgumentException("a certificate in the list cannot be read");
    }
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (Exception e) {
      return new byte[0];
    }
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().withUpperCase().formatHex(b);
  }

}
