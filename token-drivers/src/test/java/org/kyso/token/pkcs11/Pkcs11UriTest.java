package org.kyso.token.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.kyso.core.KeyInfo;
import org.junit.jupiter.api.Test;

class Pkcs11UriTest {

  @Test
  void parsesTheContractForm() {
    Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=An;object=sign?module-path=/usr/lib/softhsm/libsofthsm2.so");
    assertThat(u.token()).contains("An");
    assertThat(u.object()).contains("sign");
    assertThat(u.id()).isEmpty();
    assertThat(u.modulePath()).contains(Path.of("/usr/lib/softhsm/libsofthsm2.so"));
  }

  @Test
  void decodesPercentEncodedIdsAndUtf8Labels() {
    Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=Nguy%E1%BB%85n%20V%C4%83n%20An;id=%01%A0%ff;serial=42;slot-id=7;"
        + "manufacturer=SoftHSM%20project;model=SoftHSM%20v2;type=private");
    assertThat(u.token()).contains("Nguyễn Văn An");
    assertThat(u.id().orElseThrow()).containsExactly(0x01, 0xA0, 0xFF);
    assertThat(u.serial()).contains("42");
    assertThat(u.slotId()).contains(7L);
    assertThat(u.manufacturer()).contains("SoftHSM project");
    assertThat(u.type()).contains("private");
    assertThat(u.matchesToken("Nguyễn Văn An", "42", "SoftHSM project", "SoftHSM v2")).isTrue();
    assertThat(u.matchesToken("Nguyễn Văn An", "43", "SoftHSM project", "SoftHSM v2")).isFalse();
  }

  @Test
  void printsACanonicalUriThatParsesBack() {
    Pkcs11Uri u = Pkcs11Uri.builder().token("Văn thư; số 1").object("sign").id(new byte[] {1, 2})
        .modulePath(Path.of("/opt/vnpt ca/lib.so")).build();
    String s = u.toString();
    assertThat(s).isEqualTo("pkcs11:token=V%C4%83n%20th%C6%B0%3B%20s%E1%BB%91%201;object=sign;id=%01%02"
        + "?module-path=/opt/vnpt%20ca/lib.so");
    assertThat(Pkcs11Uri.parse(s)).isEqualTo(u);
  }

  @Test
  void ignoresPinSourceAndLibraryAttributesButRefusesAPinValue() {
    Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=An;library-description=x;x-vendor=1?pin-source=file:/p&module-name=softhsm2");
    assertThat(u.token()).contains("An");
    assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:token=An?pin-value=123456"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("123456")
        .hasMessageContaining("--pin-env");
  }

  @Test
  void refusesMalformedUris() {
    assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs12:token=An")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:token=An;token=B")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:tokne=An")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:id=%0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:id=%zz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:slot-id=one")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:token")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void selectsKeysByLabelAndId() {
    KeyInfo a = new KeyInfo("sign", new byte[] {1}, Optional.empty());
    KeyInfo b = new KeyInfo("sign", new byte[] {2}, Optional.empty());
    assertThat(Pkcs11Uri.parse("pkcs11:object=sign;id=%02").keySelector().matches(a)).isFalse();
    assertThat(Pkcs11Uri.parse("pkcs11:object=sign;id=%02").keySelector().matches(b)).isTrue();
    assertThat(Pkcs11Uri.parse("pkcs11:id=%01").keySelector().matches(a)).isTrue();
    // without object or id, any key with a certificate
    assertThat(Pkcs11Uri.parse("pkcs11:token=An").keySelector().matches(a)).isFalse();
  }
}
