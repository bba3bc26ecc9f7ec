package org.kyso.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.PinSource;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.core.devpki.DevPki;
import org.kyso.token.pkcs11.Pkcs11Token;
import org.kyso.token.testing.SoftHsm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {

  private static void assertSigns(SigningKey key) throws Exception {
    byte[] data = "Keys.open".getBytes(StandardCharsets.UTF_8);
    byte[] sig = key.signDigest(key.algorithmFor(DigestAlgorithm.SHA256), DigestAlgorithm.SHA256.digest(data));
    Signature v = Signature.getInstance(key.keyType() == SignatureAlgorithm.KeyType.EC ? "SHA256withECDSA"
        : "SHA256withRSA");
    v.initVerify(key.certificate());
    v.update(data);
    assertThat(v.verify(sig)).isTrue();
  }

  @Test
  void opensAPkcs12Key(@TempDir Path dir) throws Exception {
    DevPki.writePkcs12(DevPki.create().person("An"), "an", "pw".toCharArray(), dir.resolve("an.p12"));
    try (SigningKey key = Keys.open("p12:" + dir.resolve("an.p12") + "#an", PinSource.of("pw".toCharArray()))) {
      assertSigns(key);
    }
  }

  @Test
  void opensAPkcs11KeyByTheContractUri() throws Exception {
    SoftHsm.get();
    String spec = "pkcs11:token=An;object=sign-ec?module-path=" + SoftHsm.MODULE;
    try (SigningKey key = Keys.open(spec, KeyOptions.builder(SoftHsm.pin()).pkcs11Sessions(2).build())) {
      assertThat(key.keyType()).isEqualTo(SignatureAlgorithm.KeyType.EC);
      assertSigns(key);
      assertSigns(key);
      assertThat(Keys.tokenOf(key)).get().isInstanceOfSatisfying(Pkcs11Token.class,
          t -> assertThat(t.loginCount()).isEqualTo(1));
    }
    try (SigningKey key = Keys.open("pkcs11:token=An;id=%01?module-path=" + SoftHsm.MODULE, SoftHsm.pin())) {
      assertThat(key.keyType()).isEqualTo(SignatureAlgorithm.KeyType.RSA);
      assertSigns(key);
    }
  }

  @Test
  void closesTheTokenWhenTheKeyIsMissing() throws Exception {
    SoftHsm.get();
    assertThatThrownBy(() -> Keys.open("pkcs11:token=An;object=nocert?module-path=" + SoftHsm.MODULE,
        SoftHsm.pin())).isInstanceOfSatisfying(TokenException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.KEY_NOT_FOUND));
  }

  @Test
  void refusesUnknownFormsAndUrisWithoutALibrary() {
    PinSource pin = PinSource.of(new char[0]);
    assertThatThrownBy(() -> Keys.open("pem:key.pem", pin)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("p12:FILE");
    assertThatThrownBy(() -> Keys.open("pkcs11:token=An", pin)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("module-path");
    assertThatThrownBy(() -> Keys.open("csc:http://example.com/csc/v2?credential=a", pin))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
