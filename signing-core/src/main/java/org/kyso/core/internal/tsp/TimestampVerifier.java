package org.kyso.core.internal.tsp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.TimestampCheck;
import org.kyso.core.TrustAnchors;
import org.kyso.core.verify.Indication;

/** Checks a standalone RFC 3161 timestamp against a file; the engine behind {@code Timestamps.verify}. */
public final class TimestampVerifier {
  private static final ZoneOffset VN = ZoneOffset.ofHours(7);
  private static final String SHA1 = "1.3.14.3.2.26";
  private static final Map<String, String> DIGESTS = Map.of(
      SHA1, "SHA-1",
      "2.16.840.1.101.3.4.2.4", "SHA-224",
      "2.16.840.1.101.3.4.2.1", "SHA-256",
      "2.16.840.1.101.3.4.2.2", "SHA-384",
      "2.16.840.1.101.3.4.2.3", "SHA-512",
      "2.16.840.1.101.3.4.2.8", "SHA3-256",
      "2.16.840.1.101.3.4.2.9", "SHA3-384",
      "2.16.840.1.101.3.4.2.10", "SHA3-512");

  private TimestampVerifier() {}

  public static TimestampCheck verify(byte[] tsr, String name, Path data, TrustAnchors trust) throws KysoException {
    TimeStampToken token = parse(tsr, name);
    TimeStampTokenInfo info = token.getTimeStampInfo();
    OffsetDateTime time = OffsetDateTime.ofInstant(info.getGenTime().toInstant(), VN);
    String oid = info.getMessageImprintAlgOID().getId();
    String alg = DIGESTS.getOrDefault(oid, oid);
    Optional<String> policy = Optional.ofNullable(info.getPolicy()).map(p -> p.getId());
    String serial = info.getSerialNumber().toString(16);
    List<String> warnings = new ArrayList<>();
    String tsaName = tsaName(token, trust.certificates());
    Result r = new Result(time, tsaName, alg, policy, serial, warnings);

    if (!DIGESTS.containsKey(oid)) {
      digest(data, "SHA-256"); // still report a missing data file as such
      return r.not(Indication.INDETERMINATE, "CRYPTO_CONSTRAINTS_FAILURE_NO_POE",
          "The timestamp uses a digest algorithm kyso does not know (" + oid + ").");
    }
    if (SHA1.equals(oid)) {
      warnings.add("The timestamp's imprint uses SHA-1, which no longer protects against forged files.");
    }
    byte[] actual = digest(data, alg);
    if (!MessageDigest.isEqual(actual, info.getMessageImprintDigest())) {
      return r.not(Indication.TOTAL_FAILED, "HASH_FAILURE", "The file " + data.getFileName()
          + " is not the one that was timestamped: it was changed afterwards, or it is another file.");
    }
    X509CertificateHolder holder;
    X509Certificate tsa;
    try {
      holder = TsaCertificates.signerCertificate(token, trust.certificates());
      tsa = TsaCertificates.verifyToken(token, holder);
    } catch (TsaCertificates.BadToken e) {
      return switch (e.kind()) {
        case SIGNATURE -> r.not(Indication.TOTAL_FAILED, "SIG_CRYPTO_FAILURE",
            "The timestamp's signature is broken: " + e.getMessage() + ".");
        case NO_CERTIFICATE -> r.not(Indication.INDETERMINATE, "NO_SIGNING_CERTIFICATE_FOUND",
            "The timestamp does not include the TSA certificate; give it as a trust anchor.");
        case VALIDITY -> r.not(Indication.INDETERMINATE, "OUT_OF_BOUNDS_NO_POE",
            "The TSA certificate was not valid at the time the timestamp states.");
        default -> r.not(Indication.INDETERMINATE, "CHAIN_CONSTRAINTS_FAILURE",
            "The timestamp cannot be trusted: " + e.getMessage() + ".");
      };
    }
    List<X509Certificate> pool = new ArrayList<>(TsaCertificates.carried(token));
    try {
      TsaCertificates.chain(tsa, pool, trust, info.getGenTime());
    } catch (TsaCertificates.BadToken e) {
      return r.not(Indication.INDETERMINATE, "NO_CERTIFICATE_CHAIN_FOUND",
          "The TSA " + tsaName + " is not trusted: " + e.getMessage() + "; add its root CA with --trust.");
    }
    return r.passed();
  }

  private record Result(OffsetDateTime time, String tsa, String alg, Optional<String> policy, String serial,
      List<String> warnings) {
    TimestampCheck not(Indication i, String sub, String reason) {
      return new TimestampCheck(i, Optional.of(sub), Optional.of(reason), time, tsa, alg, policy, serial, warnings);
    }

    TimestampCheck passed() {
      return new TimestampCheck(Indication.TOTAL_PASSED, Optional.empty(), Optional.empty(), time, tsa, alg, policy,
          serial, warnings);
    }
  }

  private static TimeStampToken parse(byte[] bytes, String name) throws DocumentException {
    try {
      TimeStampResponse response = new TimeStampResponse(bytes);
      TimeStampToken token = response.getTimeStampToken();
      if (token == null) {
        String text = response.getStatusString();
        throw new DocumentException("The file " + name + " holds no timestamp token: the TSA refused the request"
            + (text != null ? " (" + text.strip() + ")" : "") + ".");
      }
      return token;
    } catch (DocumentException e) {
      throw e;
    } catch (Exception notAResponse) {
      try {
        return new TimeStampToken(new CMSSignedData(bytes));
      } catch (Exception notAToken) {
        throw new DocumentException("The file " + name
            + " is not an RFC 3161 timestamp (a .tsr response or a timestamp token was expected).", notAToken);
      }
    }
  }

  private static String tsaName(TimeStampToken token, List<X509Certificate> known) {
    try {
      X509CertificateHolder h = TsaCertificates.signerCertificate(token, known);
      return commonName(h.getSubject());
    } catch (TsaCertificates.BadToken e) {
      GeneralName g = token.getTimeStampInfo().getTsa();
      if (g != null && g.getTagNo() == GeneralName.directoryName) {
        return commonName(X500Name.getInstance(g.getName()));
      }
      return "serial " + token.getSID().getSerialNumber() + " of " + token.getSID().getIssuer();
    }
  }

  private static String commonName(X500Name name) {
    var cn = name.getRDNs(BCStyle.CN);
    if (cn.length > 0) {
      return IETFUtils.valueToString(cn[0].getFirst().getValue());
    }
    return name.toString();
  }

  /** The digest of a file's content, read as a stream. */
  public static byte[] digest(Path file, String jcaName) throws FileAccessException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " is not available in this JVM", e);
    }
    if (!Files.isRegularFile(file)) {
      throw new FileAccessException("The file " + file + " does not exist.");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read.", e);
    }
    return md.digest();
  }
}
