package org.kyso.pdf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.kyso.core.KysoException;
import org.kyso.core.internal.dss.DssVerification;
import org.kyso.core.verify.VerificationFormat;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.VerificationSettings;
import org.kyso.pdf.internal.fast.StructureCheck;
import org.kyso.pdf.internal.verify.PdfChecks;

/**
 * The PDF format for {@link org.kyso.core.verify.Verifier}: PAdES and PDF signatures validated by DSS, with kyso's
 * PDF checks on top (changes made after a signature that are not a later signature, timestamp or validation data;
 * bytes appended; signed ranges that leave part of a revision uncovered; DocMDP certification and field locks;
 * signed fields DSS did not list).
 *
 * <pre>{@code
 * Verifier verifier = Verifier.builder().formats(PdfVerification.format(), XmlVerification.format())
 *     .trust(anchors).build();
 * }</pre>
 *
 * <p>The validation engine is chosen here, not by the class path: {@link Engine#FAST} (the default) reads the
 * signed revisions with kyso's fast reader, {@link Engine#PDFBOX} with DSS's PDFBox reader; DSS judges the
 * signatures either way, and the report names the engine ({@link VerificationReport#engine()}). Immutable and
 * thread-safe.
 */
public final class PdfVerification implements VerificationFormat {
  /** How the signed revisions of a PDF are read for DSS. */
  public enum Engine {
    /** kyso's fast reader: the signed revisions read from the file as DSS needs them (the default). */
    FAST("dss+kyso-fast-pdf"),
    /** DSS's own PDFBox reader: slower on large files, kept for comparison and as a fallback. */
    PDFBOX("dss+pdfbox");

    private final String reportName;

    Engine(String reportName) {
      this.reportName = reportName;
    }

    /** The engine's name in {@link VerificationReport#engine()}. */
    public String reportName() {
      return reportName;
    }
  }

  private final Engine engine;
  private final PdfChecks checks;

  private PdfVerification(Builder b) {
    this.engine = b.engine;
    this.checks = new PdfChecks(engine == Engine.FAST);
  }

  /** The PDF format with the default engine ({@link Engine#FAST}). */
  public static PdfVerification format() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The engine that validates. */
  public Engine engine() {
    return engine;
  }

  @Override
  public String name() {
    return "PDF";
  }

  /** A {@code %PDF-} header within the first bytes. */
  @Override
  public boolean claims(byte[] head) {
    return new String(head, StandardCharsets.ISO_8859_1).contains("%PDF-");
  }

  @Override
  public VerificationReport verify(Path file, VerificationSettings settings) throws KysoException {
    // the page tree is walked on this thread while DSS validates on its own (a looping tree wins: 65)
    return dss(settings).verify(file, () -> StructureCheck.checkPagesToVerify(file, "The file " + file.getFileName()))
        .withEngine(engine.reportName());
  }

  @Override
  public VerificationReport verify(byte[] document, String name, VerificationSettings settings)
      throws KysoException {
    return dss(settings).verify(document, name, () -> StructureCheck.checkPagesToVerify(document, "The file " + name))
        .withEngine(engine.reportName());
  }

  @Override
  public String etsiValidationReport(Path file, VerificationSettings settings) throws KysoException {
    return dss(settings).etsiReport(file);
  }

  private DssVerification dss(VerificationSettings s) {
    char[] password = s.password().orElse(null);
    try {
      return new DssVerification(new DssVerification.Settings(s.trust(), s.online(), s.documentUrls(),
          s.detailedReport(), s.clock(), s.policy(), s.timeout()), password, checks);
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  @Override
  public String toString() {
    return "PdfVerification[" + engine + "]";
  }

  /** Builds a {@link PdfVerification}. */
  public static final class Builder {
    private Engine engine = Engine.FAST;

    private Builder() {}

    /** The validation engine (default {@link Engine#FAST}). */
    public Builder engine(Engine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    public PdfVerification build() {
      return new PdfVerification(this);
    }
  }
}
