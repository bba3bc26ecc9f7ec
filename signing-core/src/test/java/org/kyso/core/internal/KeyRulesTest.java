package org.kyso.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.DocumentException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.devpki.DevPki;

/** The one key-type helper ({@link KeyTypes}) and the one signature-value check ({@link SignatureValues}). */
class KeyRulesTest {
  private static KeyPair pair(String alg, Object param) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
    if (param instanceof Integer bits) {
      g.initialize(bits);
    } else if (param instanceof String curve) {
      g.initialize(new ECGenParameterSpec(curve));
    }
    return g.generateKeyPair();
  }

  @Test
  void rsaBelow2048BitsIsRefusedWithTheRuleNamed() throws Exception {
    assertThatThrownBy(() -> KeyTypes.checkForSigning(pair("RSA", 1024).getPublic(), "Nguyễn Văn An"))
        .isInstanceOf(SignerCertificateException.class)
        .hasMessage("The key of Nguyễn Văn An is RSA 1024 bits; kyso signs only with RSA keys of 2048 bits or more.");
    KeyTypes.checkForSigning(pair("RSA", 2048).getPublic(), "An");
  }

  @Test
  void onlyP256AndP384CurvesAndNoEdDsaKeysSign() throws Exception {
    KeyTypes.checkForSigning(pair("EC", "secp256r1").getPublic(), "An");
    KeyTypes.checkForSigning(pair("EC", "secp384r1").getPublic(), "An");
    assertThatThrownBy(() -> KeyTypes.checkForSigning(pair("EC", "secp521r1").getPublic(), "An"))
        .isInstanceOf(SignerCertificateException.class).hasMessageContaining("only with P-256 or P-384 keys");
    assertThatThrownBy(() -> KeyTypes.checkForSigning(pair("Ed25519", null).getPublic(), "An"))
        .isInstanceOf(SignerCertificateException.class)
        .hasMessageContaining("is a EdDSA key; kyso signs only with RSA and ECDSA keys");
  }

  @Test
  void sha1CannotBeAskedForWhenSigning() {
    // no digest and no signature algorithm that kyso signs with is SHA-1: the rule holds by construction
    assertThat(DigestAlgorithm.values()).extracting(DigestAlgorithm::jcaName).noneMatch(n -> n.contains("SHA-1"));
    assertThat(SignatureAlgorithm.values()).noneMatch(a -> a.name().contains("SHA1"));
    assertThatThrownBy(() -> DigestAlgorithm.valueOf("SHA1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyFamilyAndEcdsaIntegerLength() throws Exception {
    assertThat(KeyTypes.of(pair("RSA", 2048).getPublic())).isEqualTo(SignatureAlgorithm.KeyType.RSA);
    assertThat(KeyTypes.of(pair("EC", "secp256r1").getPublic())).isEqualTo(SignatureAlgorithm.KeyType.EC);
    assertThat(KeyTypes.ecIntegerBytes(pair("EC", "secp256r1").getPublic())).isEqualTo(32);
    assertThat(KeyTypes.ecIntegerBytes(pair("EC", "secp384r1").getPublic())).isEqualTo(48);
  }

  @Test
  void aValueVerifiesOnlyWithTheKeyThatMadeIt() throws Exception {
    byte[] data = "SignedInfo".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    KeyPair rsa = pair("RSA", 2048);
    KeyPair other = pair("RSA", 2048);
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(rsa.getPrivate());
    s.update(data);
    byte[] value = s.sign();
    assertThat(SignatureValues.verifies(rsa.getPublic(), SignatureAlgorithm.RSA_SHA256, data, value)).isTrue();
    assertThat(SignatureValues.verifies(other.getPublic(), SignatureAlgorithm.RSA_SHA256, data, value)).isFalse();
    assertThat(SignatureValues.verifies(rsa.getPublic(), SignatureAlgorithm.RSA_SHA256, data, new byte[3])).isFalse();

    Signature pss = Signature.getInstance("RSASSA-PSS");
    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    pss.initSign(rsa.getPrivate());
    pss.update(data);
    assertThat(SignatureValues.verifies(rsa.getPublic(), SignatureAlgorithm.RSA_PSS_SHA256, data, pss.sign())).isTrue();

    KeyPair ec = pair("EC", "secp256r1");
    Signature der = Signature.getInstance("SHA256withECDSA");
    der.initSign(ec.getPrivate());
    der.update(data);
    assertThat(SignatureValues.verifies(ec.getPublic(), SignatureAlgorithm.ECDSA_SHA256, data, der.sign())).isTrue();
    Signature raw = Signature.getInstance("SHA256withECDSAinP1363Format");
    raw.initSign(ec.getPrivate());
    raw.update(data);
    byte[] rs = raw.sign();
    assertThat(SignatureValues.verifies(ec.getPublic(), SignatureAlgorithm.ECDSA_SHA256, data, rs)).isTrue();
    byte[] flipped = Arrays.copyOf(rs, rs.length);
    flipped[5] ^= 1;
    assertThat(SignatureValues.verifies(ec.getPublic(), SignatureAlgorithm.ECDSA_SHA256, data, flipped)).isFalse();
  }

  /** An and Bình, and Bình's signature of {1, 2, 3}: a value that does not verify with An's certificate. */
  private record TwoSigners(DevPki pki, DevPki.Identity an, DevPki.Identity binh, byte[] data, byte[] byBinh) {
    static TwoSigners make() throws Exception {
      DevPki pki = DevPki.create();
      DevPki.Identity binh = pki.person("Trần Thị Bình");
      byte[] data = {1, 2, 3};
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(binh.privateKey());
      s.update(data);
      return new TwoSigners(pki, pki.person("Nguyễn Văn An"), binh, data, s.sign());
    }
  }

  @Test
  void oneStepAndTwoStepsNameTheirFailureDifferently() throws Exception {
    TwoSigners t = TwoSigners.make();
    DevPki.Identity an = t.an();
    DevPki.Identity binh = t.binh();
    byte[] data = t.data();
    byte[] byBinh = t.byBinh();
    assertThatThrownBy(() -> SignatureValues.requireKeyMatches(an.certificate(), SignatureAlgorithm.RSA_SHA256, data,
        byBinh)).isInstanceOf(SignerCertificateException.class)
        .hasMessageStartingWith("The key does not match the certificate of Nguyễn Văn An");
    assertThatThrownBy(() -> SignatureValues.requireValid(an.certificate(), SignatureAlgorithm.RSA_SHA256, data,
        byBinh)).isInstanceOf(DocumentException.class).hasMessageContaining("does not match this document");
    SignatureValues.requireKeyMatches(binh.certificate(), SignatureAlgorithm.RSA_SHA256, data, byBinh);
    SignatureValues.requireValid(binh.certificate(), SignatureAlgorithm.RSA_SHA256, data, byBinh);
  }

  @Test
  void aValueItsProviderCheckedIsNotVerifiedAgainButNothingElseIsTakenOnTrust() throws Exception {
    TwoSigners t = TwoSigners.make();
    DevPki pki = t.pki();
    DevPki.Identity an = t.an();
    byte[] data = t.data();
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(data);
    byte[] byBinh = t.byBinh(); // does not verify with An's certificate: only a vouch lets it through
    SignatureAlgorithm rsa = SignatureAlgorithm.RSA_SHA256;
    java.security.PublicKey anKey = an.certificate().getPublicKey();

    SignatureValues.providerChecked(byBinh, anKey, rsa, digest);
    assertThat(SignatureValues.vouchWaits(byBinh)).isTrue();
    SignatureValues.requireKeyMatches(an.certificate(), anKey, rsa, data, byBinh); // taken on the vouch
    assertThat(SignatureValues.vouchWaits(byBinh)).isFalse(); // used once
    assertThatThrownBy(() -> SignatureValues.requireKeyMatches(an.certificate(), anKey, rsa, data, byBinh))
        .isInstanceOf(SignerCertificateException.class);

    // other data, other bytes, another certificate, another algorithm, another thread: verified as ever
    SignatureValues.providerChecked(byBinh, anKey, rsa, digest);
    assertThatThrownBy(() -> SignatureValues.requireKeyMatches(an.certificate(), anKey, rsa, new byte[] {1, 2, 4},
        byBinh)).isInstanceOf(SignerCertificateException.class);
    byte[] altered = byBinh.clone();
    SignatureValues.providerChecked(byBinh, anKey, rsa, digest);
    altered[7] ^= 1;
    assertThatThrownBy(() -> SignatureValues.requireKeyMatches(an.certificate(), anKey, rsa, data, altered))
        .isInstanceOf(SignerCertificateException.class);
    byte[] inPlace = byBinh.clone();
    SignatureValues.providerChecked(inPlace, anKey, rsa, digest);
    inPlace[7] ^= 1; // the vouch kept its own copy
    assertThatThrownBy(() -> SignatureValues.requireKeyMatches(an.certificate(), anKey, rsa, data, inPlace))
        .isInstanceOf(SignerCertificateException.class);
    DevPki.Identity chi = pki.person("Lê Văn Chi");
    SignatureValues.providerChecked(byBinh, anKey, rsa, digest);
    assertThatThrownBy(() -> SignatureValues.requireKeyMatches(chi.certificate(), rsa, data, byBinh))
        .isInstanceOf(SignerCertificateException.class);
    SignatureValues.providerChecked(byBinh, anKey, rsa, digest);
    assertThatThrownBy(() -> SignatureValues.requireKeyMatches(an.certificate(), anKey, SignatureAlgorithm.RSA_PSS_SHA256,
        data, byBinh)).isInstanceOf(SignerCertificateException.class);
    Thread other = new Thread(() -> SignatureValues.providerChecked(byBinh, anKey, rsa, digest));
    other.start();
    other.join();
    assertThatThrownBy(() -> SignatureValues.requireKeyMatches(an.certificate(), anKey, rsa, data, byBinh))
        .isInstanceOf(SignerCertificateException.class);
    // two steps never take a vouch: the value came from outside
    SignatureValues.providerChecked(byBinh, anKey, rsa, digest);
    assertThatThrownBy(() -> SignatureValues.requireValid(an.certificate(), rsa, data, byBinh))
        .isInstanceOf(DocumentException.class);
  }
}
