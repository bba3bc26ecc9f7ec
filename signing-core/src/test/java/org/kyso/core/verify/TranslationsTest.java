package org.kyso.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.enumerations.TimestampType;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kyso.core.internal.verify.Messages;

class TranslationsTest {
  private static final Locale VI = ReportFormats.VIETNAMESE;
  private static final Locale EN = Locale.ENGLISH;
  /** Letters only Vietnamese uses: at least one appears in any real Vietnamese sentence kyso writes. */
  private static final String VIETNAMESE_LETTERS = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ";

  private static boolean vietnamese(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    return lower.chars().anyMatch(c -> VIETNAMESE_LETTERS.indexOf(c) >= 0);
  }

  @Test
  void everyDssSubIndicationHasATranslationInBothLanguages() {
    for (SubIndication s : SubIndication.values()) {
      String en = ReportFormats.subIndication(s.name(), EN);
      String vi = ReportFormats.subIndication(s.name(), VI);
      assertThat(en).as(s.name()).isNotEqualTo(s.name()).isNotBlank();
      assertThat(vi).as(s.name()).isNotEqualTo(s.name()).isNotEqualTo(en);
      assertThat(vietnamese(vi)).as(vi).isTrue();
    }
  }

  @Test
  void everyIndicationAndVerdictHasATranslationInBothLanguages() {
    for (Indication i : Indication.values()) {
      assertThat(ReportFormats.indication(i, VI)).isNotEqualTo(ReportFormats.indication(i, EN));
      assertThat(vietnamese(ReportFormats.indication(i, VI))).isTrue();
    }
    for (eu.europa.esig.dss.enumerations.Indication i : eu.europa.esig.dss.enumerations.Indication.values()) {
      assertThat(Messages.has("indication." + i.name(), EN)).as(i.name()).isTrue();
      assertThat(Messages.has("indication." + i.name(), VI)).as(i.name()).isTrue();
    }
    for (Verdict v : Verdict.values()) {
      assertThat(Messages.has("verdict." + v.name(), EN)).as(v.name()).isTrue();
      assertThat(vietnamese(Messages.format("verdict." + v.name(), List.of(), VI))).isTrue();
    }
    for (TimestampType t : TimestampType.values()) {
      assertThat(Messages.has("tstype." + t.name(), EN)).as(t.name()).isTrue();
      assertThat(Messages.has("tstype." + t.name(), VI)).as(t.name()).isTrue();
    }
  }

  @Test
  void bothLanguagesHaveTheSameKysoMessagesAndEveryPatternFormats() throws Exception {
    Properties en = load("messages.properties");
    Properties vi = load("messages_vi.properties");
    Set<String> enKeys = new TreeSet<>(en.stringPropertyNames());
    Set<String> viKeys = new TreeSet<>(vi.stringPropertyNames());
    viKeys.removeIf(k -> k.startsWith("dss.")); // DSS's messages: Vietnamese only, English comes from DSS
    assertThat(viKeys).isEqualTo(enKeys);
    for (String k : enKeys) {
      String e = new MessageFormat(en.getProperty(k)).format(new Object[] {"1", "2", "3", "4", "5"});
      String v = new MessageFormat(vi.getProperty(k)).format(new Object[] {"1", "2", "3", "4", "5"});
      assertThat(e).as(k).doesNotContain("{").isNotBlank();
      assertThat(v).as(k).doesNotContain("{").isNotBlank();
    }
    for (String k : vi.stringPropertyNames()) {
      assertThat(vietnamese(vi.getProperty(k)) || k.startsWith("label.format") || k.startsWith("label.file")
          || vi.getProperty(k).matches("[^a-zA-Z]*")).as(k + "=" + vi.getProperty(k)).isTrue();
    }
  }

  @Test
  void apostrophesSurviveMessageFormat() {
    assertThat(Messages.format("sub.REVOKED", List.of(), EN)).isEqualTo("the signer's certificate has been revoked");
    assertThat(Messages.format("dss.BBB_ICS_ISASCP_ANS", List.of(), VI)).contains("'signing-certificate'");
  }

  private static Properties load(String name) throws Exception {
    Properties p = new Properties();
    try (var in = Messages.class.getResourceAsStream(name)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }
}
