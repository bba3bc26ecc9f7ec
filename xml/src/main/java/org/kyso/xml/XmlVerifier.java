package org.kyso.xml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.internal.verify.Bounded;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.Verifier;
import org.kyso.xml.internal.XmlVerification;

/**
 * Verifies signed XML: XAdES and plain XMLDSig signatures (e-invoices, edXML envelopes), through DSS (ETSI EN 319
 * 102-1) and kyso's own checks, into the same {@link VerificationReport} as {@link org.kyso.core.verify.Verifier}.
 *
 * <p>On top of DSS it:
 *
 * <ul>
 *   <li>parses the XML safely first (no DTD, so no external entity and no entity bomb), and refuses signatures
 *       beyond limits on references (30), transforms (5 per reference) and XSLT transforms;
 *   <li>detects signature wrapping: an Id that occurs twice, a signed element moved into a signature's Object or
 *       into another signature, an e-invoice signature that does not cover its own invoice's {@code DLHDon}, a
 *       {@code ds:Object} that no reference covers; each makes the signature TOTAL_FAILED with the reason;
 *   <li>checks each signature's value with the key of the certificate it carries, so that a forged or altered
 *       signature is TOTAL_FAILED whether or not its chain is trusted; treats signature properties (a SigningTime
 *       in any namespace or none, as Vietnamese providers write it) in the signature's own Object as metadata;
 *   <li>names each reference whose content does not match ({@code cid:} attachment, edXML attachment, Id, detached
 *       file);
 *   <li>reports each signature's role from its place (seller, buyer, tax authority…) and what the document says it
 *       is (invoice series, number, date, seller's tax code, MCCQT, total; edXML header fields);
 *   <li>judges plain XMLDSig signatures with DSS's default policy except the XAdES signing-time requirement, and
 *       reports their signed {@code SigningTime} property as the claimed signing time;
 *   <li>gives DSS the detached contents and {@code cid:} attachments the caller provides; it never fetches a URL
 *       or file named by a signature.
 * </ul>
 *
 * <p>{@link org.kyso.core.verify.Verifier} applies these same rules to XML when this module is on the class path
 * (reading detached contents from the file's folder, as with {@link Builder#detachedContentsFromFolder}), so a
 * program may use either; this class also takes detached contents and edXML attachments from the caller.
 *
 * <p>Immutable and thread-safe.
 */
public final class XmlVerifier {
  private final XmlVerification engine;
  private final long maxFileSize;
  private final Duration timeout;

  private XmlVerifier(Builder b) {
    // the same engine judges XML for org.kyso.core.verify.Verifier when this module is on the class path, with
    // the same size limit (also for each file read next to the signed one) and the same deadline
    this.engine = new XmlVerification(new XmlVerification.Settings(b.trust, b.online, false, b.detailedReport,
        b.clock, Optional.empty(), b.siblings, b.maxFileSize));
    this.maxFileSize = b.maxFileSize;
    this.timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * True when the file starts like XML (after an optional byte-order mark and white space, a {@code <}); a cheap
   * test for routing a file to this verifier rather than the PDF one.
   */
  public static boolean looksLikeXml(Path file) {
    try (var in = Files.newInputStream(file)) {
      return org.kyso.xml.XmlVerification.format().claims(
          in.readNBytes(org.kyso.core.verify.VerificationFormat.HEAD_BYTES));
    } catch (IOException e) {
      return false;
    }
  }

  /** Verifies a signed XML file that carries everything it signs (enveloped, enveloping). */
  public VerificationReport verify(Path file) throws KysoException {
    return verify(file, Map.of());
  }

  /**
   * Verifies a signed XML file, with the contents its signatures refer to outside the file: for an edXML envelope
   * the attachments by content id ({@code "cid:ID"} or just {@code "ID"}), for a detached signature the signed
   * file by the name the signature uses.
   *
   * @throws FileAccessException if the file is missing or unreadable
   * @throws DocumentException if it is not well-formed XML, declares a DTD, or exceeds kyso's limits
   */
  public VerificationReport verify(Path file, Map<String, byte[]> detachedContents) throws KysoException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(detachedContents, "detachedContents");
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    if (!Files.isRegularFile(file)) {
      throw new FileAccessException("The file " + file + " does not exist.");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read.", e);
    }
    checkSize(name, size);
    return Bounded.run(name, timeout, () -> engine.verify(file, detachedContents)
        .withEngine(org.kyso.xml.XmlVerification.ENGINE));
  }

  /** Verifies signed XML held in memory; see {@link #verify(Path, Map)}. */
  public VerificationReport verify(byte[] xml, String name, Map<String, byte[]> detachedContents)
      throws KysoException {
    Objects.requireNonNull(xml, "xml");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(detachedContents, "detachedContents");
    checkSize(name, xml.length);
    return Bounded.run(name, timeout, () -> engine.verify(xml, name, detachedContents)
        .withEngine(org.kyso.xml.XmlVerification.ENGINE));
  }

  /** The same limit and the same sentence as {@link org.kyso.core.verify.Verifier}. */
  private void checkSize(String name, long size) throws DocumentException {
    if (size == 0) {
      throw new DocumentException("The file " + name + " is empty.");
    }
    if (size > maxFileSize) {
      throw new DocumentException(String.format(java.util.Locale.ROOT, "The file %s is %.1f MiB, larger than the"
          + " %.1f MiB kyso verifies; raise the limit if the file is expected to be this large.", name,
          size / 1048576.0, maxFileSize / 1048576.0));
    }
  }

  /** Builds an {@link XmlVerifier}. */
  public static final class Builder {
    private TrustAnchors trust = TrustAnchors.none();
    private boolean online = true;
    private boolean detailedReport;
    private Clock clock = Clock.systemUTC();
    private boolean siblings;
    private long maxFileSize = Verifier.DEFAULT_MAX_FILE_SIZE;
    private Duration timeout = Verifier.DEFAULT_TIMEOUT;

    private Builder() {}

    /**
     * The largest file accepted, in bytes (default 100 MiB, as {@link Verifier}); a larger one, or a larger file
     * read next to it as a detached content, is refused with a {@link DocumentException}.
     */
    public Builder maxFileSize(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxFileSize must be positive");
      }
      this.maxFileSize = bytes;
      return this;
    }

    /** The longest one file may take (default 2 minutes, as {@link Verifier}); then a DocumentException. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * For {@link #verify(Path, Map)}: reads the contents that signatures refer to by a plain file name (a detached
     * signature's {@code report.pdf}, an edXML {@code cid:phu-luc.pdf}) from files of that name next to the signed
     * file, when the caller did not give them. Off by default; never reads outside that folder, never fetches URLs.
     */
    public Builder detachedContentsFromFolder(boolean read) {
      this.siblings = read;
      return this;
    }

    /** Trust anchors; several calls add up. */
    public Builder trust(TrustAnchors anchors) {
      this.trust = this.trust.plus(Objects.requireNonNull(anchors, "anchors"));
      return this;
    }

    /** Offline: no OCSP, CRL or certificate download; only what the document embeds. */
    public Builder offline(boolean offline) {
      this.online = !offline;
      return this;
    }

    /** Keeps DSS's detailed report (XML) in the result. */
    public Builder detailedReport(boolean keep) {
      this.detailedReport = keep;
      return this;
    }

    /** The validation time's clock (default: the system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public XmlVerifier build() {
      return new XmlVerifier(this);
    }
  }
}
