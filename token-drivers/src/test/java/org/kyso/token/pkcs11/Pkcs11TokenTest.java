package org.kyso.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.KeyInfo;
import org.kyso.core.KeySelector;
import org.kyso.core.PinSource;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TokenException;
import org.kyso.token.internal.Der;
import org.kyso.token.internal.pkcs11.LoadedModule;
import org.kyso.token.testing.SoftHsm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xipki.pkcs11.wrapper.PKCS11Constants;

class Pkcs11TokenTest {
  private static SoftHsm hsm;

  @BeforeAll
  static void tokens() {
    hsm = SoftHsm.get();
  }

  private static byte[] digest(DigestAlgorithm alg, String text) {
    return alg.digest(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void verify(X509Certificate cert, String jcaAlg, byte[] data, byte[] sig) throws Exception {
    Signature v = Signature.getInstance(jcaAlg);
    v.initVerify(cert.getPublicKey());
    v.update(data);
    assertThat(v.verify(sig)).as(jcaAlg + " signature verifies").isTrue();
  }

  @Test
  void listsTheTokenAndItsCertificatesWithoutLogin() throws Exception {
    Pkcs11Module module = Pkcs11Module.load(Path.of(SoftHsm.MODULE));
    Pkcs11Slot slot = module.slots().stream()
        .filter(s -> s.token().map(t -> t.label().equals(SoftHsm.LABEL)).orElse(false)).findFirst().orElseThrow();
    Pkcs11TokenInfo t = slot.token().orElseThrow();
    assertThat(t.manufacturer()).contains("SoftHSM");
    assertThat(t.serial()).isNotBlank();
    assertThat(t.loginRequired()).isTrue();
    assertThat(module.description()).contains("SoftHSM");

    List<Pkcs11Object> objects = module.publicObjects(slot);
    assertThat(objects).filteredOn(o -> o.kind() == Pkcs11Object.Kind.CERTIFICATE)
        .extracting(Pkcs11Object::label).contains("sign-rsa", "sign-ec", "issuing-ca");
    Pkcs11Object rsaCert = objects.stream().filter(o -> o.label().equals("sign-rsa")
        && o.kind() == Pkcs11Object.Kind.CERTIFICATE).findFirst().orElseThrow();
    assertThat(rsaCert.certificate()).contains(hsm.rsa().certificate());
    assertThat(rsaCert.uri().toString()).startsWith("pkcs11:token=An;serial=").contains(";object=sign-rsa;id=%01")
        .endsWith("?module-path=" + SoftHsm.MODULE);
    assertThat(objects).noneMatch(o -> o.kind() == Pkcs11Object.Kind.PRIVATE_KEY);
  }

  @Test
  void listsPrivateKeysWithTheirCertificatesAfterLogin() throws Exception {
    try (Pkcs11Token token = Pkcs11Token.open(hsm.uri(null), SoftHsm.pin())) {
      List<KeyInfo> keys = token.keys();
      assertThat(keys).extracting(KeyInfo::label).containsExactlyInAnyOrder("sign-rsa", "sign-ec", "nocert");
      KeyInfo rsa = keys.stream().filter(k -> k.label().equals("sign-rsa")).findFirst().orElseThrow();
      assertThat(rsa.id()).containsExactly(1);
      assertThat(rsa.certificate()).contains(hsm.rsa().certificate());
      assertThat(keys.stream().filter(k -> k.label().equals("nocert")).findFirst().orElseThrow().certificate())
          .isEmpty();
      assertThat(token.info().label()).isEqualTo("An");
    }
  }

  @Test
  void rsaPkcs1SignaturesVerifyWithTheCertificate() throws Exception {
    try (Pkcs11Token token = Pkcs11Token.open(hsm.uri("sign-rsa"), SoftHsm.pin());
        SigningKey key = token.key(KeySelector.label("sign-rsa"))) {
      assertThat(key.certificate()).isEqualTo(hsm.rsa().certificate());
      assertThat(key.certificateChain()).containsExactly(hsm.rsa().certificate(),
          hsm.pki().issuingCa().certificate());
      byte[] data = "Quyết định số 15/QĐ-UBND".getBytes(StandardCharsets.UTF_8);
      for (DigestAlgorithm d : DigestAlgorithm.values()) {
        SignatureAlgorithm alg = key.algorithmFor(d);
        byte[] sig = key.signDigest(alg, d.digest(data));
        verify(key.certificate(), d.jcaName().replace("-", "") + "withRSA", data, sig);
      }
    }
  }

  @Test
  void rsaPssSignaturesVerifyWithTheCertificate() throws Exception {
    try (Pkcs11Token token = Pkcs11Token.open(hsm.uri(null), SoftHsm.pin());
        SigningKey key = token.key(KeySelector.id(new byte[] {1}))) {
      byte[] data = "PSS".getBytes(StandardCharsets.UTF_8);
      for (DigestAlgorithm d : DigestAlgorithm.values()) {
        byte[] sig = key.signDigest(SignatureAlgorithm.of(SignatureAlgorithm.KeyType.RSA, d, true), d.digest(data));
        Signature v = Signature.getInstance("RSASSA-PSS");
        v.setParameter(new PSSParameterSpec(d.jcaName(), "MGF1", new MGF1ParameterSpec(d.jcaName()), d.length(), 1));
        v.initVerify(key.certificate().getPublicKey());
        v.update(data);
        assertThat(v.verify(sig)).as("PSS with " + d).isTrue();
      }
    }
  }

  @Test
  void ecdsaSignaturesAreDerAndVerifyWithTheCertificate() throws Exception {
    try (Pkcs11Token token = Pkcs11Token.open(hsm.uri("sign-ec"), SoftHsm.pin());
        SigningKey key = token.key(token.uri().keySelector())) {
      assertThat(key.keyType()).isEqualTo(SignatureAlgorithm.KeyType.EC);
      byte[] data = "ECDSA P-256".getBytes(StandardCharsets.UTF_8);
      for (DigestAlgorithm d : DigestAlgorithm.values()) {
        byte[] sig = key.signDigest(key.algorithmFor(d), d.digest(data));
        assertThat(org.kyso.core.internal.EcdsaValues.isDer(sig)).isTrue();
        verify(key.certificate(), d.jcaName().replace("-", "") + "withECDSA", data, sig);
      }
    }
  }

  @Test
  void aKeyWithoutCertificateIsKeyNotFound() throws Exception {
    try (Pkcs11Token token = Pkcs11Token.open(hsm.uri(null), SoftHsm.pin())) {
      assertThatThrownBy(() -> token.key(KeySelector.label("nocert")))
          .isInstanceOfSatisfying(TokenException.class,
              e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.KEY_NOT_FOUND))
          .hasMessageContaining("'nocert'").hasMessageContaining("no certificate");
      assertThatThrownBy(() -> token.key(KeySelector.label("missing")))
          .isInstanceOfSatisfying(TokenException.class,
              e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.KEY_NOT_FOUND));
    }
  }

  @Test
  void aWrongPinIsWrongPinAndNotShown() {
    assertThatThrownBy(() -> Pkcs11Token.open(hsm.uri(null), PinSource.of("918273".toCharArray())))
        .isInstanceOfSatisfying(TokenException.class, e -> {
          assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_PIN);
          assertThat(e.getMessage()).isEqualTo("The PIN for token 'An' is wrong.");
        });
  }

  @Test
  void anUnknownTokenLabelIsTokenAbsent() {
    Pkcs11Uri uri = Pkcs11Uri.parse("pkcs11:token=Nobody?module-path=" + SoftHsm.MODULE);
    assertThatThrownBy(() -> Pkcs11Token.open(uri, SoftHsm.pin()))
        .isInstanceOfSatisfying(TokenException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.TOKEN_ABSENT))
        .hasMessageContaining("'Nobody'").hasMessageContaining("kyso token list --module");
  }

  @Test
  void aMissingLibraryIsTokenAbsent() {
    Pkcs11Uri uri = Pkcs11Uri.parse("pkcs11:token=An?module-path=/nonexistent/libtoken.so");
    assertThatThrownBy(() -> Pkcs11Token.open(uri, SoftHsm.pin()))
        .isInstanceOfSatisfying(TokenException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.TOKEN_ABSENT))
        .hasMessageContaining("/nonexistent/libtoken.so");
  }

  @Test
  void aHundredSignaturesOnFourThreadsLogInOnce() throws Exception {
    try (Pkcs11Token token = Pkcs11Token.open(hsm.uri(null), SoftHsm.pin(), 4)) {
      SigningKey rsa = token.key(KeySelector.label("sign-rsa"));
      SigningKey ec = token.key(KeySelector.label("sign-ec"));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          int n = i;
          results.add(pool.submit(() -> {
            SigningKey key = n % 2 == 0 ? rsa : ec;
            byte[] data = ("document " + n).getBytes(StandardCharsets.UTF_8);
            byte[] sig = key.signDigest(key.algorithmFor(DigestAlgorithm.SHA256),
                DigestAlgorithm.SHA256.digest(data));
            Signature v = Signature.getInstance(n % 2 == 0 ? "SHA256withRSA" : "SHA256withECDSA");
            v.initVerify(key.certificate());
            v.update(data);
            return v.verify(sig);
          }));
        }
        for (Future<Boolean> f : results) {
          assertThat(f.get()).isTrue();
        }
      } finally {
        pool.shutdown();
      }
      assertThat(token.loginCount()).isEqualTo(1);
    }
  }

  @Test
  void logsInAgainWhenTheTokenLostItsSessions() throws Exception {
    try (Pkcs11Token token = Pkcs11Token.open(hsm.uri(null), SoftHsm.pin());
        SigningKey key = token.key(KeySelector.label("sign-rsa"))) {
      byte[] d = digest(DigestAlgorithm.SHA256, "before");
      key.signDigest(SignatureAlgorithm.RSA_SHA256, d);
      assertThat(token.loginCount()).isEqualTo(1);

      // what pulling the token out and plugging it back in does to an application: every session is closed and
      // the login is gone
      long slotId = slotOf(SoftHsm.LABEL);
      LoadedModule.load(Path.of(SoftHsm.MODULE)).raw().getPKCS11Module().C_CloseAllSessions(slotId);

      byte[] data = "after".getBytes(StandardCharsets.UTF_8);
      byte[] sig = key.signDigest(SignatureAlgorithm.RSA_SHA256, DigestAlgorithm.SHA256.digest(data));
      verify(key.certificate(), "SHA256withRSA", data, sig);
      assertThat(token.loginCount()).isEqualTo(2);
      key.signDigest(SignatureAlgorithm.RSA_SHA256, d);
      assertThat(token.loginCount()).isEqualTo(2);
    }
  }

  private static long slotOf(String label) throws Exception {
    return Pkcs11Module.load(Path.of(SoftHsm.MODULE)).slots().stream()
        .filter(s -> s.token().map(t -> t.label().equals(label)).orElse(false)).findFirst().orElseThrow().slotId();
  }

  @Test
  void thePinLocksAfterTooManyWrongTries() throws Exception {
    Path lib = hsm.shim("lock", 3, -1);
    Pkcs11Uri uri = Pkcs11Uri.builder().token(SoftHsm.LABEL).modulePath(lib).build();
    PinSource wrong = PinSource.of("111111".toCharArray());
    assertThatThrownBy(() -> Pkcs11Token.open(uri, wrong)).isInstanceOfSatisfying(TokenException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_PIN))
        .hasMessage("The PIN for token 'An' is wrong.");
    // the token now says one try is left; kyso passes that on
    assertThatThrownBy(() -> Pkcs11Token.open(uri, wrong)).isInstanceOfSatisfying(TokenException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_PIN))
        .hasMessageContaining("one more wrong PIN will lock the token");
    assertThat(Pkcs11Module.load(lib).slots().stream().flatMap(s -> s.token().stream())
        .filter(t -> t.label().equals("An")).findFirst().orElseThrow().pinFinalTry()).isTrue();
    // a scripted PIN is not tried now: the same wrong PIN again would lock the token
    assertThatThrownBy(() -> Pkcs11Token.open(uri, wrong)).isInstanceOfSatisfying(TokenException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.ACCESS_DENIED))
        .hasMessageContaining("does not try a PIN from --pin-env or --pin-file");
    assertThat(Pkcs11Module.load(lib).slots().stream().flatMap(s -> s.token().stream())
        .filter(t -> t.label().equals("An")).findFirst().orElseThrow().pinLocked()).isFalse();
    // a person typing a wrong PIN may still lock it
    PinSource typedWrong = new PinSource() {
      @Override
      public org.kyso.core.Pin read(String prompt) {
        return org.kyso.core.Pin.wrap("111111".toCharArray());
      }

      @Override
      public boolean interactive() {
        return true;
      }
    };
    assertThatThrownBy(() -> Pkcs11Token.open(uri, typedWrong)).isInstanceOfSatisfying(TokenException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.PIN_LOCKED))
        .hasMessageContaining("now locked");
    // now locked: even the right PIN is refused, and kyso says so without trying it
    int[] asked = {0};
    PinSource right = prompt -> {
      asked[0]++;
      return org.kyso.core.Pin.wrap(SoftHsm.USER_PIN.toCharArray());
    };
    assertThatThrownBy(() -> Pkcs11Token.open(uri, right)).isInstanceOfSatisfying(TokenException.class,
        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.PIN_LOCKED))
        .hasMessageContaining("locked");
    assertThat(asked[0]).isZero();
  }

  @Test
  void aMechanismTheTokenLacksIsUnsupported() throws Exception {
    Path lib = hsm.shim("nopss", 0, PKCS11Constants.CKM_RSA_PKCS_PSS);
    Pkcs11Uri uri = Pkcs11Uri.builder().token(SoftHsm.LABEL).object("sign-rsa").modulePath(lib).build();
    try (Pkcs11Token token = Pkcs11Token.open(uri, SoftHsm.pin());
        SigningKey key = token.key(uri.keySelector())) {
      byte[] d = digest(DigestAlgorithm.SHA256, "x");
      assertThat(key.signDigest(SignatureAlgorithm.RSA_SHA256, d)).hasSize(256);
      assertThatThrownBy(() -> key.signDigest(SignatureAlgorithm.RSA_PSS_SHA256, d))
          .isInstanceOfSatisfying(TokenException.class,
              e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.UNSUPPORTED))
          .hasMessageContaining("CKM_RSA_PKCS_PSS");
    }
  }

  @Test
  void refusesAnAlgorithmThatDoesNotFitTheKeyOrADigestOfTheWrongLength() throws Exception {
    try (Pkcs11Token token = Pkcs11Token.open(hsm.uri(null), SoftHsm.pin());
        SigningKey ec = token.key(KeySelector.label("sign-ec"))) {
      assertThatThrownBy(() -> ec.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ec.signDigest(SignatureAlgorithm.ECDSA_SHA256, new byte[20]))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aClosedTokenRefusesToSign() throws Exception {
    SigningKey key;
    try (Pkcs11Token token = Pkcs11Token.open(hsm.uri(null), SoftHsm.pin())) {
      key = token.key(KeySelector.label("sign-rsa"));
    }
    assertThatThrownBy(() -> key.signDigest(SignatureAlgorithm.RSA_SHA256, new byte[32]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void neitherMessagesNorLogsContainThePin() throws Exception {
    List<String> messages = new ArrayList<>();
    for (String pin : List.of("918273", "")) {
      try {
        Pkcs11Token.open(hsm.uri(null), PinSource.of(pin.toCharArray())).close();
      } catch (TokenException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
          messages.add(String.valueOf(t.getMessage()));
          messages.add(t.toString());
        }
      }
    }
    try (Pkcs11Token token = Pkcs11Token.open(hsm.uri(null), SoftHsm.pin())) {
      messages.add(token.toString());
      messages.add(token.key(KeySelector.any()).toString());
    }
    assertThat(messages).isNotEmpty().noneMatch(m -> m.contains("918273") || m.contains(SoftHsm.USER_PIN));
    Path log = Path.of(System.getProperty("kyso.test.log", "target/token-drivers-test.log"));
    if (Files.exists(log)) {
      String text = Files.readString(log);
      assertThat(text).contains("logged in to token 'An'");
      assertThat(text).doesNotContain(SoftHsm.USER_PIN).doesNotContain("918273").doesNotContain(SoftHsm.SO_PIN);
    }
  }
}
