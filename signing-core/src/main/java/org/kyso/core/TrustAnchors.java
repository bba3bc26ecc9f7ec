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
import java.util.Optional;
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
  /** SHA-256 (hex) of a certificate → where it was trusted from (a profile name or a file); may be partial. */
  private final Map<String, String> sources;

  private TrustAnchors(List<X509Certificate> certificates) {
    this(certificates, Map.of());
  }

  private TrustAnchors(List<X509Certificate> certificates, Map<String, String> sources) {
    this.certificates = List.copyOf(certificates);
    this.sources = Map.copyOf(sources);
  }

  /**
   * The certificates of a Vietnamese trust profile from the user's trust store ({@link TrustStore#defaultStore()}:
   * {@code $KYSO_TRUST_DIR} or the configuration folder), each labelled with its hierarchy.
   *
   * @throws FileAccessException if the store holds no certificate of the profile (the message says how to install
   *     them: {@code kyso trust update} or {@code kyso trust import})
   */
  public static TrustAnchors profile(TrustProfile profile) throws KysoException {
    return profile(profile, TrustStore.defaultStore());
  }

  /** The certificates of {@code profile} in {@code store}; see {@link #profile(TrustProfile)}. */
  public static TrustAnchors profile(TrustProfile profile, TrustStore store) throws KysoException {
    return Objects.requireNonNull(store, "store").anchors(profile);
  }

  /**
   * Reads every certificate in one file (PEM with one or more certificates, DER, or PKCS#7 {@code .p7b}), without
   * trusting it; for showing a certificate before it is imported.
   *
   * @throws FileAccessException if the file is missing or unreadable
   * @throws DocumentException if it holds no certificate
   */
  public static List<X509Certificate> readCertificates(Path file) throws KysoException {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new FileAccessException("The certificate file " + file + " does not exist.");
    }
    return readFile(file);
  }

  /** The same certificates, each recorded as trusted from {@code source} (a profile name, a file name). */
  public TrustAnchors labelled(String source) {
    Objects.requireNonNull(source, "source");
    Map<String, String> m = new LinkedHashMap<>();
    for (X509Certificate c : certificates) {
      m.put(TrustPin.sha256(c), source);
    }
    return new TrustAnchors(certificates, m);
  }

  /** Where {@code anchor} was trusted from (a profile name such as {@code vn-gov}, or a file), when recorded. */
  public Optional<String> sourceOf(X509Certificate anchor) {
    return Optional.ofNullable(sources.get(TrustPin.sha256(anchor)));
  }

  /** Where the anchor with this SHA-256 fingerprint was trusted from, when recorded. */
  public Optional<String> sourceOf(String sha256) {
    return Optional.ofNullable(sources.get(TrustPin.normalise(sha256)));
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
      if (out.isEmpty()) {
        throw new DocumentException("The trust anchor folder " + fileOrFolder + " holds no certificate file (.pem,"
            + " .crt, .cer, .der, .p7b).");
      }
    } else {
      out.addAll(readFile(fileOrFolder));
    }
    return new TrustAnchors(dedupe(out)).labelled(fileOrFolder.toString());
  }

  private static List<X509Certificate> readFile(Path p) throws KysoException {
    byte[] bytes;
    // a pipe would block, a device never end
    if (!Files.isRegularFile(p)) {
      throw new FileAccessException("The certificate file " + p + " is not a regular file (a device, pipe or"
          + " socket).");
    }
    try {
      if (Files.size(p) > 16 << 20) {
        throw new DocumentException("The certificate file " + p + " is larger than 16 MiB; it is not a certificate"
            + " file.");
      }
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
    Map<String, String> m = new LinkedHashMap<>(other.sources);
    m.putAll(sources); // the first source named for a certificate wins
    return new TrustAnchors(dedupe(all), m);
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
