package org.kyso.core.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.dss.DssVerification;
import org.kyso.core.internal.verify.Bounded;

/**
 * Validates every signature and timestamp in a signed file (ETSI EN 319 102-1, through DSS) and explains the
 * result. A verifier judges the {@linkplain Builder#formats formats it is given}, and only those: the pdf module's
 * {@code PdfVerification.format()}, the xml module's {@code XmlVerification.format()}. Which format judges a file
 * is decided from its content, not its name; a file that none of the given formats claims is refused with a
 * {@link DocumentException} (exit 65 in the CLI) whose sentence names the format that is missing when it can tell
 * (a PDF given to a verifier built without the PDF format).
 *
 * <p>On top of DSS, the PDF format reports any change made to a PDF after a signature that is not a later
 * signature, timestamp or validation data (pages, annotations and overlays, form values, replaced content,
 * appended bytes) and makes such a signature INDETERMINATE at least; the XML format looks for XML signature
 * wrapping (duplicated Ids, an unsigned copy of the signed element, unsigned {@code ds:Object}s, references to
 * outside content); both name SHA-1 and short keys plainly. {@link VerificationReport#engine()} says which engine
 * validated a file.
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
 * Verifier verifier = Verifier.builder().formats(PdfVerification.format(), XmlVerification.format())
 *     .trust(TrustAnchors.fromPem(Path.of("roots"))).build();
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
  private final List<VerificationFormat> formats;
  private final VerificationSettings formatSettings;
  private final char[] password;

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
    this.password = b.password;
    this.formats = List.copyOf(b.formats);
    this.formatSettings = new VerificationSettings(trust, online, documentUrls, detailedReport, clock, policy,
        maxFileSize, timeout, password);
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
    b.password = password;
    b.formats.addAll(formats);
    return b;
  }

  /** The formats this verifier judges, in the order given. */
  public List<VerificationFormat> formats() {
    return formats;
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
    VerificationFormat format = claiming(name, head(file));
    return Bounded.run(name, timeout, () -> format.verify(file, formatSettings));
  }

  /**
   * The first given format that claims the document starting with {@code head}.
   *
   * @throws DocumentException if none does: the sentence names the missing format when the head shows it
   */
  private VerificationFormat claiming(String name, byte[] head) throws DocumentException {
    for (VerificationFormat f : formats) {
      if (f.claims(head)) {
        return f;
      }
    }
    throw new DocumentException(notClaimed(name, head));
  }

  private String notClaimed(String name, byte[] head) {
    List<String> given = new ArrayList<>();
    formats.forEach(f -> given.add(f.name()));
    String kind = looksLikePdf(head) ? "PDF" : looksLikeXml(head) ? "XML" : null;
    if (kind != null && given.stream().noneMatch(kind::equalsIgnoreCase)) {
      return "The file " + name + " is " + article(kind) + kind + " document, but this verifier was built without"
          + " the " + kind + " format (" + (given.isEmpty() ? "it was given no format" : "it judges " + String.join(
          " and ", given) + " only") + "); add it with Verifier.builder().formats(" + kind.charAt(0)
          + kind.substring(1).toLowerCase(Locale.ROOT) + "Verification.format(), ...).";
    }
    if (given.isEmpty()) {
      return "The file " + name + " cannot be judged: this verifier was built without any format; give it the"
          + " formats to judge with Verifier.builder().formats(...).";
    }
    if (given.size() == 1) {
      return "The file " + name + " is not " + article(given.get(0)) + given.get(0)
          + " document that kyso can read.";
    }
    StringBuilder b = new StringBuilder("The file " + name + " is neither ");
    for (int i = 0; i < given.size(); i++) {
      b.append(i == 0 ? "" : " nor ").append(article(given.get(i))).append(given.get(i));
    }
    return b.append(" document that kyso can read.").toString();
  }

  private static String article(String format) {
    return "AEFHILMNORSX".indexOf(Character.toUpperCase(format.charAt(0))) >= 0 ? "an " : "a ";
  }

  /** A PDF header in the first bytes (a cheap look; nothing is parsed). */
  private static boolean looksLikePdf(byte[] head) {
    return new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).contains("%PDF-");
  }

  /** After an optional UTF-8 byte-order mark and white space, a {@code <} (nothing is parsed). */
  private static boolean looksLikeXml(byte[] b) {
    int i = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i < b.length && b[i] == '<';
  }

  private static byte[] head(Path file) throws FileAccessException {
    try (var in = Files.newInputStream(file)) {
      return in.readNBytes(VerificationFormat.HEAD_BYTES);
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read.", e);
    }
  }

  /**
   * The ETSI TS 119 102-2 validation report (XML) that DSS makes for {@code file}, for archives and appeals: DSS's
   * own judgement with this verifier's trust anchors, revocation mode, policy and time, for a file of one of the
   * given formats. kyso's additional checks (changes after signing, XML wrapping, plain XMLDSig rules of the xml
   * module) are not in it: read them in {@link #verify(Path)}'s report.
   *
   * @throws FileAccessException if the file is missing or unreadable
   * @throws DocumentException if the file is too large, of no given format, cannot be parsed or holds no signature
   *     DSS can read
   */
  public String etsiValidationReport(Path file) throws KysoException {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new FileAccessException("The file " + file + " does not exist or cannot be read.");
    }
    String name = file.getFileName().toString();
    try {
      checkSize(name, Files.size(file));
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read.", e);
    }
    VerificationFormat format = claiming(name, head(file));
    return Bounded.run(name, timeout, () -> format.etsiValidationReport(file, formatSettings));
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
    VerificationFormat format = claiming(fileName,
        Arrays.copyOf(copy, Math.min(copy.length, VerificationFormat.HEAD_BYTES)));
    return Bounded.run(fileName, timeout, () -> format.verify(copy, fileName, formatSettings));
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
    private char[] password;
    private final List<VerificationFormat> formats = new ArrayList<>();

    private Builder() {}

    /**
     * The formats this verifier judges, e.g. {@code formats(PdfVerification.format(), XmlVerification.format())};
     * several calls add up, and the first format that claims a document judges it. A document of no given format
     * is refused.
     */
    public Builder formats(VerificationFormat... formats) {
      for (VerificationFormat f : Objects.requireNonNull(formats, "formats")) {
        this.formats.add(Objects.requireNonNull(f, "format"));
      }
      return this;
    }

    /**
     * The password that opens password-protected PDF documents (the user password, or the owner password). Kept
     * in memory for this verifier's life; never written to a report.
     */
    public Builder password(char[] password) {
      this.password = Objects.requireNonNull(password, "password").clone();
      return this;
    }

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
