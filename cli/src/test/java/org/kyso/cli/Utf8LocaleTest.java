package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vietnamese text survives any locale (issue 20): kyso run as a separate process, through the launcher script and
 * through plain {@code java -jar}, under {@code LANG=C} and under an empty environment, stores the summary, the
 * type QĐ, the organisation and a Vietnamese file name byte for byte.
 */
class Utf8LocaleTest {
  private static final String ORG = "UBND phường Điện Biên";
  private static final String SUMMARY = "Về việc thành lập Tổ công tác";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} under {1}")
  @CsvSource({"launcher,LANG=C", "launcher,env -i", "java -jar,LANG=C", "java -jar,env -i"})
  void storesVietnameseTextByteForByteUnderAnyLocale(String how, String locale) throws Exception {
    KysoProcess kyso = new KysoProcess(dir.resolve("home"));
    Map<String, String> env = new HashMap<>(KysoProcess.bareEnvironment());
    if (locale.equals("LANG=C")) {
      env.put("LANG", "C");
      env.put("LC_ALL", "C");
    }
    Path folder = Files.createDirectories(dir.resolve("Sổ đăng ký"));
    Path db = folder.resolve("sổ-văn-bản.db");
    Path document = folder.resolve("Quyết định thành lập.pdf");
    Files.write(document, "%PDF-1.7 nội dung".getBytes(StandardCharsets.UTF_8));

    KysoProcess.Result init = KysoProcess.run(start(kyso, how, env, "register", "init", "--db", db.toString(),
        "--org", ORG, "--org-abbr", "UBND"), 120);
    assertThat(init.exitCode()).as(init.errText()).isZero();
    assertThat(init.outText()).contains(ORG);

    KysoProcess.Result add = KysoProcess.run(start(kyso, how, env, "register", "out", "add", "--db", db.toString(),
        "--type", "QĐ", "--summary", SUMMARY, "--file", document.toString(), "--format", "json"), 120);
    assertThat(add.exitCode()).as(add.errText()).isZero();
    assertThat(add.outText()).contains("\"notation\":\"01/QĐ-UBND\"").contains("\"summary\":\"" + SUMMARY + "\"");

    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(document)));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT summary, type_abbr, notation, file_sha256 FROM entries")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getBytes(1)).isEqualTo(SUMMARY.getBytes(StandardCharsets.UTF_8));
      assertThat(r.getBytes(2)).isEqualTo("QĐ".getBytes(StandardCharsets.UTF_8));
      assertThat(r.getString(3)).isEqualTo("01/QĐ-UBND");
      assertThat(r.getString(4)).isEqualTo(sha);
      assertThat(r.next()).isFalse();
    }
  }

  private static ProcessBuilder start(KysoProcess kyso, String how, Map<String, String> env, String... args) {
    return how.equals("launcher") ? kyso.launcher(env, List.of(), args) : kyso.javaJar(env, List.of(), args);
  }
}
