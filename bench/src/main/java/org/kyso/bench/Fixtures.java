package org.kyso.bench;

import eu.europa.esig.dss.token.KSPrivateKeyEntry;
import eu.europa.esig.dss.token.Pkcs12SignatureToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;
import org.kyso.token.pkcs12.Pkcs12Token;

/**
 * The keys of a benchmark run: a throw-away {@link DevPki}, one RSA-2048 signer written to a PKCS#12 file, opened
 * once through kyso's {@link Pkcs12Token} and once through DSS's {@link Pkcs12SignatureToken} (the cookbook way).
 */
public final class Fixtures implements AutoCloseable {
  static final char[] PASSWORD = "bench-only".toCharArray();

  public final DevPki pki;
  public final DevPki.Identity signer;
  public final Path p12;
  public final Pkcs12Token kysoToken;
  public final SigningKey kysoKey;
  public final Pkcs12SignatureToken dssToken;
  public final KSPrivateKeyEntry dssKey;

  private Fixtures(Path dir) throws IOException, KysoException {
    Files.createDirectories(dir);
    pki = DevPki.create();
    signer = pki.person("Nguyễn Văn An");
    p12 = dir.resolve("signer.p12");
    Files.deleteIfExists(p12);
    DevPki.writePkcs12(signer, "signer", PASSWORD, p12);
    kysoToken = Pkcs12Token.open(p12, PinSource.of(PASSWORD.clone()));
    kysoKey = kysoToken.key(KeySelector.any());
    dssToken = new Pkcs12SignatureToken(p12.toFile(), new KeyStore.PasswordProtection(PASSWORD.clone()));
    dssKey = (KSPrivateKeyEntry) dssToken.getKeys().get(0);
  }

  /** Creates the PKI and keys under {@code dir}. */
  public static Fixtures create(Path dir) {
    try {
      return new Fixtures(dir);
    } catch (IOException | KysoException e) {
      throw new IllegalStateException("cannot create the benchmark keys", e);
    }
  }

  /** The folder benchmark inputs live in: {@code -Dkyso.bench.dir}, else {@code target/bench-inputs}. */
  public static Path dir() {
    return Path.of(System.getProperty("kyso.bench.dir", "target/bench-inputs")).toAbsolutePath();
  }

  @Override
  public void close() {
    kysoKey.close();
    kysoToken.close();
    dssToken.close();
  }
}
