package org.kyso.core.internal.tsp;

import java.nio.ByteBuffer;
import java.security.Provider;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.kyso.core.TrustAnchors;

/** Checks on a timestamp token's signer: the TSA certificate, its usage, the signature, and its chain. */
public final class TsaCertificates {
  /** A provider instance, never registered globally: RSA-PSS and EC names resolve the same on every JDK. */
  private static final Provider BC = org.kyso.core.internal.BouncyCastle.provider();

  private TsaCertificates() {}

  /** What is wrong with a token. */
  public enum Kind {
    /** The TSA certificate is neither in the token nor among the certificates given. */
    NO_CERTIFICATE,
    /** The TSA certificate lacks the critical timeStamping extended key usage. */
    USAGE,
    /** The TSA certificate was not valid at the token's time. */
    VALIDITY,
    /** The token's signature does not verify. */
    SIGNATURE,
    /** The TSA certificate does not chain to a trust anchor. */
    UNTRUSTED
  }

  /** The token is not acceptable; the message is a short reason. */
  public static final class BadToken extends Exception {
    private static final long serialVersionUID = 1L;
    private final Kind kind;

    BadToken(Kind kind, String message) {
      super(message, null, false, false);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }

  /** The certificate that signed the token, taken from the token itself. */
  public static X509CertificateHolder signerCertificate(TimeStampToken token) throws BadToken {
    return signerCertificate(token, List.of());
  }

  /** The certificate that signed the token, from the token or else from {@code known}. */
  public static X509CertificateHolder signerCertificate(TimeStampToken token, Collection<X509Certificate> known)
      throws BadToken {
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
    if (!matches.isEmpty()) {
      return matches.iterator().next();
    }
    for (X509Certificate c : known) {
      try {
        X509CertificateHolder h = new org.bouncycastle.cert.jcajce.JcaX509CertificateHolder(c);
        if (token.getSID().match(h)) {
          return h;
        }
      } catch (java.security.cert.CertificateEncodingException e) {
        // skip it
      }
    }
    throw new BadToken(Kind.NO_CERTIFICATE, "the token does not include the TSA certificate");
  }

  /**
   * Checks that the TSA certificate in the token has the critical timeStamping extended key usage (RFC 3161
   * section 2.3), was valid at the token's time, and that the token's signature verifies with it.
   *
   * @return the TSA certificate
   */
  public static X509Certificate verifyToken(TimeStampToken token) throws BadToken {
    return verifyToken(token, signerCertificate(token));
  }

  /** As {@link #verifyToken(TimeStampToken)}, with the TSA certificate given. */
  public static X509Certificate verifyToken(TimeStampToken token, X509CertificateHolder holder) throws BadToken {
    checkUsage(holder);
    checkValidity(token, holder);
    SignerInformationVerifier verifier;
    try {
      verifier = new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(holder);
    } catch (org.bouncycastle.operator.OperatorCreationException | java.security.cert.CertificateException
        | RuntimeException e) {
      throw new BadToken(Kind.SIGNATURE, "the token's signature does not verify with the TSA certificate");
    }
    checkSignature(token, verifier);
    try {
      return certificate(holder);
    } catch (java.security.cert.CertificateException e) {
      throw new BadToken(Kind.NO_CERTIFICATE, "the TSA certificate cannot be read");
    }
  }

  /**
   * {@link #verifyToken(TimeStampToken)} for a client receiving many tokens from the same few TSAs: what depends on
   * the TSA certificate alone (its usage, the verifier built from it, the JCA certificate) is done once per
   * certificate (keyed by its encoding), the rest (validity at the token's time, the certificate's hash in the
   * token, the signature) for every token; the same checks and the same sentences. Thread-safe; keeps at most
   * {@value #CACHED} certificates.
   */
  public static final class Verifiers {
    static final int CACHED = 16;
    private final Map<ByteBuffer, Checked> checked = new ConcurrentHashMap<>();

    private record Checked(SignerInformationVerifier verifier, X509Certificate certificate) {}

    /** As {@link TsaCertificates#verifyToken(TimeStampToken)}. */
    public X509Certificate verifyToken(TimeStampToken token) throws BadToken {
      X509CertificateHolder holder = signerCertificate(token);
      ByteBuffer key;
      try {
        key = ByteBuffer.wrap(holder.getEncoded());
      } catch (java.io.IOException e) {
        throw new BadToken(Kind.NO_CERTIFICATE, "the TSA certificate cannot be read");
      }
      Checked c = checked.get(key);
      if (c == null) {
        checkUsage(holder);
        try {
          c = new Checked(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(holder), certificate(holder));
        } catch (org.bouncycastle.operator.OperatorCreationException | java.security.cert.CertificateException
            | RuntimeException e) {
          // as verifyToken words it: the verifier is built there just before the signature is checked
          throw new BadToken(Kind.SIGNATURE, "the token's signature does not verify with the TSA certificate");
        }
        if (checked.size() < CACHED) {
          checked.putIfAbsent(key, c);
        }
      }
      checkValidity(token, holder);
      checkSignature(token, c.verifier());
      return c.certificate();
    }
  }

  private static void checkUsage(X509CertificateHolder holder) throws BadToken {
    Extension eku = holder.getExtension(Extension.extendedKeyUsage);
    if (eku == null || !ExtendedKeyUsage.getInstance(eku.getParsedValue()).hasKeyPurposeId(
        KeyPurposeId.id_kp_timeStamping)) {
      throw new BadToken(Kind.USAGE, "the TSA certificate is not meant for timestamping (no timeStamping extended key usage)");
    }
    if (!eku.isCritical()) {
      throw new BadToken(Kind.USAGE, "the TSA certificate's timeStamping extended key usage is not marked critical");
    }
  }

  private static void checkValidity(TimeStampToken token, X509CertificateHolder holder) throws BadToken {
    if (!holder.isValidOn(token.getTimeStampInfo().getGenTime())) {
      throw new BadToken(Kind.VALIDITY, "the TSA certificate was not valid at the time the token states");
    }
  }

  private static void checkSignature(TimeStampToken token, SignerInformationVerifier verifier) throws BadToken {
    try {
      token.validate(verifier);
    } catch (org.bouncycastle.tsp.TSPValidationException e) {
      throw new BadToken(Kind.USAGE, "the TSA certificate is not acceptable: " + e.getMessage());
    } catch (TSPException | RuntimeException e) {
      throw new BadToken(Kind.SIGNATURE, "the token's signature does not verify with the TSA certificate");
    }
  }

  /** Every certificate the token carries. */
  public static List<X509Certificate> carried(TimeStampToken token) {
    List<X509Certificate> out = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Collection<X509CertificateHolder> all = token.getCertificates().getMatches(null);
    for (X509CertificateHolder h : all) {
      try {
        out.add(certificate(h));
      } catch (java.security.cert.CertificateException e) {
        // a certificate that cannot be read does not help to build a chain
      }
    }
    return out;
  }

  /**
   * Builds a chain from {@code tsa} to one of {@code trust}, using {@code extra} certificates as intermediates,
   * valid at {@code at}. Revocation is not checked here.
   *
   * @return the chain, TSA certificate first, trust anchor last
   */
  public static List<X509Certificate> chain(X509Certificate tsa, Collection<X509Certificate> extra, TrustAnchors trust,
      Date at) throws BadToken {
    if (trust.isEmpty()) {
      throw new BadToken(Kind.UNTRUSTED, "no trust anchor was given, so the TSA cannot be trusted");
    }
    for (X509Certificate t : trust.certificates()) {
      if (t.equals(tsa)) {
        return List.of(tsa);
      }
    }
    try {
      Set<TrustAnchor> anchors = new HashSet<>();
      for (X509Certificate t : trust.certificates()) {
        anchors.add(new TrustAnchor(t, null));
      }
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(tsa);
      PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
      List<X509Certificate> pool = new ArrayList<>(extra);
      pool.add(tsa);
      params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
      params.setRevocationEnabled(false);
      params.setDate(at);
      PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
      List<X509Certificate> out = new ArrayList<>();
      for (var c : r.getCertPath().getCertificates()) {
        out.add((X509Certificate) c);
      }
      out.add(r.getTrustAnchor().getTrustedCert());
      return out;
    } catch (CertPathBuilderException e) {
      throw new BadToken(Kind.UNTRUSTED, "the TSA certificate does not chain to a trusted certificate");
    } catch (java.security.GeneralSecurityException e) {
      throw new BadToken(Kind.UNTRUSTED, "the TSA certificate chain cannot be checked: " + e.getClass().getSimpleName());
    }
  }

  static X509Certificate certificate(X509CertificateHolder h) throws java.security.cert.CertificateException {
    return new JcaX509CertificateConverter().getCertificate(h);
  }
}
