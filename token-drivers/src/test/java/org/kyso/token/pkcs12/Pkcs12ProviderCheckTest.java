package org.kyso.token.pkcs12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.KeySelector;
import org.kyso.core.PinSource;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.SigningKey;
import org.kyso.core.Token;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.internal.SignatureValues;

/**
 * A PKCS#12 key vouches for its RSA PKCS#1 v1.5 values (the JDK verified each with the certificate's public key
 * before returning it), so signers do not verify them a second time; it vouches for nothing else (issue 19).
 */
class Pkcs12ProviderCheckTest {
  static final char[] PW = "test".toCharArray();
  static DevPki pki;
  static DevPki.Identity an;
  static DevPki.Identity binh;
  @TempDir static Path dir;

  @BeforeAll
  static void pki() {
    pki = DevPki.create();
    an = pki.person("Nguyễn Văn An");
    binh = pki.person("Trần Thị Bình");
  }

  private static SigningKey key(DevPki.Identity id, String name) throws Exception {
    Path f = dir.resolve(name + ".p12");
    DevPki.writePkcs12(id, name, PW, f);
    Token t = Pkcs12Token.open(f, PinSource.of(PW));
    return t.key(KeySelector.any());
  }

  private static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  @Test
  void anRsaValueIsVouchedForAndVerifiesAnyway() throws Exception {
    byte[] data = "công văn".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (SigningKey key = key(an, "an")) {
      byte[] value = key.signDigest(SignatureAlgorithm.RSA_SHA256, sha256(data));
      assertThat(SignatureValues.vouchWaits(value)).isTrue();
      assertThat(SignatureValues.verifies(an.certificate().getPublicKey(), SignatureAlgorithm.RSA_SHA256, data, value))
          .isTrue();
      SignatureValues.requireKeyMatches(an.certificate(), SignatureAlgorithm.RSA_SHA256, data, value);
    }
  }

  @Test
  void pssEcdsaAndAKeyThatIsNotTheCertificatesAreNotVouchedFor() throws Exception {
    byte[] data = {1, 2, 3};
    try (SigningKey key = key(an, "an-pss")) {
      byte[] pss = key.signDigest(SignatureAlgorithm.RSA_PSS_SHA256, sha256(data));
      assertThat(SignatureValues.vouchWaits(pss)).isFalse();
    }
    DevPki.Identity ec = pki.issue(CertificateSpec.person("An EC").withKeyKind(DevPki.KeyKind.EC_P256));
    try (SigningKey key = key(ec, "ec")) {
      byte[] v = key.signDigest(SignatureAlgorithm.ECDSA_SHA256, sha256(data));
      assertThat(SignatureValues.vouchWaits(v)).isFalse();
    }
    // Bình's private key filed with An's certificate: the JDK checks with Bình's own modulus, which is not An's
    DevPki.Identity mismatched = new DevPki.Identity(binh.privateKey(), an.certificate(), an.chain());
    try (SigningKey key = key(mismatched, "mismatched")) {
      byte[] v = key.signDigest(SignatureAlgorithm.RSA_SHA256, sha256(data));
      assertThat(SignatureValues.vouchWaits(v)).isFalse();
      assertThatThrownBy(() -> SignatureValues.requireKeyMatches(an.certificate(), SignatureAlgorithm.RSA_SHA256,
          data, v)).isInstanceOf(SignerCertificateException.class)
          .hasMessageStartingWith("The key does not match the certificate of Nguyễn Văn An");
    }
  }

  @Test
  void threadsReusingTheKeysSignaturesEachGetTheirOwnRightValues() throws Exception {
    try (SigningKey key = key(an, "an-threads")) {
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        java.util.List<java.util.concurrent.Future<Boolean>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
          byte[] data = ("văn bản " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
          all.add(pool.submit(() -> SignatureValues.verifies(an.certificate().getPublicKey(),
              SignatureAlgorithm.RSA_SHA256, data, key.signDigest(SignatureAlgorithm.RSA_SHA256, sha256(data)))));
        }
        for (var f : all) {
          assertThat(f.get()).isTrue();
        }
      } finally {
        pool.shutdown();
      }
      // a wrong digest length is refused with the signature put aside, and the next value is right
      assertThatThrownBy(() -> key.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[5]))
          .isInstanceOf(IllegalArgumentException.class);
      byte[] data = {9};
      assertThat(SignatureValues.verifies(an.certificate().getPublicKey(), SignatureAlgorithm.RSA_SHA256, data,
          key.signDigest(SignatureAlgorithm.RSA_SHA256, sha256(data)))).isTrue();
    }
  }
}
