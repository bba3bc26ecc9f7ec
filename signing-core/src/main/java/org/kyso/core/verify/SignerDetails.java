package org.kyso.core.verify;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What Circular 15/2025/TT-BKHCN asks a verification result to show about a signature, beyond its indication:
 * the issuing CA, the organisation, the certificate's serial and validity period, its revocation status with the
 * source of that status, whether the signed content is intact, and which trust anchor (and trust profile)
 * anchored the chain. Everything is optional: a signature without a readable certificate has none of it.
 *
 * @param issuer the issuing CA's subject DN
 * @param issuerName the issuing CA's common name
 * @param organisation the signer certificate's O
 * @param organisationalUnit the signer certificate's OU
 * @param identifiers the signer certificate's UID values as written, e.g. {@code MST:0101234567},
 *     {@code CCCD:001090001234}
 * @param serialNumber the certificate's serial number, upper-case hexadecimal
 * @param validFrom the start of the certificate's validity period
 * @param validTo the end of the certificate's validity period
 * @param revocation the certificate's revocation status and its source
 * @param intact true when the signature value and every digest it covers match, false when one does not
 * @param trustAnchor the subject DN of the trusted certificate the chain reached
 * @param trustSource where that anchor was trusted from: a trust profile ({@code vn-gov}, {@code vn-public}) or a
 *     file given to {@code --trust}
 */
public record SignerDetails(Optional<String> issuer, Optional<String> issuerName, Optional<String> organisation,
    Optional<String> organisationalUnit, List<String> identifiers, Optional<String> serialNumber,
    Optional<OffsetDateTime> validFrom, Optional<OffsetDateTime> validTo, Revocation revocation,
    Optional<Boolean> intact, Optional<String> trustAnchor, Optional<String> trustSource) {
  /** Nothing known. */
  public static final SignerDetails UNKNOWN = new SignerDetails(Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Revocation.NOT_CHECKED,
      Optional.empty(), Optional.empty(), Optional.empty());

  /** The trust profiles a report names (a {@code trustSource} of one of these is a profile, not a file). */
  private static final List<String> PROFILES = List.of("vn", "vn-gov", "vn-public");

  public SignerDetails {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(issuerName, "issuerName");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(organisationalUnit, "organisationalUnit");
    identifiers = List.copyOf(identifiers);
    Objects.requireNonNull(serialNumber, "serialNumber");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(validTo, "validTo");
    Objects.requireNonNull(revocation, "revocation");
    Objects.requireNonNull(intact, "intact");
    Objects.requireNonNull(trustAnchor, "trustAnchor");
    Objects.requireNonNull(trustSource, "trustSource");
  }

  /** The tax code (mã số thuế) from a {@code MST:} identifier, without the prefix. */
  public Optional<String> taxCode() {
    return prefixed("MST:").map(s -> s.substring(4).strip());
  }

  /**
   * The personal identification number from a {@code CCCD:} (citizen identity card), {@code CMND:} (older identity
   * card) or {@code HC:} (passport) identifier, with its prefix.
   */
  public Optional<String> personalId() {
    return prefixed("CCCD:").or(() -> prefixed("CMND:")).or(() -> prefixed("HC:"));
  }

  /** The trust profile that anchored the chain ({@code vn-gov}, {@code vn-public}), when a profile did. */
  public Optional<String> trustProfile() {
    return trustSource.filter(PROFILES::contains);
  }

  private Optional<String> prefixed(String prefix) {
    return identifiers.stream().filter(i -> i.regionMatches(true, 0, prefix, 0, prefix.length())).findFirst();
  }

  /** Whether the certificate was in its validity period and not revoked at {@code time}; empty when unknown. */
  public Optional<Boolean> validAt(OffsetDateTime time) {
    Objects.requireNonNull(time, "time");
    if (validFrom.isEmpty() || validTo.isEmpty()) {
      return Optional.empty();
    }
    boolean inPeriod = !time.isBefore(validFrom.get()) && !time.isAfter(validTo.get());
    if (!inPeriod) {
      return Optional.of(false);
    }
    if (revocation.status() == Revocation.Status.REVOKED) {
      return Optional.of(revocation.revokedAt().map(time::isBefore).orElse(false));
    }
    return Optional.of(true);
  }

  /**
   * A certificate's revocation status and where it comes from.
   *
   * @param status GOOD, REVOKED, UNKNOWN (the CA does not know the certificate), or NONE (no status was had)
   * @param source OCSP or CRL
   * @param producedBy the subject of the OCSP responder or CRL issuer
   * @param producedAt when the OCSP answer was produced or the CRL issued
   * @param revokedAt when the certificate was revoked
   * @param reason why there is no status (for NONE), or the revocation reason (for REVOKED)
   */
  public record Revocation(Status status, Optional<String> source, Optional<String> producedBy,
      Optional<OffsetDateTime> producedAt, Optional<OffsetDateTime> revokedAt, Optional<String> reason) {
    /** No revocation check was reported. */
    public static final Revocation NOT_CHECKED = new Revocation(Status.NONE, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.of("not checked"));

    /** The status of a certificate. */
    public enum Status {
      GOOD,
      REVOKED,
      UNKNOWN,
      NONE
    }

    public Revocation {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(producedBy, "producedBy");
      Objects.requireNonNull(producedAt, "producedAt");
      Objects.requireNonNull(revokedAt, "revokedAt");
      Objects.requireNonNull(reason, "reason");
    }

    /** No status, and why (one English phrase, e.g. "no revocation data: verified offline"). */
    public static Revocation none(String why) {
      return new Revocation(Status.NONE, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.of(why));
    }
  }
}
