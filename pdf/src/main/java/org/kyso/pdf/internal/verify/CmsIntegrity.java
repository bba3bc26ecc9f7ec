package org.kyso.pdf.internal.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.util.Selector;

/**
 * Checks a PDF signature's CMS with BouncyCastle alone, for algorithms DSS cannot process on this Java runtime
 * (Ed448 with SHAKE256, RFC 8419): the signed bytes' digest against the signed attributes and the signature value
 * against the signer's certificate. Nothing else (chain, revocation, policy) is judged here. The provider is used as
 * an instance, never registered with {@code java.security.Security}.
 */
final class CmsIntegrity {
  private static final java.security.Provider BC = org.kyso.core.internal.BouncyCastle.provider();

  private CmsIntegrity() {}

  /** What BouncyCastle found: intact or not, and the signer's certificate. */
  record Outcome(boolean intact, X509Certificate signer) {}

  /**
   * @return empty when the check cannot be made (not a 4-number byte range, no readable CMS, no signer
   *     certificate in it, an algorithm BouncyCastle does not know either)
   */
  static Optional<Outcome> check(PdfFieldInventory.Field f, FileTail.Source src) {
    List<Long> br = f.byteRange();
    try {
      if (br.size() != 4 || br.get(0) != 0 || br.get(1) < 0 || br.get(2) < br.get(1) || br.get(3) < 0
          || br.get(2) + br.get(3) > src.length() || br.get(1) + br.get(3) > 256L << 20) {
        return Optional.empty();
      }
      byte[] signed = new byte[(int) (br.get(1) + br.get(3))];
      read(src, 0, signed, 0, br.get(1).intValue());
      read(src, br.get(2), signed, br.get(1).intValue(), br.get(3).intValue());
      byte[] hex = new byte[(int) (br.get(2) - br.get(1))];
      read(src, br.get(1), hex, 0, hex.length);
      byte[] der = unhex(hex);
      CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signed), der);
      Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
      if (signers.size() != 1) {
        return Optional.empty();
      }
      SignerInformation si = signers.iterator().next();
      @SuppressWarnings("unchecked")
      Selector<X509CertificateHolder> sid = (Selector<X509CertificateHolder>) (Selector<?>) si.getSID();
      Collection<X509CertificateHolder> certs = cms.getCertificates().getMatches(sid);
      if (certs.isEmpty()) {
        return Optional.empty();
      }
      X509Certificate cert = new JcaX509CertificateConverter().setProvider(BC).getCertificate(certs.iterator().next());
      boolean ok = si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(cert));
      return Optional.of(new Outcome(ok, cert));
    } catch (Exception e) {
      // CMSException, OperatorCreationException, CertificateException: not checkable here
      return Optional.empty();
    }
  }

  private static void read(FileTail.Source src, long pos, byte[] b, int off, int len) throws IOException {
    byte[] tmp = new byte[len];
    int got = src.read(pos, tmp, len);
    if (got != len) {
      throw new IOException("short read");
    }
    System.arraycopy(tmp, 0, b, off, len);
  }

  /** The bytes of the hex string between {@code <} and {@code >}, trailing zero padding kept (DER ignores it). */
  private static byte[] unhex(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2);
    int hi = -1;
    for (byte c : raw) {
      int v = Character.digit(c, 16);
      if (v < 0) {
        continue; // '<', '>', white space
      }
      if (hi < 0) {
        hi = v;
      } else {
        out.write(hi << 4 | v);
        hi = -1;
      }
    }
    return out.toByteArray();
  }
}
