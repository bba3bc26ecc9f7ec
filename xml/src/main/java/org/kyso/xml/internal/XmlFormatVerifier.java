package org.kyso.xml.internal;

import java.nio.file.Path;
import java.util.Map;
import org.kyso.core.KysoException;
import org.kyso.core.internal.verify.FormatVerifier;
import org.kyso.core.verify.VerificationReport;

/**
 * XML for {@link org.kyso.core.verify.Verifier}: the documents that start like XML are judged by
 * {@link XmlVerification}, the engine of {@link org.kyso.xml.XmlVerifier}, with the verifier's settings and the
 * detached contents read from the file's folder, as {@code kyso verify} does. Registered in {@code
 * META-INF/services}.
 */
public final class XmlFormatVerifier implements FormatVerifier {
  public XmlFormatVerifier() {}

  /** After an optional UTF-8 byte-order mark and white space, a {@code <} (as XmlVerifier.looksLikeXml). */
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
  public VerificationReport verify(Path file, Settings settings) throws KysoException {
    return engine(settings, true).verify(file, Map.of());
  }

  @Override
  public VerificationReport verify(byte[] document, String name, Settings settings) throws KysoException {
    return engine(settings, false).verify(document, name, Map.of());
  }

  private static XmlVerification engine(Settings s, boolean siblings) {
    return new XmlVerification(new XmlVerification.Settings(s.trust(), s.online(), s.documentUrls(),
        s.detailedReport(), s.clock(), s.policy(), siblings, s.maxFileSize()));
  }
}
