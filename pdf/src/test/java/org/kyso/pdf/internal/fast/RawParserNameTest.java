package org.kyso.pdf.internal.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Names as the fast parser reads them: plain ones straight from their bytes, #xx escapes decoded, spans exact. */
class RawParserNameTest {
  private static RawValue parse(String pdf) throws Exception {
    byte[] b = pdf.getBytes(StandardCharsets.ISO_8859_1);
    return new RawParser(b, 0, b.length, true).value();
  }

  @Test
  void plainAndEscapedNamesAndTheirSpans() throws Exception {
    String text = "<< /Type /Page /A#20B 1 /Kids[1 0 R]/F#23x/ /Last/Z >>";
    RawValue.Dict d = (RawValue.Dict) parse(text);
    assertThat(((RawValue.Name) d.get("Type")).name()).isEqualTo("Page");
    assertThat(d.items()).containsOnlyKeys("Type", "A B", "Kids", "F#x", "Last"); // escapes decoded in keys
    assertThat(((RawValue.Name) d.get("F#x")).name()).isEmpty(); // "/" alone: the empty name
    RawValue.Name z = (RawValue.Name) d.get("Last");
    assertThat(z.name()).isEqualTo("Z");
    assertThat(new String(z.buf(), z.start(), z.end() - z.start(), StandardCharsets.ISO_8859_1)).isEqualTo("/Z");
  }

  @Test
  void aNameRunningOffTheEndIsTruncatedAndABadEscapeIsRefused() {
    assertThatThrownBy(() -> parse("<< /Type /Pa")).isInstanceOf(RawParser.Truncated.class);
    assertThatThrownBy(() -> parse("<< /Type /P#zz >>")).isInstanceOf(FastPathUnsupportedException.class)
        .hasMessageContaining("malformed name escape");
  }
}
