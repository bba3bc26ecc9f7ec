package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.enumerations.SignatureValidity;
import eu.europa.esig.dss.model.identifier.EntityIdentifier;
import eu.europa.esig.dss.model.identifier.Identifier;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.model.x509.Token;
import eu.europa.esig.dss.spi.signature.AdvancedSignature;
import eu.europa.esig.dss.spi.validation.SignatureValidationContext;
import eu.europa.esig.dss.spi.x509.CertificateSource;
import eu.europa.esig.dss.spi.x509.ListCertificateSource;
import java.lang.reflect.Field;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DSS's validation context, made linear in the number of signatures of a document (issue 20), with the same
 * results:
 *
 * <ul>
 *   <li>the certificates of the documents' own sources (one per signature, timestamp and /DSS revision) are indexed
 *       by entity key. When a source is added, DSS looks up every one of its certificates in every source added
 *       before it, to find equivalent certificates (same public key and subject, another encoding): with one source
 *       per signature that is a number of look-ups quadratic in the number of signatures, each hashing the
 *       certificate's key again; and it lists all its sources again for each source added. Here the documents'
 *       sources are looked up in one index, and only the other sources (revocation data, AIA, adjunct and trusted
 *       certificates: a few) one by one; the certificates found, and so everything DSS validates afterwards, are
 *       the same.
 *   <li>each signature's CMS carries its own copy of its signer's certificate, so DSS holds one certificate object
 *       per signature and, when it builds the signature's chain, checks that certificate's signature against its
 *       issuer again (an RSA or ECDSA verification per signature, for the same bytes). Here, once one copy of a
 *       certificate has been found signed by its issuer, a later copy with the same encoding (same DSS id: a digest
 *       of the DER) takes that outcome (the issuer's key, valid) instead of checking it again, which is the state
 *       DSS's own check leaves: the same bytes are signed by the same key.
 * </ul>
 */
final class IndexedValidationContext extends SignatureValidationContext {
  /** Reflective access to DSS's token and context fields, or {@code null} where this DSS has other fields. */
  private static final Field SIGNER_KEY = field(Token.class, "publicKeyOfTheSigner");
  private static final Field VALIDITY = field(Token.class, "signatureValidity");
  private static final Field INVALIDITY_REASON = field(Token.class, "signatureInvalidityReason");
  private static final List<Field> OTHER_SOURCES = otherSourceFields();

  /** The certificates of every document source added so far, by entity key. */
  private final Map<EntityIdentifier, Set<CertificateToken>> byEntityKey = new HashMap<>();
  private final Set<CertificateSource> documentSources = Collections.newSetFromMap(new IdentityHashMap<>());
  /** The first signing certificate of each encoding found signed by its issuer. */
  private final Map<Identifier, CertificateToken> checkedSigners = new HashMap<>();

  IndexedValidationContext(Date validationTime) {
    super(validationTime);
  }

  @Override
  public void addDocumentCertificateSource(CertificateSource source) {
    // as DSS: a source already listed (sources compare by identity) adds nothing
    if (!getDocumentCertificateSource().add(source)) {
      return;
    }
    documentSources.add(source);
    for (CertificateToken token : source.getCertificates()) {
      EntityIdentifier key = token.getEntityKey();
      byEntityKey.computeIfAbsent(key, k -> new HashSet<>()).addAll(source.getByEntityKey(key));
    }
    List<CertificateSource> others = otherSources();
    for (CertificateToken token : source.getCertificates()) {
      EntityIdentifier key = token.getEntityKey();
      // what DSS's look-up in all sources finds: the documents' sources from the index, the others one by one
      Set<CertificateToken> equivalent = new HashSet<>(byEntityKey.getOrDefault(key, Set.of()));
      for (CertificateSource other : others) {
        equivalent.addAll(other.getByEntityKey(key));
      }
      for (CertificateToken e : equivalent) {
        if (!token.getDSSIdAsString().equals(e.getDSSIdAsString())) {
          addCertificateTokenForVerification(e);
        }
      }
    }
  }

  @Override
  public void addSignatureForVerification(AdvancedSignature signature) {
    CertificateToken signer = canTakeChecks() ? signature.getSigningCertificateToken() : null;
    if (signer != null) {
      CertificateToken checked = checkedSigners.get(signer.getDSSId());
      if (checked != null && checked != signer) {
        takeCheck(signer, checked);
      }
    }
    super.addSignatureForVerification(signature);
    if (signer != null && signer.getPublicKeyOfTheSigner() != null
        && SignatureValidity.VALID == signer.getSignatureValidity()) {
      checkedSigners.putIfAbsent(signer.getDSSId(), signer);
    }
  }

  /**
   * Gives {@code copy}, not yet checked, the outcome of {@code checked}'s check against its issuer: both have the
   * same encoding. Left alone when anything is unusual (the copy already checked, the original not valid).
   */
  private static void takeCheck(CertificateToken copy, CertificateToken checked) {
    PublicKey issuerKey = checked.getPublicKeyOfTheSigner();
    if (issuerKey == null
        || SignatureValidity.VALID != checked.getSignatureValidity()
        || copy.getPublicKeyOfTheSigner() != null
        || SignatureValidity.NOT_EVALUATED != copy.getSignatureValidity()
        || !java.util.Arrays.equals(copy.getEncoded(), checked.getEncoded())) {
      return;
    }
    synchronized (copy) {
      try {
        SIGNER_KEY.set(copy, issuerKey);
        VALIDITY.set(copy, SignatureValidity.VALID);
        INVALIDITY_REASON.set(copy, checked.getInvalidityReason());
      } catch (IllegalAccessException | RuntimeException e) {
        // cannot happen once the fields were made accessible; DSS then checks this copy itself
      }
    }
  }

  private static boolean canTakeChecks() {
    return SIGNER_KEY != null && VALIDITY != null && INVALIDITY_REASON != null;
  }

  /** Whether this DSS's tokens have the fields a copy's check is shared through (else DSS checks every copy). */
  static boolean sharesSignerChecks() {
    return canTakeChecks();
  }

  /** The sources other than the documents' (DSS's revocation, AIA, adjunct and trusted sources). */
  private List<CertificateSource> otherSources() {
    if (OTHER_SOURCES == null) {
      List<CertificateSource> others = new ArrayList<>();
      for (CertificateSource s : getAllCertificateSources().getSources()) {
        if (!documentSources.contains(s)) {
          others.add(s);
        }
      }
      return others;
    }
    List<CertificateSource> others = new ArrayList<>();
    try {
      for (Field f : OTHER_SOURCES) {
        ListCertificateSource list = (ListCertificateSource) f.get(this);
        if (list != null) {
          for (CertificateSource s : list.getSources()) {
            if (!documentSources.contains(s)) {
              others.add(s);
            }
          }
        }
      }
    } catch (IllegalAccessException | RuntimeException e) {
      others.clear();
      for (CertificateSource s : getAllCertificateSources().getSources()) {
        if (!documentSources.contains(s)) {
          others.add(s);
        }
      }
    }
    return others;
  }

  private static Field field(Class<?> owner, String name) {
    try {
      Field f = owner.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The fields behind {@code getAllCertificateSources()} other than the documents' source, or {@code null} if this
   * DSS has other ones (then the list DSS builds is used).
   */
  private static List<Field> otherSourceFields() {
    List<Field> fields = new ArrayList<>();
    for (String name :
        List.of("revocationCertificateSources", "aiaCertificateSources", "adjunctCertSources", "trustedCertSources")) {
      Field f = field(SignatureValidationContext.class, name);
      if (f == null || f.getType() != ListCertificateSource.class) {
        return null;
      }
      fields.add(f);
    }
    // the documents' source and these four are all getAllCertificateSources() lists in DSS 6.4
    int lists = 0;
    for (Field f : SignatureValidationContext.class.getDeclaredFields()) {
      if (f.getType() == ListCertificateSource.class) {
        lists++;
      }
    }
    return lists == 5 ? List.copyOf(fields) : null;
  }
}
