package org.kyso.core.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.dss.DssVerification;
import org.kyso.core.internal.verify.Bounded;
import org.kyso.core.internal.verify.FormatVerifier;
import org.kyso.core.internal.verify.FormatVerifiers;

/**
 * Validates every signature and timestamp in a signed PDF or XML file (ETSI EN 319 102-1, through DSS) and
 * explains the result. Formats are recognised from the content, not the file name; the PDF and XML modules must
 * be on the class path for their formats.
 *
 * <p>XML: when the xml module ({@code kyso-xml}) is on the class path, XML files are judged by its rules, exactly
 * as {@code org.kyso.xml.XmlVerifier} and {@code kyso verify} judge them: its wrapping checks and limits, plain
 * XMLDSig signatures (e-invoices, edXML) judged without the XAdES signing-time requirement, and, for {@link
 * #verify(Path)}, the contents a signature names by a plain file name (a detached signature's signed file, edXML
 * {@code cid:} attachments) read from files of that name in the same folder. Without the xml module, XML gets
 * DSS's default policy only, without wrapping analysis: every plain XMLDSig signature comes out
 * INDETERMINATE, and detached contents are never found.
 *
 * <p>On top of DSS, kyso reports any change made to a PDF after a signature that is not a later signature,
 * timestamp or validation data (pages, annotations and overlays, form values, replaced content, appended bytes)
 * and makes such a signature INDETERMINATE at least; with the xml module, it looks for XML signature wrapping
 * (duplicated Ids, an unsigned copy of the signed element, unsigned {@code ds:Object}s, references to outside
 * content); and it names SHA-1 and short keys plainly.
 *
 * <p>What is fetched from the network: nothing when {@linkplain Builder#offline offline}. Online (the default),
 * only CRLs and OCSP responses for certificates that chain to a trust anchor. Missing issuer certificates are
 * fetched from the addresses in documents' certificates (AIA) only with {@link Builder#fetchFromDocumentUrls},
 * and then only over http/https. Signature policy documents and content that an XML reference points to are never
 * fetched.
 *
 * <p>Immutable and thread-safe: build one and use it for every file.
 *
 * <pre>{@code
 * Verifier verifier = Verifier.builder().trust(TrustAnchors.fromPem(Path.of("roots"))).build();
 * VerificationReport report = verifier.verify(Path.of("received.pdf"));
 * if (report.verdict() != Verdict.TOTAL_PASSED) { ... }
 * }</pre>
 */
public final class Verifier {
  /** The default largest file accepted: 100 MiB. */
  public static final long DEFAULT_MAX_FILE_SIZE = 100L * 1024 * 1024;
  /** The default longest time one file may take. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private final TrustAnchors trust;
  private final boolean online;
  private final boolean documentUrls;
  private final boolean detailedReport;
  private final Clock clock;
  private final byte[] policy;
  private final String policyName;
  private final long maxFileSize;
  private final Duration timeout;
  private final DssVerification engine;
  private final FormatVerifier.Settings formatSettings;

  private Verifier(Builder b) {
    this.trust = b.trust;
    this.online = b.online;
    this.documentUrls = b.documentUrls;
    this.detailedReport = b.detailedReport;
    this.clock = b.clock;
    this.policy = b.policy;
    this.policyName = b.policyName;
    this.maxFileSize = b.maxFileSize;
    this.timeout = b.timeout;
    this.engine = new DssVerification(new DssVerification.Settings(trust, online, documentUrls, detailedReport, clock,
        Optional.ofNullable(policy), timeout));
    this.formatSettings = new FormatVerifier.Settings(trust, online, documentUrls, detailedReport, clock,
        Optional.ofNullable(policy), maxFileSize, timeout);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    Builder b = new Builder();
    b.trust = trust;
    b.online = online;
    b.documentUrls = documentUrls;
    b.detailedReport = detailedReport;
    b.clock = clock;
    b.policy = policy;
    b.policyName = policyName;
    b.maxFileSize = maxFileSize;
    b.timeout = timeout;
    return b;
  }

  /**
   * Verifies a file.
   *
   * @return the report; {@link VerificationReport#verdict()} is NO_SIGNATURE for a PDF or XML without signatures
   * @throws FileAccessException if the file is missing or unreadable
   * @throws DocumentException if the file cannot be parsed at all (not a PDF or XML, truncated beyond repair), is
   *     larger than {@link Builder#maxFileSize}, or takes longer than {@link Builder#timeout}
   */
  public VerificationReport verify(Path file) throws KysoException {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new FileAccessException("The file " + file + " does not exist.");
    }
    if (!Files.isReadable(file)) {
      throw new FileAccessException("The file " + file + " cannot be read.");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read.", e);
    }
    String name = file.getFileName().toString();
    checkSize(name, size);
    Optional<FormatVerifier> format = FormatVerifiers.any() ? FormatVerifiers.claiming(head(file)) : Optional.empty();
    if (format.isPresent()) {
      return Bounded.run(name, timeout, () -> format.get().verify(file, formatSettings));
    }
    return engine.verify(file);
  }

  private static byte[] head(Path file) throws FileAccessException {
    try (var in = Files.newInputStream(file)) {
      return in.readNBytes(FormatVerifier.HEAD_BYTES);
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read.", e);
    }
  }

  /**
   * The ETSI TS 119 102-2 validation report (XML) that DSS makes for {@code file}, for archives and appeals: DSS's
   * own judgement with this verifier's trust anchors, revocation mode, policy and time. kyso's additional checks
   * (changes after signing, XML wrapping, plain XMLDSig rules of the xml module) are not in it: read them in
   * {@link #verify(Path)}'s report.
   *
   * @throws FileAccessException if the file is missing or unreadable
   * @throws DocumentException if the file is too large, cannot be parsed or holds no signature DSS can read
   */
  public String etsiValidationReport(Path file) throws KysoException {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new FileAccessException("The file " + file + " does not exist or cannot be read.");
    }
    try {
      checkSize(file.getFileName().toString(), Files.size(file));
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read.", e);
    }
    return engine.etsiReport(file);
  }

  /**
   * Verifies a document held in memory (e.g. an upload); {@code fileName} is only used in the report and messages.
   * Nothing is read from disk: an XML signature's detached contents or edXML attachments are not found.
   *
   * @throws DocumentException as for {@link #verify(Path)}
   */
  public VerificationReport verify(byte[] document, String fileName) throws KysoException {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(fileName, "fileName");
    checkSize(fileName, document.length);
    byte[] copy = document.clone();
    Optional<FormatVerifier> format = FormatVerifiers.any() ? FormatVerifiers.claiming(FormatVerifiers.head(copy))
        : Optional.empty();
    if (format.isPresent()) {
      return Bounded.run(fileName, timeout, () -> format.get().verify(copy, fileName, formatSettings));
    }
    return engine.verify(copy, fileName);
  }

  private void checkSize(String name, long size) throws DocumentException {
    if (size == 0) {
      throw new DocumentException("The file " + name + " is empty.");
    }
    if (size > maxFileSize) {
      throw new DocumentException("The file " + name + " is " + mib(size) + " MiB, larger than the " + mib(maxFileSize)
          + " MiB kyso verifies; raise the limit if the file is expected to be this large.");
    }
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }

  /** Builds a {@link Verifier}. */
  public static final class Builder {
    private TrustAnchors trust = TrustAnchors.none();
    private boolean online = true;
    private boolean documentUrls;
    private boolean detailedReport;
    private Clock clock = Clock.systemUTC();
    private byte[] policy;
    private String policyName;
    private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /** The trust anchors; several calls add up (e.g. the national root CA and the government CA). */
    public Builder trust(TrustAnchors anchors) {
      this.trust = this.trust.plus(Objects.requireNonNull(anchors, "anchors"));
      return this;
    }

    /**
     * Offline: nothing is fetched, only what the document embeds is used (no OCSP, CRL or certificate download).
     * Signatures without embedded revocation data then come out INDETERMINATE.
     */
    public Builder offline(boolean offline) {
      this.online = !offline;
      return this;
    }

    /**
     * Also fetch missing issuer certificates from the AIA addresses that the document's certificates carry (over
     * http/https only). Off by default: those addresses come from the document before anything in it is trusted,
     * so a hostile file could make the verifier contact a server of its choosing. No effect when offline.
     */
    public Builder fetchFromDocumentUrls(boolean fetch) {
      this.documentUrls = fetch;
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

    /**
     * Validates with this DSS validation policy (the XML {@code ConstraintsParameters} format of DSS's {@code
     * constraint.xml}) instead of DSS's default policy. kyso's checks for changes after signing and for signature
     * wrapping apply whatever the policy.
     *
     * @throws FileAccessException if the file is missing or unreadable
     * @throws DocumentException if it is not a DSS validation policy
     */
    public Builder validationPolicy(Path policyFile) throws KysoException {
      Objects.requireNonNull(policyFile, "policyFile");
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(policyFile);
      } catch (NoSuchFileException e) {
        throw new FileAccessException("The validation policy " + policyFile + " does not exist.", e);
      } catch (IOException e) {
        throw new FileAccessException("The validation policy " + policyFile + " cannot be read.", e);
      }
      DssVerification.checkPolicy(bytes, policyFile.getFileName().toString());
      this.policy = bytes;
      this.policyName = policyFile.getFileName().toString();
      return this;
    }

    /** The largest file accepted, in bytes (default 100 MiB); larger files are refused with a DocumentException. */
    public Builder maxFileSize(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxFileSize must be positive");
      }
      this.maxFileSize = bytes;
      return this;
    }

    /** The longest one file may take (default 2 minutes); after it, verify throws a DocumentException. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    public Verifier build() {
      return new Verifier(this);
    }
  }
}
