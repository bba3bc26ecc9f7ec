package org.kyso.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The user's store of trusted Vietnamese CA certificates: one folder per hierarchy ({@code vn-gov/},
 * {@code vn-public/}) holding {@code <SHA-256>.pem} certificates, each with a {@code <SHA-256>.source} line that
 * says where it came from. Each hierarchy folder can also be given to {@code --trust} as it is.
 *
 * <p>Where it is: {@code $KYSO_TRUST_DIR} when set; else on Linux {@code $XDG_CONFIG_HOME/kyso/trust} (default
 * {@code ~/.config/kyso/trust}), on Windows {@code %APPDATA%\kyso\trust}, on macOS
 * {@code ~/Library/Application Support/kyso/trust}. Writes go through a temporary file and an atomic rename, so a
 * certificate is either wholly there or not at all. Instances are immutable; the folder is read on each call.
 */
public final class TrustStore {
  /** The environment variable that names the trust store folder. */
  public static final String ENV = "KYSO_TRUST_DIR";

  private final Path location;

  private TrustStore(Path location) {
    this.location = location;
  }

  /** A trust store in {@code folder} (created when something is first added). */
  public static TrustStore at(Path folder) {
    return new TrustStore(Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize());
  }

  /** The store at {@link #defaultLocation(Map)} for this process's environment. */
  public static TrustStore defaultStore() {
    return at(defaultLocation(System.getenv()));
  }

  /** Where the trust store is for the environment {@code env} (see the class description). */
  public static Path defaultLocation(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    String explicit = env.get(ENV);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String home = Optional.ofNullable(env.get("HOME")).orElse(System.getProperty("user.home"));
    if (os.startsWith("windows")) {
      String appData = env.get("APPDATA");
      return (appData != null ? Path.of(appData) : Path.of(home, "AppData", "Roaming")).resolve("kyso").resolve("trust");
    }
    if (os.startsWith("mac")) {
      return Path.of(home, "Library", "Application Support", "kyso", "trust");
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    Path config = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home, ".config");
    return config.resolve("kyso").resolve("trust");
  }

  public Path location() {
    return location;
  }

  /**
   * One certificate in the store.
   *
   * @param certificate the certificate
   * @param sha256 the SHA-256 of its DER encoding, upper-case hexadecimal
   * @param profile the hierarchy it belongs to: {@code vn-gov} or {@code vn-public}
   * @param source where it came from (an official address, or "imported from FILE")
   * @param pinned true when its fingerprint is one kyso ships
   */
  public record Entry(X509Certificate certificate, String sha256, TrustProfile profile, String source,
      boolean pinned) {
    public Entry {
      Objects.requireNonNull(certificate, "certificate");
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(profile, "profile");
      Objects.requireNonNull(source, "source");
    }
  }

  /**
   * Every certificate in the store, {@code vn-gov} first, each folder in file-name order.
   *
   * @throws FileAccessException if the folder cannot be read
   * @throws DocumentException if a file in it is not a certificate
   */
  public List<Entry> entries() throws KysoException {
    List<Entry> out = new ArrayList<>();
    for (TrustProfile p : TrustProfile.VN.hierarchies()) {
      Path dir = location.resolve(p.label());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().toList();
      } catch (IOException e) {
        throw new FileAccessException("The trust store folder " + dir + " cannot be read.", e);
      }
      for (Path f : files) {
        X509Certificate c = read(f);
        String sha = TrustPin.sha256(c);
        String name = f.getFileName().toString();
        Path sourceFile = f.resolveSibling(name.substring(0, name.length() - 4) + ".source");
        String source = "unknown";
        try {
          if (Files.isRegularFile(sourceFile)) {
            source = Files.readString(sourceFile, StandardCharsets.UTF_8).strip();
          }
        } catch (IOException e) {
          throw new FileAccessException("The file " + sourceFile + " cannot be read.", e);
        }
        out.add(new Entry(c, sha, p, source, TrustPin.bySha256(sha).isPresent()));
      }
    }
    return out;
  }

  /**
   * The certificates of {@code profile} as trust anchors, each labelled with its hierarchy ({@code vn-gov},
   * {@code vn-public}) so that a report can say which profile anchored a chain.
   *
   * @throws FileAccessException if the store holds no certificate of the profile (the message says how to get
   *     them) or cannot be read
   */
  public TrustAnchors anchors(TrustProfile profile) throws KysoException {
    Objects.requireNonNull(profile, "profile");
    TrustAnchors out = TrustAnchors.none();
    for (TrustProfile h : profile.hierarchies()) {
      List<X509Certificate> certs = new ArrayList<>();
      for (Entry e : entries()) {
        if (e.profile() == h) {
          certs.add(e.certificate());
        }
      }
      out = out.plus(TrustAnchors.of(certs).labelled(h.label()));
    }
    if (out.isEmpty()) {
      throw new FileAccessException("The trust store " + location + " holds no certificate of the trust profile "
          + profile.label() + "; run 'kyso trust update --profile " + profile.label() + "' or 'kyso trust import FILE"
          + " --profile " + profile.hierarchies().get(0).label() + "' first (or set " + ENV + ").");
    }
    return out;
  }

  /**
   * Adds {@code certificate} to {@code hierarchy} (replacing the same certificate there), atomically.
   *
   * @param source where it came from, one line
   * @throws FileAccessException if it cannot be written
   */
  public Entry add(X509Certificate certificate, TrustProfile hierarchy, String source) throws FileAccessException {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(source, "source");
    if (Objects.requireNonNull(hierarchy, "hierarchy") == TrustProfile.VN) {
      throw new IllegalArgumentException("A certificate belongs to vn-gov or vn-public, not to vn.");
    }
    String sha = TrustPin.sha256(certificate);
    Path dir = location.resolve(hierarchy.label());
    try {
      Files.createDirectories(dir);
      // the source first: a certificate without its source line is still a whole certificate
      write(dir.resolve(sha + ".source"), (source.replace('\n', ' ').strip() + "\n").getBytes(StandardCharsets.UTF_8));
      write(dir.resolve(sha + ".pem"), pem(certificate).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new FileAccessException("The trust store " + location + " cannot be written: " + e.getMessage(), e);
    }
    return new Entry(certificate, sha, hierarchy, source.strip(), TrustPin.bySha256(sha).isPresent());
  }

  /**
   * Removes the certificate with this SHA-256 fingerprint from every hierarchy.
   *
   * @return true when something was removed
   * @throws FileAccessException if it cannot be removed
   */
  public boolean remove(String sha256) throws FileAccessException {
    String sha = TrustPin.normalise(Objects.requireNonNull(sha256, "sha256"));
    if (!sha.matches("[0-9A-F]{64}")) {
      throw new IllegalArgumentException("A SHA-256 fingerprint is 64 hexadecimal digits.");
    }
    boolean removed = false;
    try {
      for (TrustProfile h : TrustProfile.VN.hierarchies()) {
        Path dir = location.resolve(h.label());
        removed |= Files.deleteIfExists(dir.resolve(sha + ".pem"));
        Files.deleteIfExists(dir.resolve(sha + ".source"));
      }
    } catch (IOException e) {
      throw new FileAccessException("The trust store " + location + " cannot be changed: " + e.getMessage(), e);
    }
    return removed;
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    try {
      org.kyso.core.internal.io.AtomicOutput.write(target, "The trust store file", bytes);
    } catch (FileAccessException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static String pem(X509Certificate c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }

  private static X509Certificate read(Path f) throws KysoException {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(f)));
    } catch (IOException e) {
      throw new FileAccessException("The file " + f + " in the trust store cannot be read.", e);
    } catch (CertificateException | ClassCastException e) {
      throw new DocumentException("The file " + f + " in the trust store is not a certificate; remove it.", e);
    }
  }

  @Override
  public String toString() {
    return "TrustStore[" + location + "]";
  }
}
