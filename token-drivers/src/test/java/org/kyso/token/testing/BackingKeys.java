package org.kyso.token.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.Token;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.token.pkcs11.Pkcs11Token;
import org.kyso.token.pkcs12.Pkcs12Token;
import org.opentest4j.TestAbortedException;

/**
 * The RSA and EC keys a {@link CscTestServer} signs with: the SoftHSM keys through {@link Pkcs11Token} (always in
 * CI), or software keys in a PKCS#12 file when SoftHSM is missing on a developer's machine.
 */
public final class BackingKeys implements AutoCloseable {
  private final Token token;
  private final SigningKey rsa;
  private final SigningKey ec;
  private final boolean hsm;

  private BackingKeys(Token token, SigningKey rsa, SigningKey ec, boolean hsm) {
    this.token = token;
    this.rsa = rsa;
    this.ec = ec;
    this.hsm = hsm;
  }

  public static BackingKeys open() throws Exception {
    try {
      SoftHsm h = SoftHsm.get();
      Pkcs11Token t = Pkcs11Token.open(h.uri(null), SoftHsm.pin());
      return new BackingKeys(t, t.key(KeySelector.label("sign-rsa")), t.key(KeySelector.label("sign-ec")), true);
    } catch (TestAbortedException e) {
      DevPki pki = DevPki.create();
      Path dir = Files.createTempDirectory("kyso-csc-keys");
      char[] pw = "test".toCharArray();
      DevPki.writePkcs12(pki.person("Nguyễn Văn An"), "rsa", pw, dir.resolve("rsa.p12"));
      DevPki.writePkcs12(pki.issue(CertificateSpec.person("An EC").withKeyKind(DevPki.KeyKind.EC_P256)), "ec", pw,
          dir.resolve("ec.p12"));
      Token rt = Pkcs12Token.open(dir.resolve("rsa.p12"), PinSource.of(pw));
      Token et = Pkcs12Token.open(dir.resolve("ec.p12"), PinSource.of(pw));
      Token both = new Token() {
        @Override
        public java.util.List<org.kyso.core.KeyInfo> keys() throws KysoException {
          return rt.keys();
        }

        @Override
        public SigningKey key(KeySelector selector) throws KysoException {
          return rt.key(selector);
        }

        @Override
        public void close() {
          rt.close();
          et.close();
        }
      };
      return new BackingKeys(both, rt.key(KeySelector.any()), et.key(KeySelector.any()), false);
    }
  }

  public SigningKey rsa() {
    return rsa;
  }

  public SigningKey ec() {
    return ec;
  }

  /** True when the keys are SoftHSM's. */
  public boolean hsm() {
    return hsm;
  }

  @Override
  public void close() {
    token.close();
  }
}
