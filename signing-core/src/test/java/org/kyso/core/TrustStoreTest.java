package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.devpki.DevPki;

class TrustStoreTest {
  @TempDir
  Path dir;

  @Test
  void theStoreIsWhereTheEnvironmentSays() {
    assertThat(TrustStore.defaultLocation(Map.of("KYSO_TRUST_DIR", "/srv/kyso/trust", "HOME", "/home/an")))
        .isEqualTo(Path.of("/srv/kyso/trust"));
    if (System.getProperty("os.name").toLowerCase().startsWith("linux")) {
      assertThat(TrustStore.defaultLocation(Map.of("XDG_CONFIG_HOME", "/home/an/.cfg", "HOME", "/home/an")))
          .isEqualTo(Path.of("/home/an/.cfg/kyso/trust"));
      assertThat(TrustStore.defaultLocation(Map.of("HOME", "/home/an")))
          .isEqualTo(Path.of("/home/an/.config/kyso/trust"));
      // a relative XDG_CONFIG_HOME is invalid by the specification and ignored
      assertThat(TrustStore.defaultLocation(Map.of("XDG_CONFIG_HOME", "cfg", "HOME", "/home/an")))
          .isEqualTo(Path.of("/home/an/.config/kyso/trust"));
    }
  }

  @Test
  void addsListsLabelsAndRemovesAtomically() throws Exception {
    TrustStore store = TrustStore.at(dir.resolve("store"));
    assertThatThrownBy(() -> TrustAnchors.profile(TrustProfile.VN_GOV, store)).isInstanceOf(FileAccessException.class)
        .hasMessageContaining("holds no certificate of the trust profile vn-gov")
        .hasMessageContaining("kyso trust update --profile vn-gov");
    DevPki gov = DevPki.create();
    DevPki pub = DevPki.create();
    store.add(gov.root().certificate(), TrustProfile.VN_GOV, "imported from gov.pem");
    store.add(pub.root().certificate(), TrustProfile.VN_PUBLIC, "imported from pub.pem");
    assertThat(store.entries()).extracting(TrustStore.Entry::profile)
        .containsExactly(TrustProfile.VN_GOV, TrustProfile.VN_PUBLIC);
    assertThat(store.entries().get(0).source()).isEqualTo("imported from gov.pem");
    assertThat(store.entries().get(0).pinned()).isFalse();

    TrustAnchors both = TrustAnchors.profile(TrustProfile.VN, store);
    assertThat(both.certificates()).containsExactlyInAnyOrder(gov.root().certificate(), pub.root().certificate());
    assertThat(both.sourceOf(gov.root().certificate())).contains("vn-gov");
    assertThat(both.sourceOf(pub.root().certificate())).contains("vn-public");
    assertThat(TrustAnchors.profile(TrustProfile.VN_PUBLIC, store).certificates())
        .containsExactly(pub.root().certificate());
    // a --trust file keeps its own label when combined
    Path pem = dir.resolve("extra.pem");
    Files.writeString(pem, DevPki.pem(DevPki.create().root().certificate()));
    assertThat(both.plus(TrustAnchors.fromPem(pem)).sourceOf(gov.root().certificate())).contains("vn-gov");

    try (Stream<Path> s = Files.walk(dir)) {
      assertThat(s.map(Path::toString)).noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".part"));
    }
    assertThat(store.remove(TrustPin.sha256(gov.root().certificate()))).isTrue();
    assertThat(store.remove(TrustPin.sha256(gov.root().certificate()))).isFalse();
    assertThat(store.entries()).hasSize(1);
  }

  @Test
  void pinsAreTheOnesOfTheIssueAndBelongToOneHierarchy() {
    assertThat(TrustPin.bySha256("F04BA4B459A7C9A1B971AD9B1CB833E695A80C79AEA63B174B66A70EDFE2FDB8"))
        .map(TrustPin::profile).contains(TrustProfile.VN_GOV);
    assertThat(TrustPin.bySha256("ba:c8:bf:60:9a:b4:20:a8:ee:17:80:d7:4f:4d:e5:c7:f7:18:49:59:d2:a7:37:5b:0a:75:e4:c2"
        + ":9f:09:08:e7")).map(TrustPin::name).contains("Vietnam National Root CA (SHA-256)");
    assertThat(TrustProfile.VN.pins()).hasSize(TrustPin.all().size());
    assertThat(TrustProfile.VN_GOV.pins()).hasSize(5);
    assertThat(TrustProfile.parse("VN-Public")).isEqualTo(TrustProfile.VN_PUBLIC);
    assertThatThrownBy(() -> TrustProfile.parse("eu")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyPinIsTheFingerprintOfARealCertificateInTheSharedData() throws Exception {
    Path data = Path.of("").toAbsolutePath().getParent().resolve("../shared/data/vn-trust").normalize();
    if (!Files.isDirectory(data)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("the real sample data " + data + " is not here");
      }
      org.junit.jupiter.api.Assumptions.abort("the real sample data " + data + " is not here");
    }
    java.util.Set<String> real = new java.util.HashSet<>();
    for (var c : TrustAnchors.fromPem(data).certificates()) {
      real.add(TrustPin.sha256(c));
    }
    for (TrustPin pin : TrustPin.all()) {
      assertThat(real).as(pin.name()).contains(pin.sha256());
    }
  }
}
