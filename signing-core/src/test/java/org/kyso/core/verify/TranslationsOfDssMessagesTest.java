package org.kyso.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.i18n.I18nProvider;
import eu.europa.esig.dss.i18n.MessageTag;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.kyso.core.internal.verify.Messages;

/**
 * DSS's own validation messages (findings with code {@code dss.<KEY>}) read in Vietnamese: every answer message of
 * DSS's catalogue has a Vietnamese text with the same arguments, and the arguments DSS wrote into its English
 * sentence come through.
 */
class TranslationsOfDssMessagesTest {
  private static final Locale VI = ReportFormats.VIETNAMESE;
  private static final String VIETNAMESE_LETTERS = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

  /** DSS's message catalogue, as DSS itself loads it (the {@code dss-messages} bundle of dss-i18n). */
  private static Properties dssCatalogue() throws Exception {
    Properties p = new Properties();
    try (var in = I18nProvider.class.getClassLoader().getResourceAsStream("dss-messages.properties")) {
      assertThat(in).as("dss-messages.properties on the class path").isNotNull();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  /** Every DSS answer: the texts DSS puts in the errors, warnings and infos of its reports. */
  private static Set<String> answerKeys(Properties dss) {
    Set<String> keys = new TreeSet<>();
    for (String k : dss.stringPropertyNames()) {
      if (k.contains("_ANS")) {
        keys.add(k);
      }
    }
    return keys;
  }

  private static Set<String> placeholders(String pattern) {
    Set<String> found = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(pattern);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static boolean vietnamese(String s) {
    return s.toLowerCase(Locale.ROOT).chars().anyMatch(c -> VIETNAMESE_LETTERS.indexOf(c) >= 0);
  }

  private static Finding dssFinding(Finding.Kind kind, String key, String englishText) {
    // as DssVerification makes them: DSS's key, no arguments, DSS's English sentence
    return new Finding(kind, "dss." + key, List.of(), englishText);
  }

  @Test
  void everyDssAnswerHasAVietnameseTextWithTheSameArguments() throws Exception {
    Properties dss = dssCatalogue();
    Set<String> answers = answerKeys(dss);
    assertThat(answers.stream().filter(k -> k.endsWith("_ANS")).count()).isGreaterThanOrEqualTo(288);
    Object[] sample = {"A0", "A1", "A2", "A3"};
    List<String> missing = new ArrayList<>();
    for (String key : answers) {
      String code = "dss." + key;
      if (!Messages.has(code, VI)) {
        missing.add(key);
        continue;
      }
      String english = new MessageFormat(dss.getProperty(key), Locale.ROOT).format(sample);
      String vi = Messages.format(code, List.of("A0", "A1", "A2", "A3"), VI);
      assertThat(vi).as(key).isNotEqualTo(english).doesNotContain("{").isNotBlank();
      assertThat(vietnamese(vi)).as(key + "=" + vi).isTrue();
      assertThat(placeholders(Messages.format(code, List.of(), VI)))
          .as(key + " placeholders").isEqualTo(placeholders(dss.getProperty(key)));
      for (String p : placeholders(dss.getProperty(key))) {
        assertThat(vi).as(key).contains("A" + p);
      }
      // a lone apostrophe would make MessageFormat swallow the rest of the sentence
      assertThat(Messages.format(code, List.of(), VI).chars().filter(c -> c == '\'').count() % 2).as(key).isZero();
    }
    assertThat(missing).as("DSS answers without a Vietnamese text").isEmpty();
  }

  @Test
  void everyPhraseDssPutsIntoAnAnswerIsTranslated() throws Exception {
    Properties dss = dssCatalogue();
    for (String key : dss.stringPropertyNames()) {
      if (key.startsWith("ACCM_POS_") || key.startsWith("VT_")) {
        assertThat(Messages.has("dss." + key, VI)).as(key).isTrue();
      }
    }
    for (String key : List.of("CERTIFICATE", "CA_CERTIFICATE", "SIGNING_CERTIFICATE", "REVOCATION", "REVOCATION_CA_CERT",
        "REVOCATION_SIG_CERT", "SIGNATURE", "TIMESTAMP", "TIMESTAMP_CA_CERT", "TIMESTAMP_SIG_CERT")) {
      assertThat(Messages.has("dss." + key, VI)).as(key).isTrue();
    }
  }

  @Test
  void argumentsDssWroteIntoItsSentenceAreReadBackAndItsPhrasesTranslated() {
    I18nProvider english = new I18nProvider(Locale.ENGLISH);
    String sentence = english.getMessage(MessageTag.ASCCM_AR_ANS_AKSNR, "RSA", "1024", MessageTag.ACCM_POS_SIG_SIG);
    assertThat(sentence).isEqualTo("The algorithm RSA with key size 1024 is no longer considered reliable for "
        + "signature creation!");
    Finding f = dssFinding(Finding.Kind.ERROR, "ASCCM_AR_ANS_AKSNR", sentence);
    assertThat(Messages.text(f, VI))
        .isEqualTo("Thuật toán RSA với độ dài khóa 1024 không còn được coi là an toàn đối với việc tạo chữ ký!");
    assertThat(Messages.text(f, Locale.ENGLISH)).isEqualTo(sentence);

    String keyUsage = english.getMessage(MessageTag.BBB_XCV_ISCGEKU_ANS, MessageTag.SIGNING_CERTIFICATE);
    assertThat(Messages.text(dssFinding(Finding.Kind.WARNING, "BBB_XCV_ISCGEKU_ANS", keyUsage), VI))
        .isEqualTo("Mục đích sử dụng khóa mở rộng ('extended key-usage') của chứng thư số của người ký "
            + "không đúng yêu cầu!");

    String extensions = english.getMessage(MessageTag.BBB_XCV_DCCUCE_ANS, "[1.2.3.4, 2.5.29.99]");
    assertThat(Messages.text(dssFinding(Finding.Kind.ERROR, "BBB_XCV_DCCUCE_ANS", extensions), VI))
        .isEqualTo("Chứng thư số có phần mở rộng quan trọng (critical) không được hỗ trợ: [1.2.3.4, 2.5.29.99]!");
  }

  @Test
  void everyDssAnswerWithArgumentsComesThroughInVietnamese() throws Exception {
    I18nProvider english = new I18nProvider(Locale.ENGLISH);
    Properties dss = dssCatalogue();
    for (String key : answerKeys(dss)) {
      int count = placeholders(dss.getProperty(key)).size();
      if (count == 0) {
        continue;
      }
      Object[] args = new Object[count];
      for (int i = 0; i < count; i++) {
        args[i] = "X" + i + "Y";
      }
      Finding f = dssFinding(Finding.Kind.ERROR, key, english.getMessage(MessageTag.valueOf(key), args));
      String vi = Messages.text(f, VI);
      assertThat(vietnamese(vi)).as(key + ": " + vi).isTrue();
      for (int i = 0; i < count; i++) {
        assertThat(vi).as(key).contains("X" + i + "Y");
      }
    }
  }

  @Test
  void aSentenceThatDoesNotFitDsssPatternStaysAsDssWroteIt() {
    Finding f = dssFinding(Finding.Kind.ERROR, "ASCCM_AR_ANS_AKSNR", "Some other DSS version's wording");
    assertThat(Messages.text(f, VI)).isEqualTo("Some other DSS version's wording");
  }
}
