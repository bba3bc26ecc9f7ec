package org.kyso.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kyso.core.KeySelector;
import org.kyso.core.KysoException;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.Token;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.token.pkcs12.Pkcs12Token;

/**
 * Keys for the XML tests: identities from a {@link TestPki} (CRL served on 127.0.0.1), written as PKCS#12 files and
 * opened through {@link Pkcs12Token}, as a user's key file would be.
 */
final class XmlFixtures implements AutoCloseable {
  static final String PASSWORD = "test-password";
  final TestPki pki;
  final Path dir;
  private final java.util.List<Token> tokens = new java.util.ArrayList<>();

  XmlFixtures(Path dir) {
    this.pki = TestPki.start();
    this.dir = dir;
  }

  /** An RSA-2048 key for a person. */
  SigningKey rsaKey(String name) throws KysoException {
    return key(pki.pki().person(name), name.replaceAll("\\W", "") + ".p12");
  }

  /** An EC P-256 key for a person. */
  SigningKey ecKey(String name) throws KysoException {
    return key(pki.pki().issue(CertificateSpec.person(name).withKeyKind(DevPki.KeyKind.EC_P256)),
        "ec-" + name.replaceAll("\\W", "") + ".p12");
  }

  SigningKey key(DevPki.Identity id, String fileName) throws KysoException {
    try {
      Path p12 = TestPki.writeP12(id, dir.resolve(fileName), PASSWORD);
      Token token = Pkcs12Token.open(p12, PinSource.of(PASSWORD.toCharArray()));
      tokens.add(token);
      return token.key(KeySelector.any());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  TrustAnchors trust() {
    return TrustAnchors.of(pki.pki().root().certificate());
  }

  Path rootPem() {
    try {
      return pki.writeRootPem(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = XmlFixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path write(String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    tokens.forEach(Token::close);
    pki.close();
  }
}
