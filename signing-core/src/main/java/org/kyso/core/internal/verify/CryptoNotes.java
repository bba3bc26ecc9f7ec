package org.kyso.core.internal.verify;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlDigestMatcher;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kyso.core.verify.Finding;

/**
 * Says plainly when a signature uses an algorithm or key that is no longer accepted (SHA-1, MD5, RSA below 2048
 * bits, EC below 256 bits), so that a legacy document is explained rather than only "failed". DSS's policy
 * decides the indication; this only names the reason, as an error when the signature did not pass and as a
 * warning when it did.
 */
public final class CryptoNotes {
  private static final Set<DigestAlgorithm> WEAK = Set.of(DigestAlgorithm.SHA1, DigestAlgorithm.MD5,
      DigestAlgorithm.MD2, DigestAlgorithm.RIPEMD160);

  private CryptoNotes() {}

  public static List<Finding> of(SignatureWrapper s, boolean passed) {
    Finding.Kind kind = passed ? Finding.Kind.WARNING : Finding.Kind.ERROR;
    Set<String> weak = new LinkedHashSet<>();
    if (s.getDigestAlgorithm() != null && WEAK.contains(s.getDigestAlgorithm())) {
      weak.add(name(s.getDigestAlgorithm()));
    }
    for (XmlDigestMatcher m : s.getDigestMatchers()) {
      if (m.getDigestMethod() != null && WEAK.contains(m.getDigestMethod())) {
        weak.add(name(m.getDigestMethod()));
      }
    }
    List<Finding> out = new ArrayList<>();
    for (String w : weak) {
      out.add(Messages.finding(kind, "crypto.weakDigest", w));
    }
    EncryptionAlgorithm enc = s.getEncryptionAlgorithm();
    int bits = parse(s.getKeyLengthUsedToSignThisToken());
    if (enc != null && bits > 0) {
      boolean rsaLike = enc == EncryptionAlgorithm.RSA || enc == EncryptionAlgorithm.RSASSA_PSS
          || enc == EncryptionAlgorithm.DSA;
      boolean ec = enc == EncryptionAlgorithm.ECDSA || enc == EncryptionAlgorithm.PLAIN_ECDSA;
      if (rsaLike && bits < 2048) {
        out.add(Messages.finding(kind, "crypto.shortKey", Integer.toString(bits), label(enc), "2048"));
      } else if (ec && bits < 256) {
        out.add(Messages.finding(kind, "crypto.shortKey", Integer.toString(bits), "EC", "256"));
      }
    }
    return out;
  }

  private static String label(EncryptionAlgorithm enc) {
    return enc == EncryptionAlgorithm.RSASSA_PSS ? "RSA" : enc.getName();
  }

  private static String name(DigestAlgorithm d) {
    return switch (d) {
      case SHA1 -> "SHA-1";
      default -> d.getName();
    };
  }

  private static int parse(String s) {
    try {
      return s == null ? -1 : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
