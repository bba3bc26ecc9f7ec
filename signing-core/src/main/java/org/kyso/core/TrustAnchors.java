package org.kyso.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The certificates a verifier trusts as roots (or trusted intermediates). Several hierarchies can be combined, as
 * Vietnam needs: the national root CA and the government specialised CA side by side.
 *
 * <p>Immutable; {@link #plus(TrustAnchors)} derives a larger set.
 */
public final class TrustAnchors {
  private static final TrustAnchors NONE = new TrustAnchors(List.of());
  private final List<X509Certificate> certificates;

  private TrustAnchors(List<X509Certificate> certificates) {
    this.certificates = List.copyOf(certificates);
  }

  /** No trusted certificate: every chain is INDETERMINATE. */
  public static TrustAnchors none() {
    return NONE;
  }

  public static TrustAnchors of(X509Certificate... certificates) {
    return of(List.of(certificates));
  }

  public static TrustAnchors of(Collection<X509Certificate> certificates) {
    return new TrustAnchors(dedupe(certificates));
  }

  /**
   * Loads certificates from a file (PEM with one or more certificates, DER, or PKCS#7 {@code .p7b}) or from every
   * such file in a folder (not recursive; files that are not certificates are refused).
   *
   * @throws FileAccessException if the path is missing or unreadable
   * @throws DocumentException if a file holds no certificate
   */
  public static TrustAnchors fromPem(Path fileOrFolder) throws KysoException {
    Objects.requireNonNull(fileOrFolder, "fileOrFolder");
    if (!Files.exists(fileOrFolder)) {
      throw new FileAccessException("The trust anchor path " + fileOrFolder + " does not exist.");
    }
    List<X509Certificate> out = new ArrayList<>();
    if (Files.isDirectory(fileOrFolder)) {
      try (Stream<Path> s = Files.list(fileOrFolder)) {
        for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
          String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
          if (n.endsWith(".pem") || n.endsWith(".crt") || n.endsWith(".cer") || n.endsWith(".der")
              || n.endsWith(".p7b") || n.endsWith(".p7c")) {
            out.addAll(readFile(p));
          }
        }
      } catch (IOException e) {
        throw new FileAccessException("The trust anchor folder " + fileOrFolder + " cannot be read.", e);
      }
    } else {
      out.addAll(readFile(fileOrFolder));
    }
    return new TrustAnchors(dedupe(out));
  }

  private static List<X509Certificate> readFile(Path p) throws KysoException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(p);
    } catch (IOException e) {
      throw new FileAccessException("The certificate file " + p + " cannot be read.", e);
    }
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> list = new ArrayList<>();
      for (var c : cf.generateCertificates(new ByteArrayInputStream(bytes))) {
        list.add((X509Certificate) c);
      }
      if (list.isEmpty()) {
        throw new DocumentException("The file " + p + " holds no certificate.");
      }
      return list;
    } catch (CertificateException e) {
      throw new DocumentException("The file " + p + " is not a certificate (PEM, DER or P7B expected).", e);
    }
  }

  private static List<X509Certificate> dedupe(Collection<X509Certificate> certs) {
    Map<Object, X509Certificate> m = new LinkedHashMap<>();
    for (X509Certificate c : certs) {
      Objects.requireNonNull(c, "certificate");
      try {
        m.putIfAbsent(java.nio.ByteBuffer.wrap(c.getEncoded()), c);
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IllegalArgumentException("certificate cannot be encoded", e);
      }
    }
    return new ArrayList<>(m.values());
  }

  /** This set and {@code other} together. */
  public TrustAnchors plus(TrustAnchors other) {
    List<X509Certificate> all = new ArrayList<>(certificates);
    all.addAll(other.certificates);
    return new TrustAnchors(dedupe(all));
  }

  public List<X509Certificate> certificates() {
    return certificates;
  }

  public boolean isEmpty() {
    return certificates.isEmpty();
  }

  @Override
  public String toString() {
    return "TrustAnchors[" + certificates.size() + " certificates]";
  }
}
