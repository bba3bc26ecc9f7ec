package org.kyso.xml;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.kyso.core.KysoException;
import org.kyso.core.internal.dss.DssVerification;
import org.kyso.core.verify.VerificationFormat;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.VerificationSettings;

/**
 * The XML format for {@link org.kyso.core.verify.Verifier}: the documents that start like XML are judged by the
 * engine of {@link XmlVerifier}, with the verifier's settings (its wrapping checks and limits, plain XMLDSig
 * signatures judged without the XAdES signing-time requirement), so that {@code Verifier}, {@code XmlVerifier}
 * and {@code kyso verify} judge XML the same way.
 *
 * <pre>{@code
 * Verifier verifier = Verifier.builder().formats(PdfVerification.format(), XmlVerification.format())
 *     .trust(anchors).build();
 * }</pre>
 *
 * <p>Contents that signatures refer to outside the file (a detached signature's signed file, edXML {@code cid:}
 * attachments) are the ones given with {@link Builder#detachedContents}, and, for a file (not for a document held
 * in memory) and unless {@link Builder#detachedContentsFromFolder} turns it off, files of the name a signature
 * uses in the same folder. Immutable and thread-safe. The report's engine is {@code dss+kyso-xml}.
 */
public final class XmlVerification implements VerificationFormat {
  /** The engine's name in {@link VerificationReport#engine()}. */
  public static final String ENGINE = "dss+kyso-xml";

  private final Map<String, byte[]> detached;
  private final boolean fromFolder;

  private XmlVerification(Builder b) {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    b.detached.forEach((k, v) -> copy.put(k, v.clone()));
    this.detached = copy;
    this.fromFolder = b.fromFolder;
  }

  /** The XML format: detached contents read from the signed file's folder, none given. */
  public static XmlVerification format() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "XML";
  }

  /** After an optional UTF-8 byte-order mark and white space, a {@code <}. */
  @Override
  public boolean claims(byte[] head) {
    int i = 0;
    if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
      i = 3;
    }
    while (i < head.length && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) {
      i++;
    }
    return i < head.length && head[i] == '<';
  }

  @Override
  public VerificationReport verify(Path file, VerificationSettings settings) throws KysoException {
    return engine(settings, fromFolder).verify(file, detached()).withEngine(ENGINE);
  }

  @Override
  public VerificationReport verify(byte[] document, String name, VerificationSettings settings)
      throws KysoException {
    return engine(settings, false).verify(document, name, detached()).withEngine(ENGINE);
  }

  /** DSS's own ETSI report: DSS's default policy (or the one given), without the xml module's rules. */
  @Override
  public String etsiValidationReport(Path file, VerificationSettings s) throws KysoException {
    return new DssVerification(new DssVerification.Settings(s.trust(), s.online(), s.documentUrls(),
        s.detailedReport(), s.clock(), s.policy(), s.timeout())).etsiReport(file);
  }

  private Map<String, byte[]> detached() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    detached.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  private static org.kyso.xml.internal.XmlVerification engine(VerificationSettings s, boolean siblings) {
    return new org.kyso.xml.internal.XmlVerification(new org.kyso.xml.internal.XmlVerification.Settings(s.trust(),
        s.online(), s.documentUrls(), s.detailedReport(), s.clock(), s.policy(), siblings, s.maxFileSize()));
  }

  /** Builds an {@link XmlVerification}. */
  public static final class Builder {
    private final Map<String, byte[]> detached = new LinkedHashMap<>();
    private boolean fromFolder = true;

    private Builder() {}

    /**
     * Contents the signatures refer to outside the file: edXML attachments by content id ({@code "cid:ID"} or just
     * {@code "ID"}), a detached signature's signed file by the name the signature uses. Several calls add up.
     */
    public Builder detachedContents(Map<String, byte[]> contents) {
      Objects.requireNonNull(contents, "contents").forEach((k, v) -> detached.put(Objects.requireNonNull(k, "name"),
          Objects.requireNonNull(v, "content").clone()));
      return this;
    }

    /**
     * Whether the contents a signature names by a plain file name are read from the signed file's folder (default
     * true; never for a document held in memory).
     */
    public Builder detachedContentsFromFolder(boolean read) {
      this.fromFolder = read;
      return this;
    }

    public XmlVerification build() {
      return new XmlVerification(this);
    }
  }
}
