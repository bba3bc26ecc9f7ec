package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinSourceTest {
  @TempDir
  Path dir;

  @Test
  void readsTheFirstLineOfAPinFileWithoutTheNewline() throws Exception {
    Path f = dir.resolve("pin");
    Files.writeString(f, "mật-khẩu-123\nsecond line\n", StandardCharsets.UTF_8);
    try (Pin pin = PinSource.file(f).read("PIN")) {
      assertThat(new String(pin.chars())).isEqualTo("mật-khẩu-123");
    }
  }

  @Test
  void aMissingPinFileIsAFileAccessErrorThatNamesTheFileNotThePin() {
    Path f = dir.resolve("absent");
    assertThatThrownBy(() -> PinSource.file(f).read("PIN"))
        .isInstanceOf(FileAccessException.class).hasMessageContaining("absent");
  }

  @Test
  void aPinNeverPrintsItself() throws Exception {
    try (Pin pin = PinSource.of("123456".toCharArray()).read("PIN")) {
      assertThat(pin.toString()).doesNotContain("123456");
    }
  }

  @Test
  void aClosedPinIsWipedAndRefusesToBeRead() throws Exception {
    Pin pin = PinSource.of("123456".toCharArray()).read("PIN");
    pin.close();
    assertThatThrownBy(pin::chars).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anUnsetEnvironmentVariableNamesTheVariable() {
    assertThatThrownBy(() -> PinSource.environment("KYSO_SURELY_UNSET_VAR_42").read("PIN"))
        .isInstanceOf(TokenException.class).hasMessageContaining("KYSO_SURELY_UNSET_VAR_42");
  }
}
