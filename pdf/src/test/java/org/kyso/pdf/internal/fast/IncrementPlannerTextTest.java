package org.kyso.pdf.internal.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The text strings the fast signer writes (/Name, /Reason, /Location, /T, /M): the same bytes as the JDK's UTF-16BE. */
class IncrementPlannerTextTest {
  private static String written(String text) {
    IncrementPlanner.Buf b = new IncrementPlanner.Buf(4);
    IncrementPlanner.textString(b, text);
    return new String(b.toByteArray(), StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"An", "Signature1", "D:20261206210000Z", ""})
  void plainAsciiIsALiteral(String text) {
    assertThat(written(text)).isEqualTo("(" + text + ")");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Nguyễn Văn An", "UBND phường Bến Nghé", "(An)", "a\\b", "tab\there", "😀 ký số"})
  void anythingElseIsUtf16BeHexWithAByteOrderMark(String text) {
    String expected = "<FEFF" + HexFormat.of().withUpperCase().formatHex(text.getBytes(StandardCharsets.UTF_16BE)) + ">";
    assertThat(written(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 4096})
  void theBufferGrowsAndFills(int capacity) {
    IncrementPlanner.Buf b = new IncrementPlanner.Buf(capacity);
    b.latin1("<").fill((byte) '0', 5000).write('>').latin1("éă"); // beyond ISO-8859-1: '?', as String.getBytes
    byte[] out = b.toByteArray();
    assertThat(out).hasSize(5004);
    assertThat(b.size()).isEqualTo(5004);
    assertThat(new String(out, StandardCharsets.ISO_8859_1)).isEqualTo("<" + "0".repeat(5000) + ">é?");
  }
}
