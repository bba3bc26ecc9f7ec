package org.kyso.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import org.kyso.core.devpki.DevPki;
import org.junit.jupiter.api.Test;

/** The one ECDSA value codec: raw {@code r || s} and DER, both ways. */
class EcdsaValuesTest {

  @Test
  void convertsRawEcdsaValuesToDerThatJcaVerifies() throws Exception {
    KeyPair kp = DevPki.generate(DevPki.KeyKind.EC_P256);
    for (int i = 0; i < 20; i++) {
      byte[] data = ("message " + i).getBytes();
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(kp.getPrivate());
      s.update(data);
      byte[] raw = s.sign();
      assertThat(raw).hasSize(64);
      byte[] der = EcdsaValues.toDer(raw, 32);
      assertThat(EcdsaValues.isDer(der)).isTrue();
      Signature v = Signature.getInstance("SHA256withECDSA");
      v.initVerify(kp.getPublic());
      v.update(data);
      assertThat(v.verify(der)).isTrue();
      assertThat(EcdsaValues.toDer(der, 32)).isEqualTo(der);
      assertThat(EcdsaValues.toRaw(der, 32)).isEqualTo(raw);
      assertThat(EcdsaValues.toRaw(raw, 32)).isEqualTo(raw);
    }
  }

  @Test
  void encodesHighBitAndShortIntegersCorrectly() {
    byte[] raw = new byte[64];
    Arrays.fill(raw, 0, 32, (byte) 0xFF);
    raw[63] = 1;
    byte[] der = EcdsaValues.rawToDer(raw);
    // r gets a leading zero (33 bytes), s shrinks to one byte
    assertThat(der).startsWith(0x30, 38, 0x02, 33, 0x00);
    assertThat(Arrays.copyOfRange(der, der.length - 3, der.length)).containsExactly(0x02, 1, 1);
    assertThat(new BigInteger(1, Arrays.copyOfRange(der, 5, 37))).isEqualTo(BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
    assertThatThrownBy(() -> EcdsaValues.toDer(new byte[63], 32)).isInstanceOf(IllegalArgumentException.class);
    assertThat(EcdsaValues.isDer(new byte[] {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01})).isFalse();
    assertThatThrownBy(() -> EcdsaValues.toRaw(new byte[63], 32)).isInstanceOf(IllegalArgumentException.class);
  }
}
