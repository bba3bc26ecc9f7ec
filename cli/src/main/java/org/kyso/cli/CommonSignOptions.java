package org.kyso.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import picocli.CommandLine.Option;

/** Options every {@code sign} verb shares: level, timestamp authorities, trust for B-LT. */
public final class CommonSignOptions {
  @Option(names = "--level", paramLabel = "B-B|B-T|B-LT|B-LTA",
      description = "Signature level (default B-B; B-LT when a --tsa is given, so that the revocation evidence is"
          + " kept in the document).")
  String level;

  @Option(names = "--tsa", paramLabel = "URL", description = "RFC 3161 timestamp authority; repeat for failover in order.")
  List<URI> tsa = new ArrayList<>();

  @Option(names = "--trust", paramLabel = "PEM|DIR", description = "Trusted roots used to build the chain for B-LT/B-LTA; repeatable.")
  List<Path> trust = new ArrayList<>();

  @Option(names = "--max-size", paramLabel = "MIB", description = "Largest input file signed, in MiB (default 100); larger files are refused.")
  Long maxSizeMb;

  /** The largest input, in bytes ({@code --max-size}). */
  public long maxBytes() {
    return InputFiles.limitBytes(maxSizeMb);
  }

  @Option(names = "--trust-profile", paramLabel = "vn|vn-gov|vn-public",
      description = "Also trust a Vietnamese hierarchy from the trust store (see 'kyso trust').")
  String trustProfile;

  @Option(names = "--trust-store", paramLabel = "DIR",
      description = "The trust store folder (default: $KYSO_TRUST_DIR, else the user's configuration folder).")
  Path trustStore;

  @Option(names = "--require-status", description = "Refuse to sign (exit 69) when the certificate's revocation"
      + " status cannot be obtained from OCSP or CRL; without it kyso warns and signs.")
  boolean requireStatus;

  @Option(names = "--save-status", description = "Keep the certificate status seen before signing beside the output:"
      + " OUT.ocsp (DER OCSP response) or OUT.crl (DER CRL), e.g. for B-B signatures that embed none.")
  boolean saveStatus;

  private java.util.Map<String, String> env = System.getenv();

  /** The environment the command runs in (the trust store location may come from it). */
  void environment(java.util.Map<String, String> env) {
    this.env = java.util.Objects.requireNonNull(env, "env");
  }

  /** The environment of the kyso command {@code root} (trust store and revocation cache locations). */
  void environment(KysoCommand root) {
    environment(root.environment());
  }

  /**
   * The folder of the on-disk revocation cache the signers share with {@link #checkStatus}
   * ({@code KYSO_REVOCATION_CACHE}, see {@link KysoCommand#revocationCache}); empty when switched off.
   */
  Optional<Path> revocationCache() {
    return KysoCommand.revocationCache(env);
  }

  private org.kyso.core.RevocationAnswers revocationAnswers;

  /**
   * The revocation answers of this run, shared by {@link #checkStatus} and the signers: in memory, and in the
   * on-disk cache ({@link #revocationCache}) unless it is switched off, where the status seen by an earlier run is
   * reused while valid (and checked again).
   */
  org.kyso.core.RevocationAnswers revocationAnswers() {
    if (revocationAnswers == null) {
      revocationAnswers = revocationCache().map(org.kyso.core.RevocationAnswers::cachedIn)
          .orElseGet(org.kyso.core.RevocationAnswers::inMemory);
    }
    return revocationAnswers;
  }

  /**
   * Circular 15/2025: the certificate's status before signing. Revoked: refused (exit 65). Status not obtainable:
   * an outcome with a warning naming what was missing (print it with {@link #warnStatus} once signed), or with
   * {@code --require-status} a refusal (exit 69), before anything is written.
   */
  org.kyso.core.internal.revocation.PreSigningCheck.Outcome checkStatus(org.kyso.core.SigningKey key,
      TrustAnchors trust, java.io.PrintWriter err) throws KysoException {
    // the answers the signers of this run are given too: the CA is asked once per run (issue 19)
    var outcome = org.kyso.core.internal.revocation.PreSigningCheck
        .using(org.kyso.core.internal.revocation.SharedAnswers.of(revocationAnswers()))
        .check(key.certificate(), key.certificateChain(), trust.certificates(), java.time.Instant.now());
    if (outcome.warning().isPresent()) {
      if (requireStatus) {
        throw new org.kyso.core.ServiceUnavailableException(outcome.warning().get().replace(
            "; signing goes on without it.", ".") + " --require-status refuses to sign without it; nothing was written.");
      }
    }
    return outcome;
  }

  /**
   * The warning of {@code outcome}, if any, on {@code err}; called once the document is signed, so that a refusal
   * for another reason stays the one sentence on standard error.
   */
  void warnStatus(org.kyso.core.internal.revocation.PreSigningCheck.Outcome outcome, java.io.PrintWriter err) {
    if (outcome.warning().isPresent()) {
      err.println("kyso: warning: " + outcome.warning().get());
      err.flush();
    }
  }

  /**
   * With {@code --save-status}, writes the status evidence of {@code outcome} beside {@code out} (atomically), and
   * says where on {@code msg}; a warning when there is none.
   */
  void saveStatus(org.kyso.core.internal.revocation.PreSigningCheck.Outcome outcome, Path out,
      java.io.PrintWriter msg, java.io.PrintWriter err) throws KysoException {
    if (!saveStatus) {
      return;
    }
    if (outcome.evidence().isEmpty() || outcome.source().isEmpty()) {
      err.println("kyso: warning: no certificate status was obtained before signing, so none was saved.");
      err.flush();
      return;
    }
    Path file = out.resolveSibling(out.getFileName() + ("OCSP".equals(outcome.source().get()) ? ".ocsp" : ".crl"));
    AtomicFiles.write(file, outcome.evidence().get());
    msg.println("certificate status (" + outcome.source().get() + ") seen before signing saved to " + file);
  }

  public Level level() {
    if (level == null) {
      // Circular 15/2025 asks that the status evidence of the time of signing be kept: with a TSA, B-LT does
      return tsa.isEmpty() ? Level.B_B : Level.B_LT;
    }
    try {
      return Level.parse(level);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The timestamp service, required from B-T up. */
  public Optional<TimestampService> timestamps() {
    Level l = level();
    if (tsa.isEmpty()) {
      if (l.needsTimestamp()) {
        throw new UsageException("Level " + l.label() + " needs a timestamp authority: add --tsa URL.");
      }
      return Optional.empty();
    }
    TimestampService.Builder b = TimestampService.builder();
    for (URI u : tsa) {
      try {
        b.url(u);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    return Optional.of(b.build());
  }

  public TrustAnchors trustAnchors() throws KysoException {
    TrustAnchors t = TrustAnchors.none();
    if (trustProfile != null) {
      org.kyso.core.TrustProfile p;
      try {
        p = org.kyso.core.TrustProfile.parse(trustProfile);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--trust-profile takes vn, vn-gov or vn-public.");
      }
      t = TrustAnchors.profile(p, trustStore != null ? org.kyso.core.TrustStore.at(trustStore)
          : org.kyso.core.TrustStore.at(org.kyso.core.TrustStore.defaultLocation(env)));
    }
    for (Path p : trust) {
      t = t.plus(TrustAnchors.fromPem(p));
    }
    return t;
  }

  /**
   * The trust anchors for a PDF signer. From B-LT up the PDF signer collects the revocation data of the chain up to
   * one of them, so none is a usage error here, before any key is opened (PdfSigner.Builder.build would refuse it
   * with an IllegalStateException, an internal error to the user).
   */
  public TrustAnchors pdfTrustAnchors() throws KysoException {
    TrustAnchors t = trustAnchors();
    Level l = level();
    if (l.ordinal() >= Level.B_LT.ordinal() && t.isEmpty()) {
      throw new UsageException("A PDF signature at level " + l.label() + " keeps the revocation data of the chain up"
          + " to the signer's root CA: give that root with --trust PEM|DIR or --trust-profile"
          + (level == null ? " (B-LT is the level when a --tsa is given; --level B-T timestamps without it)." : "."));
    }
    return t;
  }
}
