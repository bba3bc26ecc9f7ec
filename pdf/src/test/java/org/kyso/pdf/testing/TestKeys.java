package org.kyso.pdf.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.Pin;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.token.pkcs12.Pkcs12Token;

/** Signing keys for tests, through real PKCS#12 files. */
public final class TestKeys {
  public static final String PASSWORD = "kyso-test-1234";

  private TestKeys() {}

  public static PinSource password() {
    return prompt -> Pin.wrap(PASSWORD.toCharArray());
  }

  /** Writes the identity as a PKCS#12 file in {@code dir} and opens its key. */
  public static SigningKey p12(DevPki.Identity id, Path dir, String name) throws IOException, KysoException {
    Path file = TestPki.writeP12(id, dir.resolve(name + ".p12"), PASSWORD);
    return open(file);
  }

  public static SigningKey open(Path p12) throws KysoException {
    return org.kyso.token.Keys.owning(Pkcs12Token.open(p12, password()), KeySelector.any());
  }
}
