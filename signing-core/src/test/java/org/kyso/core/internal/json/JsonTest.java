package org.kyso.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void readsWhatCscServicesSend() {
    Map<String, Object> m = Json.parseObject(" {\"SAD\":\"_TiHRG-bAH3XlFQZ3ndFhkXf9P24/CKN69L8gdSYp5_pw\", \"expiresIn\":3600,"
        + "\"list\":[1,2.5,true,false,null,{\"a\":\"\\u0110\\u00e0 N\\u1eb5ng\\n\\\"q\\\"\"}],\"neg\":-7e2}");
    assertThat(Json.string(m, "SAD")).contains("_TiHRG-bAH3XlFQZ3ndFhkXf9P24/CKN69L8gdSYp5_pw");
    assertThat(Json.number(m, "expiresIn")).contains(3600L);
    assertThat(Json.number(m, "neg")).contains(-700L);
    List<Object> l = Json.array(m, "list");
    assertThat(l).hasSize(6);
    assertThat(l.get(1).toString()).isEqualTo("2.5");
    assertThat(l.get(4)).isNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) l.get(5);
    assertThat(inner.get("a")).isEqualTo("Đà Nẵng\n\"q\"");
  }

  @Test
  void writesAndReadsBack() {
    Map<String, Object> v = Json.obj("s", "Đà Nẵng \"x\" \\ \t", "n", 5, "b", true, "l", List.of("a", 1L),
        "skipped", null, "o", Json.obj("k", "v"));
    String text = Json.write(v);
    assertThat(text).doesNotContain("skipped");
    assertThat(Json.parse(text)).isEqualTo(Json.parseObject(text)).isEqualTo(Map.of("s", "Đà Nẵng \"x\" \\ \t",
        "n", 5L, "b", true, "l", List.of("a", 1L), "o", Map.of("k", "v")));
  }

  @Test
  void eachEscapingWritesTheBytesItsUserWroteBeforeTheWritersWereMerged() {
    String s = "\"\\\n\r\t\b\f\u0001\u007f\u2028<>&Đ";
    assertThat(Json.write(s, Json.Escaping.RFC_8259))
        .isEqualTo("\"\\\"\\\\\\n\\r\\t\\b\\f\\u0001\u007f\u2028<>&Đ\"").isEqualTo(Json.write(s));
    assertThat(Json.canonical().put("k", s).toString()).isEqualTo("{\"k\":" + Json.write(s) + "}");
    assertThat(Json.write(s, Json.Escaping.MINIMAL))
        .isEqualTo("\"\\\"\\\\\\n\\r\\t\\u0008\\u000c\\u0001\u007f\u2028<>&Đ\"");
    assertThat(Json.write(s, Json.Escaping.HTML_SAFE))
        .isEqualTo("\"\\\"\\\\\\n\\r\\t\\u0008\\u000c\\u0001\u007f\\u2028\\u003c\\u003e\\u0026Đ\"");
    assertThat(new Json.Pretty().value(s).toString())
        .isEqualTo("\"\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u007f\\u2028<>&Đ\"");
  }

  @Test
  void readsNumbersAsDecimalsWhenAskedAndRefusesDeepNesting() {
    assertThat(Json.parse("[1.0,1E2,5]", Json.Numbers.DECIMAL).toString()).isEqualTo("[1.0, 1E+2, 5]");
    assertThat(Json.parse("[1.0,5]").toString()).isEqualTo("[1, 5]");
    assertThat(Json.write(Json.parse("{\"a\":[1.0,1E2]}", Json.Numbers.DECIMAL), Json.Escaping.HTML_SAFE))
        .isEqualTo("{\"a\":[1.0,1E+2]}");
    Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1));
    assertThatThrownBy(() -> Json.parse("[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2)))
        .isInstanceOf(Json.MalformedJson.class).hasMessageContaining("nested too deeply");
  }

  @Test
  void writesOptionalsIterablesAndOtherValuesAsText() {
    assertThat(Json.write(Json.obj("o", java.util.Optional.of("x"), "e", java.util.Optional.empty(),
        "s", new java.util.TreeSet<>(List.of("b", "a")), "d", Double.NaN, "t", java.time.DayOfWeek.MONDAY)))
        .isEqualTo("{\"o\":\"x\",\"e\":null,\"s\":[\"a\",\"b\"],\"d\":null,\"t\":\"MONDAY\"}");
    assertThatThrownBy(() -> Json.write(Json.obj("pin", "1234".toCharArray())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesSecretsOnlyIntoBytesAndNeverPrintsThem() {
    char[] pin = "12\"34".toCharArray();
    Json.Secret s = new Json.Secret(pin);
    assertThat(s.toString()).doesNotContain("12");
    byte[] bytes = Json.writeUtf8(Json.obj("authData", List.of(Json.obj("id", "PIN", "value", s))));
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"authData\":[{\"id\":\"PIN\",\"value\":\"12\\\"34\"}]}");
    assertThatThrownBy(() -> Json.write(Json.obj("v", s))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesMalformedText() {
    for (String bad : List.of("", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "\"\\x\"", "tru", "{} x", "{\"a\":\"\u0001\"}")) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
