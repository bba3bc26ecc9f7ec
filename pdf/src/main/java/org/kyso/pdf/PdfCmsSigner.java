package org.kyso.pdf;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.kyso.core.KysoException;
import org.kyso.core.PreparedSignature;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.pdf.internal.ExternalCmsEngine;

/**
 * Signs a PDF with a CMS (PKCS#7) made elsewhere: by a remote signing service that is sent the document digest and
 * answers with a complete CMS, possibly under a certificate issued for this one signature. {@link #prepare} needs
 * no key and no certificate; {@link #complete} embeds the CMS after checking that it covers the prepared digest.
 * The signature is invisible, PAdES baseline B as far as the CMS allows (its signed attributes are the service's).
 *
 * <pre>{@code
 * PdfCmsSigner signer = PdfCmsSigner.builder().reason("Phê duyệt").build();
 * PreparedSignature p = signer.prepare(pdf);           // p.digest(): SHA-256 of the signed byte range
 * byte[] cms = service.sign(p.digest());               // the provider's CMS over that digest
 * byte[] signed = signer.complete(pdf, p, cms);
 * }</pre>
 */
public final class PdfCmsSigner {
  private final ExternalCmsEngine engine;
  private final Clock clock;

  private PdfCmsSigner(Builder b) {
    this.engine = new ExternalCmsEngine(b.reason, b.location, b.password);
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Freezes the signing time and computes the SHA-256 digest of the byte range the CMS must cover. The algorithm
   * of the returned value is nominal ({@code RSA_SHA256}): the CMS brings its own.
   *
   * @throws org.kyso.core.DocumentException if the document cannot be signed, e.g. it needs a password not given
   *     (or given wrong) with {@link Builder#password}: then no digest is returned, so the provider is not asked
   */
  public PreparedSignature prepare(byte[] pdf) throws KysoException {
    Objects.requireNonNull(pdf, "pdf");
    engine.checkOpens(pdf, "The document");
    Instant time = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return new PreparedSignature(engine.messageDigest(pdf, time), SignatureAlgorithm.RSA_SHA256, time);
  }

  /**
   * Embeds the CMS into the same document.
   *
   * @throws org.kyso.core.DocumentException if the document or settings differ from {@link #prepare}, or the CMS does
   *     not cover the prepared digest
   */
  public byte[] complete(byte[] pdf, PreparedSignature prepared, byte[] cms) throws KysoException {
    Objects.requireNonNull(pdf, "pdf");
    Objects.requireNonNull(prepared, "prepared");
    Objects.requireNonNull(cms, "cms");
    return engine.complete(pdf, prepared.signingTime(), prepared.digest(), cms);
  }

  /** Builds {@link PdfCmsSigner}. */
  public static final class Builder {
    private String reason;
    private String location;
    private Clock clock = Clock.systemUTC();
    private char[] password;

    private Builder() {}

    public Builder reason(String r) {
      this.reason = Objects.requireNonNull(r, "reason");
      return this;
    }

    public Builder location(String l) {
      this.location = Objects.requireNonNull(l, "location");
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * The password that opens a protected document, as {@code PdfSigner.Builder.password} takes it: the user
     * password of a document that needs one to open, or the owner password. Not needed for a document protected by
     * an owner password only. The signed document keeps its encryption (same method, same passwords). The array is
     * copied; the caller may clear it. Without it, or with a wrong one, a document that needs a password is a
     * {@link org.kyso.core.DocumentException} from {@link #prepare} (one sentence, the password never in it), before
     * anything is sent to the provider.
     */
    public Builder password(char[] password) {
      this.password = Objects.requireNonNull(password, "password").clone();
      return this;
    }

    public PdfCmsSigner build() {
      return new PdfCmsSigner(this);
    }
  }
}
