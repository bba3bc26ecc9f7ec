package org.kyso.core.internal.revocation;

import eu.europa.esig.dss.enumerations.CertificateStatus;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.CertificateExtensionsUtils;
import eu.europa.esig.dss.spi.x509.revocation.RevocationSource;
import eu.europa.esig.dss.spi.x509.revocation.RevocationToken;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.internal.SignerCertificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check made on the signer's certificate before anything is signed (Circular 15/2025 asks for it): validity
 * period and key usage ({@link SignerCertificates#checkUsable}), then revocation when it can be learnt. A revoked
 * certificate is refused with a {@link SignerCertificateException}; when OCSP and CRL cannot be reached the check
 * returns a warning and signing goes on (the signature may still be fine, and B-LT will say so later).
 *
 * <p>OCSP is asked first, then the CRL. Thread-safe; shares the cache of its {@link RevocationSources}.
 */
public final class PreSigningCheck {
  private static final Logger LOG = LoggerFactory.getLogger(PreSigningCheck.class);
  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx").withZone(ZoneOffset.ofHours(7));

  private final RevocationSources sources;

  private PreSigningCheck(RevocationSources sources) {
    this.sources = sources;
  }

  public static PreSigningCheck using(RevocationSources sources) {
    return new PreSigningCheck(Objects.requireNonNull(sources, "sources"));
  }

  /** What the revocation check learnt. */
  public enum Status {
    /** The CA says the certificate is not revoked. */
    GOOD,
    /** Nothing could be learnt (offline, unreachable, no address, unknown issuer): see the warning. */
    NOT_CHECKED
  }

  /**
   * The outcome of a check that did not refuse the certificate.
   *
   * @param evidence the status as the CA gave it (DER: the OCSP response or the CRL), when GOOD
   */
  public record Outcome(Status status, Optional<String> warning, Optional<String> source, Optional<byte[]> evidence) {
    public Outcome {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(warning, "warning");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(evidence, "evidence");
    }

    public Outcome(Status status, Optional<String> warning, Optional<String> source) {
      this(status, warning, source, Optional.empty());
    }
  }

  /**
   * Checks {@code certificate} at {@code now}.
   *
   * @param chain the certificate's chain as the key store knows it (may be the certificate alone), used to find
   *     the issuer; {@code extra} certificates (e.g. trust anchors) are searched too
   * @throws SignerCertificateException if the certificate is expired, not yet valid, without a signing key usage,
   *     or revoked
   */
  public Outcome check(X509Certificate certificate, List<X509Certificate> chain, Collection<X509Certificate> extra,
      Instant now) throws SignerCertificateException {
    return bind(certificate, chain, extra).check(now);
  }

  /**
   * The check of one signer's certificate, to be made before each of its signatures: the certificate's DSS form
   * and, once found, its issuer (a signature check per candidate) are worked out once, not per document. What
   * changes with time is asked every time: validity at {@code now}, and revocation (whose answers
   * {@link RevocationSources} keeps until their next update). An issuer not found is looked for again next time.
   */
  public Bound bind(X509Certificate certificate, List<X509Certificate> chain, Collection<X509Certificate> extra) {
    return new Bound(Objects.requireNonNull(certificate, "certificate"), chain, extra);
  }

  /** {@link #check} for one certificate, chain and extra issuer candidates; thread-safe. */
  public final class Bound {
    private final X509Certificate certificate;
    private final List<X509Certificate> chain;
    private final Collection<X509Certificate> extra;
    private final String who;
    private final SignerCertificates.Repeated usable;
    private volatile CertificateToken token;
    private volatile CertificateToken issuer;
    /** Whether the certificate names an OCSP responder, a CRL: read once (they were 1 % of a batch's thread). */
    private volatile boolean[] addresses;

    private Bound(X509Certificate certificate, List<X509Certificate> chain, Collection<X509Certificate> extra) {
      this.certificate = certificate;
      this.chain = chain == null ? List.of() : List.copyOf(chain);
      this.extra = extra == null ? List.of() : List.copyOf(extra);
      this.who = SignerCertificates.commonName(certificate);
      this.usable = new SignerCertificates.Repeated(certificate);
    }

    /** See {@link PreSigningCheck#check}. */
    public Outcome check(Instant now) throws SignerCertificateException {
      org.kyso.core.internal.BouncyCastle.ready(); // DSS's certificate tools build the provider on first use
      usable.checkUsable(now);
      if (!sources.isOnline()) {
        return notChecked("The revocation status of the certificate of " + who + " was not checked (offline).");
      }
      CertificateToken cert = token;
      if (cert == null) {
        token = cert = new CertificateToken(certificate);
      }
      if (cert.isSelfSigned()) {
        return notChecked("The certificate of " + who + " is self-signed; no CA can revoke it.");
      }
      CertificateToken found = issuer;
      if (found == null) {
        found = issuer(cert, chain, extra).orElse(null);
        issuer = found;
      }
      boolean[] named = addresses;
      if (named == null) {
        addresses = named = new boolean[] {!CertificateExtensionsUtils.getOCSPAccessUrls(cert).isEmpty(),
            !CertificateExtensionsUtils.getCRLAccessUrls(cert).isEmpty()};
      }
      return PreSigningCheck.this.check(cert, Optional.ofNullable(found), who, named[0], named[1]);
    }
  }

  private Outcome check(CertificateToken cert, Optional<CertificateToken> issuer, String who, boolean hasOcsp,
      boolean hasCrl) throws SignerCertificateException {
    if (issuer.isEmpty()) {
      return notChecked("The revocation status of the certificate of " + who
          + " could not be checked: its issuing CA certificate is unknown.");
    }
    if (!hasOcsp && !hasCrl) {
      return notChecked("The certificate of " + who + " names no OCSP or CRL address; its revocation status "
          + "could not be checked.");
    }
    List<String> problems = new ArrayList<>();
    if (hasOcsp && sources.ocspSource().isPresent()) {
      Optional<Outcome> o = ask("OCSP", sources.ocspSource().get(), cert, issuer.get(), who, problems);
      if (o.isPresent()) {
        return o.get();
      }
    }
    if (hasCrl && sources.crlSource().isPresent()) {
      Optional<Outcome> o = ask("CRL", sources.crlSource().get(), cert, issuer.get(), who, problems);
      if (o.isPresent()) {
        return o.get();
      }
    }
    return notChecked("The revocation status of the certificate of " + who + " could not be checked ("
        + String.join("; ", problems) + "); signing goes on without it.");
  }

  private Optional<Outcome> ask(String kind, RevocationSource<?> source, CertificateToken cert,
      CertificateToken issuer, String who, List<String> problems) throws SignerCertificateException {
    RevocationToken<?> token;
    try {
      token = source.getRevocationToken(cert, issuer);
    } catch (RuntimeException e) {
      problems.add(kind + " unreachable");
      LOG.debug("{} check of {} failed: {}", kind, who, e.getMessage());
      return Optional.empty();
    }
    if (token == null) {
      problems.add("no " + kind + " answer");
      return Optional.empty();
    }
    if (!token.isValid()) {
      problems.add(kind + " answer with a bad signature");
      return Optional.empty();
    }
    if (token.getStatus() == CertificateStatus.REVOKED) {
      String when = token.getRevocationDate() == null ? ""
          : " on " + DAY_TIME.format(token.getRevocationDate().toInstant());
      String reason = token.getReason() == null ? "" : " (reason: " + token.getReason().name() + ")";
      throw new SignerCertificateException("The certificate of " + who + " was revoked" + when + reason
          + " according to its CA's " + kind + "; it can no longer sign. Ask the CA for a new certificate.");
    }
    if (token.getStatus() == CertificateStatus.GOOD) {
      byte[] evidence = null;
      try {
        evidence = token.getEncoded();
      } catch (RuntimeException e) {
        LOG.debug("The {} answer for {} cannot be encoded: {}", kind, who, e.getMessage());
      }
      return Optional.of(new Outcome(Status.GOOD, Optional.empty(), Optional.of(kind), Optional.ofNullable(evidence)));
    }
    problems.add(kind + " status unknown");
    return Optional.empty();
  }

  private static Outcome notChecked(String warning) {
    LOG.warn(warning);
    return new Outcome(Status.NOT_CHECKED, Optional.of(warning), Optional.empty());
  }

  private Optional<CertificateToken> issuer(CertificateToken cert, List<X509Certificate> chain,
      Collection<X509Certificate> extra) {
    List<X509Certificate> candidates = new ArrayList<>();
    if (chain != null) {
      candidates.addAll(chain);
    }
    if (extra != null) {
      candidates.addAll(extra);
    }
    for (X509Certificate c : candidates) {
      CertificateToken t = new CertificateToken(c);
      if (!t.equals(cert) && cert.isSignedBy(t)) {
        return Optional.of(t);
      }
    }
    if (sources.aiaSource().isPresent()) {
      try {
        for (CertificateToken t : sources.aiaSource().get().getCertificatesByAIA(cert)) {
          if (cert.isSignedBy(t)) {
            return Optional.of(t);
          }
        }
      } catch (RuntimeException e) {
        LOG.debug("The issuer of {} could not be downloaded: {}", cert.getDSSIdAsString(), e.getMessage());
      }
    }
    return Optional.empty();
  }
}
