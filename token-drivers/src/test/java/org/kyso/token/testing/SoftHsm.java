package org.kyso.token.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.kyso.core.PinSource;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.token.pkcs11.Pkcs11Uri;

/**
 * A fresh SoftHSM2 token store for the tests, made once per test JVM before the library is loaded: token "An"
 * holds an RSA-2048 key (label sign-rsa, id 01), an EC P-256 key (sign-ec, id 02), both with certificates from a
 * {@link DevPki}, the issuing CA certificate (id 10), and a key without certificate (nocert, id 03).
 *
 * <p>SoftHSM reads {@code SOFTHSM2_CONF} when it is initialised, so token-drivers' surefire configuration sets
 * that variable to {@code target/softhsm/softhsm2.conf}; this class writes that file. Keys are imported with
 * {@code softhsm2-util --import} and certificates with OpenSC's {@code pkcs11-tool}, so the tests rely on
 * independent tools for the setup. Skips (or fails under CI) when SoftHSM or OpenSC is missing.
 */
public final class SoftHsm {
  public static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
  public static final String LABEL = "An";
  /** Distinctive values, so that a test can search logs and messages for them. */
  public static final String USER_PIN = "735291";
  public static final String SO_PIN = "84629173";

  private static SoftHsm instance;

  private final Path dir;
  private final DevPki pki;
  private final DevPki.Identity rsa;
  private final DevPki.Identity ec;

  private SoftHsm(Path dir, DevPki pki, DevPki.Identity rsa, DevPki.Identity ec) {
    this.dir = dir;
    this.pki = pki;
    this.rsa = rsa;
    this.ec = ec;
  }

  /** The token store, created on first use. */
  public static synchronized SoftHsm get() {
    if (instance == null) {
      instance = create();
    }
    return instance;
  }

  private static SoftHsm create() {
    ExternalTools.requireFile(MODULE, "softhsm2");
    ExternalTools.require("softhsm2-util", "softhsm2");
    ExternalTools.require("pkcs11-tool", "opensc");
    String conf = System.getenv("SOFTHSM2_CONF");
    if (conf == null) {
      String msg = "SOFTHSM2_CONF is not set for this JVM: run the tests through Maven (token-drivers/pom.xml sets it)";
      if (ExternalTools.inCi()) {
        throw new AssertionError(msg);
      }
      org.junit.jupiter.api.Assumptions.abort(msg);
    }
    try {
      Path confFile = Path.of(conf).toAbsolutePath().normalize();
      Path dir = confFile.getParent();
      // this folder is wiped: never let a stray SOFTHSM2_CONF (e.g. /etc/softhsm) point it at real tokens
      boolean underTarget = dir.getParent() != null && dir.getParent().getFileName() != null
          && dir.getParent().getFileName().toString().equals("target");
      boolean underTmp = dir.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
      if (!underTarget && !underTmp) {
        throw new AssertionError("SOFTHSM2_CONF must point into a build folder (target/softhsm/…) or the temp"
            + " folder, not " + confFile + ": the test token store there is deleted and recreated");
      }
      Path tokens = dir.resolve("tokens");
      deleteTree(dir);
      Files.createDirectories(tokens);
      Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
          + "log.level = ERROR\nslots.removable = false\nslots.mechanisms = ALL\n", StandardCharsets.UTF_8);
      run(List.of("softhsm2-util", "--init-token", "--free", "--label", LABEL, "--so-pin", SO_PIN, "--pin",
          USER_PIN));
      DevPki pki = DevPki.create();
      DevPki.Identity rsa = pki.person("Nguyễn Văn An");
      DevPki.Identity ec = pki.issue(CertificateSpec.person("Nguyễn Văn An (EC)").withKeyKind(DevPki.KeyKind.EC_P256));
      DevPki.Identity nocert = pki.person("Không có chứng thư");
      importKey(dir, rsa, "sign-rsa", "01", true);
      importKey(dir, ec, "sign-ec", "02", true);
      importKey(dir, nocert, "nocert", "03", false);
      writeCert(dir, pki.issuingCa().certificate().getEncoded(), "issuing-ca", "10");
      return new SoftHsm(dir, pki, rsa, ec);
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new AssertionError("cannot create the SoftHSM token store", e);
    }
  }

  private static void importKey(Path dir, DevPki.Identity id, String label, String hexId, boolean withCert)
      throws IOException, java.security.GeneralSecurityException {
    Path pem = dir.resolve(label + ".key.pem");
    Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(id.privateKey().getEncoded())
        + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
    try {
      run(List.of("softhsm2-util", "--import", pem.toString(), "--token", LABEL, "--label", label, "--id", hexId,
          "--pin", USER_PIN));
    } finally {
      Files.deleteIfExists(pem);
    }
    if (withCert) {
      writeCert(dir, id.certificate().getEncoded(), label, hexId);
    }
  }

  private static void writeCert(Path dir, byte[] der, String label, String hexId) throws IOException {
    Path file = dir.resolve(label + ".cert.der");
    Files.write(file, der);
    run(List.of("pkcs11-tool", "--module", MODULE, "--token-label", LABEL, "--login", "--pin", USER_PIN,
        "--write-object", file.toString(), "--type", "cert", "--id", hexId, "--label", label));
  }

  /** Runs a tool with this JVM's SOFTHSM2_CONF; fails the test with the tool's output when it fails. */
  public static String run(List<String> command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
      Process p = pb.start();
      p.getOutputStream().close();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command.get(0));
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(command.get(0) + " failed (" + p.exitValue() + "): " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  public Path dir() {
    return dir;
  }

  public DevPki pki() {
    return pki;
  }

  public DevPki.Identity rsa() {
    return rsa;
  }

  public DevPki.Identity ec() {
    return ec;
  }

  public static PinSource pin() {
    return PinSource.of(USER_PIN.toCharArray());
  }

  /** {@code pkcs11:token=An;object=LABEL?module-path=…} (object omitted when null). */
  public Pkcs11Uri uri(String object) {
    return Pkcs11Uri.builder().token(LABEL).object(object).modulePath(Path.of(MODULE)).build();
  }

  /**
   * Builds the test shim library (see src/test/resources/pkcs11-shim.c) over a private copy of SoftHSM, so that
   * it is a separate library instance in this JVM. Skips (or fails under CI) without gcc.
   */
  public Path shim(String name, int lockAfter, long hiddenMechanism) {
    return shim(name, lockAfter, hiddenMechanism, 0);
  }

  /**
   * As {@link #shim(String, int, long)}, and a token pulled out after {@code removeAfterSignatures} signatures (0:
   * never): from then on it answers CKR_DEVICE_REMOVED to a signature and CKR_TOKEN_NOT_PRESENT to a new session,
   * a login and a look at its information. The count is the loading process's.
   */
  public Path shim(String name, int lockAfter, long hiddenMechanism, int removeAfterSignatures) {
    ExternalTools.require("gcc", "gcc");
    try {
      Path shimDir = dir.resolve("shim-" + name);
      Files.createDirectories(shimDir);
      Path realCopy = shimDir.resolve("libsofthsm2-copy.so");
      Files.copy(Path.of(MODULE).toRealPath(), realCopy, StandardCopyOption.REPLACE_EXISTING);
      Path source = shimDir.resolve("pkcs11-shim.c");
      try (InputStream in = SoftHsm.class.getResourceAsStream("/pkcs11-shim.c")) {
        Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
      }
      Path lib = shimDir.resolve("libkyso-shim-" + name + ".so");
      run(List.of("gcc", "-shared", "-fPIC", "-O1", "-o", lib.toString(), source.toString(),
          "-DREAL_LIB=\"" + realCopy + "\"", "-DLOCK_AFTER=" + lockAfter,
          "-DHIDE_MECH=" + (hiddenMechanism < 0 ? "(~0UL)" : "0x" + Long.toHexString(hiddenMechanism) + "UL"),
          "-DREMOVE_AFTER=" + removeAfterSignatures,
          "-ldl"));
      return lib;
    } catch (IOException e) {
      throw new AssertionError("cannot build the PKCS#11 test shim", e);
    }
  }
}
