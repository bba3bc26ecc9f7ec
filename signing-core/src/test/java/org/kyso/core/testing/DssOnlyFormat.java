package org.kyso.core.testing;

import java.nio.file.Path;
import java.util.function.Predicate;
import org.kyso.core.KysoException;
import org.kyso.core.internal.dss.DssVerification;
import org.kyso.core.verify.VerificationFormat;
import org.kyso.core.verify.VerificationReport;
import org.kyso.core.verify.VerificationSettings;

/**
 * A format for signing-core's own tests, which cannot see the pdf and xml modules: DSS's judgement alone (no
 * format checks), for the documents {@code claims} accepts.
 */
public final class DssOnlyFormat implements VerificationFormat {
  private final String name;
  private final Predicate<byte[]> claims;

  public DssOnlyFormat(String name, Predicate<byte[]> claims) {
    this.name = name;
    this.claims = claims;
  }

  /** Claims what starts with {@code <} (after white space). */
  public static DssOnlyFormat xml() {
    return new DssOnlyFormat("XML", h -> new String(h, java.nio.charset.StandardCharsets.UTF_8).strip()
        .startsWith("<"));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean claims(byte[] head) {
    return claims.test(head);
  }

  @Override
  public VerificationReport verify(Path file, VerificationSettings s) throws KysoException {
    return dss(s).verify(file).withEngine("dss");
  }

  @Override
  public VerificationReport verify(byte[] document, String fileName, VerificationSettings s)
      throws KysoException {
    return dss(s).verify(document, fileName).withEngine("dss");
  }

  @Override
  public String etsiValidationReport(Path file, VerificationSettings s) throws KysoException {
    return dss(s).etsiReport(file);
  }

  private static DssVerification dss(VerificationSettings s) {
    return new DssVerification(new DssVerification.Settings(s.trust(), s.online(), s.documentUrls(),
        s.detailedReport(), s.clock(), s.policy(), s.timeout()));
  }
}
