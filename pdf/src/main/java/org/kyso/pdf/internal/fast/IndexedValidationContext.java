package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.model.identifier.EntityIdentifier;
import eu.europa.esig.dss.spi.validation.SignatureValidationContext;
import eu.europa.esig.dss.spi.x509.CertificateSource;
import eu.europa.esig.dss.spi.x509.ListCertificateSource;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * DSS's validation context, with the certificates of the documents' own sources (one per signature, timestamp and
 * /DSS revision) indexed by entity key (issue 20). When a source is added, DSS looks up every one of its
 * certificates in every source added before it, to find equivalent certificates (same public key and subject,
 * another encoding): with one source per signature that is a number of look-ups quadratic in the number of
 * signatures, each hashing the certificate's key again. Here the documents' sources are looked up in one index,
 * and only the other sources (revocation data, AIA, adjunct and trusted certificates: a few) one by one; the
 * certificates found, and so everything DSS validates afterwards, are the same.
 */
final class IndexedValidationContext extends SignatureValidationContext {
  /** The certificates of every document source added so far, by entity key. */
  private final Map<EntityIdentifier, Set<CertificateToken>> byEntityKey = new HashMap<>();
  private final Set<CertificateSource> documentSources = Collections.newSetFromMap(new IdentityHashMap<>());

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
    ListCertificateSource all = getAllCertificateSources();
    for (CertificateToken token : source.getCertificates()) {
      EntityIdentifier key = token.getEntityKey();
      // what DSS's look-up in all sources finds: the documents' sources from the index, the others one by one
      Set<CertificateToken> equivalent = new HashSet<>(byEntityKey.getOrDefault(key, Set.of()));
      for (CertificateSource other : all.getSources()) {
        if (!documentSources.contains(other)) {
          equivalent.addAll(other.getByEntityKey(key));
        }
      }
      for (CertificateToken e : equivalent) {
        if (!token.getDSSIdAsString().equals(e.getDSSIdAsString())) {
          addCertificateTokenForVerification(e);
        }
      }
    }
  }
}
