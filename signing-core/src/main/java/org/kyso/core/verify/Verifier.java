package org.kyso.core.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.dss.DssVerification;

/**
 * Validates every signature and timestamp in a signed PDF or XML file (ETSI EN 319 102-1, through DSS) and
 * explains the result. Formats are recognised from the content, not the file name; the PDF and XML modules
 * must be on the class path for their formats.
 *
 * <p>Immutable and thread-safe: build one and use it for every file.
 *
 * <pre>{@code
 * Verifier verifier = Verifier.builder().trust(TrustAnchors.fromPem(Path.of("roots"))).build();
 * VerificationReport report = verifier.verify(Path.of("received.pdf"));
 * }</pre>
 */
public final class Verifier {
  private final TrustAnchors trust;
  private final boolean online;
  private final boolean detailedReport;
  private final Clock clock;
  private final DssVerification engine;

  private Verifier(Builder b) {
    this.trust = b.trust;
    this.online = b.online;
    this.detailedReport = b.detailedReport;
    this.clock = b.clock;
    this.engine = new DssVerification(trust, online, detailedReport, clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    Builder b = new Builder();
    b.trust = trust;
    b.online = online;
    b.detailedReport = detailedReport;
    b.clock = clock;
    return b;
  }

  /**
   * Verifies a file.
   *
   * @throws FileAccessException if the file is missing or unreadable
   * @throws DocumentException if the file cannot be parsed at all (not a PDF or XML, truncated beyond repair)
   */
  public VerificationReport verify(Path file) throws KysoException {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new FileAccessException("The file " + file + " does not exist.");
    }
    if (!Files.isReadable(file)) {
      throw new FileAccessException("The file " + file + " cannot be read.");
    }
    try {
      Files.size(file);
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read.", e);
    }
    return engine.verify(file);
  }

  /** Builds a {@link Verifier}. */
  public static final class Builder {
    private TrustAnchors trust = TrustAnchors.none();
    private boolean online = true;
    private boolean detailedReport;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The trust anchors; several calls add up (e.g. the national root CA and the government CA). */
    public Builder trust(TrustAnchors anchors) {
      this.trust = this.trust.plus(Objects.requireNonNull(anchors, "anchors"));
      return this;
    }

    /**
     * Offline: only what the document embeds is used (no OCSP, CRL or certificate download). Signatures
     * without embedded revocation data then come out INDETERMINATE.
     */
    public Builder offline(boolean offline) {
      this.online = !offline;
      return this;
    }

    /** Keeps DSS's detailed report (XML) in the result. */
    public Builder detailedReport(boolean keep) {
      this.detailedReport = keep;
      return this;
    }

    /** The validation time's clock (defaults to the system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Verifier build() {
      return new Verifier(this);
    }
  }
}
