package org.kyso.token.internal.remote;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.kyso.core.TokenException;
import org.kyso.core.TokenException.Reason;

/** Certificates as the services send them: base64 DER, sometimes PEM. */
final class Certs {
  private Certs() {}

  static X509Certificate parse(String b64, String service) throws TokenException {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
          new ByteArrayInputStream(Base64.getMimeDecoder().decode(b64.replaceAll("-----[A-Z ]+-----", ""))));
    } catch (CertificateException | IllegalArgumentException e) {
      throw new TokenException(Reason.FAILED, service + " returned a certificate that cannot be read.", e);
    }
  }

  static List<X509Certificate> parseAll(List<String> b64, String service) throws TokenException {
    List<X509Certificate> out = new ArrayList<>();
    for (String s : b64) {
      if (!s.isBlank()) {
        out.add(parse(s, service));
      }
    }
    return out;
  }
}
