package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.testing.TestPki;

/**
 * {@code kyso verify} with several files (CONTRACT.md): every file has an entry in the JSON {@code files} list, one
 * that cannot be read or parsed with {@code "verdict": "UNREADABLE"} and its {@code error}; the exit code is the
 * worst file's in the order 1, 65, 66, 2, 3, 0. And {@code --max-size} applies to XML too.
 */
class VerifyManyFilesCommandTest {
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", "s3cret-Pin!");
  private static final String INVOICE = """
      <?xml version="1.0" encoding="UTF-8"?>
      <HDon>
        <DLHDon Id="DLHDon-C26TAA-16">
          <TTChung><KHHDon>C26TAA</KHHDon><SHDon>16</SHDon><NLap>2026-01-05</NLap></TTChung>
          <NDHDon>
            <NBan><Ten>Công ty TNHH Điện Biên Xanh</Ten><MST>0401234567</MST></NBan>
            <TToan><TgTTTBSo>11000000</TgTTTBSo></TToan>
          </NDHDon>
        </DLHDon>
        <DSCKS><NBan/><NMua/></DSCKS>
      </HDon>
      """;
  private static TestPki pki;
  @TempDir static Path dir;
  static Path intact;
  static Path altered;
  static Path unsigned;
  static Path notXml;
  static Path broken;
  static Path missing;
  static Path root;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.start();
    Path key = TestPki.writeP12(pki.pki().organisation("Công ty TNHH Điện Biên Xanh"), dir.resolve("seller.p12"),
        ENV.get("KYSO_PIN"));
    Path in = dir.resolve("hoadon.xml");
    Files.writeString(in, INVOICE, StandardCharsets.UTF_8);
    intact = dir.resolve("intact.xml");
    var r = CliRunner.run(ENV, "sign", "xml", in.toString(), "-o", intact.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--profile", "einvoice");
    assertThat(r.exitCode()).as(r.err()).isZero();
    altered = dir.resolve("altered.xml");
    Files.writeString(altered, Files.readString(intact).replace("11000000", "91000000"));
    unsigned = in;
    notXml = dir.resolve("note.txt");
    Files.writeString(notXml, "just some text, not a signed document");
    broken = dir.resolve("broken.xml");
    Files.writeString(broken, "<HDon><DLHDon>unclosed");
    missing = dir.resolve("absent.xml");
    root = pki.writeRootPem(dir);
  }

  @AfterAll
  static void stop() {
    pki.close();
  }

  private static CliRunner.Result verify(Path... files) {
    String[] args = new String[files.length + 5];
    args[0] = "verify";
    for (int i = 0; i < files.length; i++) {
      args[i + 1] = files[i].toString();
    }
    args[files.length + 1] = "--trust";
    args[files.length + 2] = root.toString();
    args[files.length + 3] = "--format";
    args[files.length + 4] = "json";
    return CliRunner.run(args);
  }

  @Test
  void everyFileGivenHasAnEntryAndUnreadableOnesSayWhy() {
    var r = verify(intact, missing, broken, notXml, unsigned, altered);
    // the worst of 0, 66, 65, 65, 3, 1
    assertThat(r.exitCode()).isEqualTo(1);
    String json = r.out();
    for (String name : new String[] {"intact.xml", "absent.xml", "broken.xml", "note.txt", "hoadon.xml",
        "altered.xml"}) {
      assertThat(json).contains("\"file\": \"" + name + "\"");
    }
    assertThat(json.split("\"verdict\": \"UNREADABLE\"", -1)).hasSize(4);
    assertThat(json).contains("\"error\": \"The file " + missing + " does not exist.\"")
        .contains("\"verdict\": \"NO_SIGNATURE\"", "\"verdict\": \"TOTAL_FAILED\"", "\"verdict\": \"TOTAL_PASSED\"");
    // in the order given
    assertThat(json.indexOf("intact.xml")).isLessThan(json.indexOf("absent.xml"));
    assertThat(json.indexOf("note.txt")).isLessThan(json.indexOf("altered.xml"));
    // one sentence per unreadable file on standard error, no stack trace
    assertThat(r.err().strip().lines()).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("kyso: "));
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void theExitCodeIsTheWorstFileInTheContractsOrder() {
    assertThat(verify(intact).exitCode()).isEqualTo(0);
    assertThat(verify(intact, unsigned).exitCode()).isEqualTo(3);
    assertThat(verify(missing, intact, unsigned).exitCode()).isEqualTo(66);
    assertThat(verify(missing, broken).exitCode()).isEqualTo(65);
    assertThat(verify(notXml, missing).exitCode()).isEqualTo(65);
    assertThat(verify(broken, altered, missing).exitCode()).isEqualTo(1);
    // untrusted: INDETERMINATE (2) is worse than NO_SIGNATURE and PASSED, better than an unreadable file
    var untrusted = CliRunner.run("verify", intact.toString(), unsigned.toString(), "--offline");
    assertThat(untrusted.exitCode()).isEqualTo(2);
    var withMissing = CliRunner.run("verify", intact.toString(), missing.toString(), "--offline");
    assertThat(withMissing.exitCode()).isEqualTo(66);
  }

  @Test
  void theTextReportListsUnreadableFilesToo() {
    var r = CliRunner.run("verify", intact.toString(), broken.toString(), "--trust", root.toString());
    assertThat(r.exitCode()).isEqualTo(65);
    assertThat(r.out()).contains("Tệp: broken.xml", "KHÔNG ĐỌC ĐƯỢC", "1 không đọc được", "Tệp: intact.xml",
        "Vai trò: người bán (DSCKS/NBan)", "ký hiệu hóa đơn C26TAA");
  }

  @Test
  void maxSizeAppliesToXml() throws Exception {
    Path big = dir.resolve("big.xml");
    String signed = Files.readString(intact, StandardCharsets.UTF_8);
    // 1.5 MiB of white space after the root element keeps it well-formed
    Files.writeString(big, signed + " ".repeat(1_572_864), StandardCharsets.UTF_8);
    var refused = CliRunner.run("verify", "--max-size", "1", big.toString(), "--format", "json");
    assertThat(refused.exitCode()).isEqualTo(65);
    assertThat(refused.err()).contains("big.xml", "1.5 MiB", "--max-size");
    assertThat(refused.out()).contains("\"verdict\": \"UNREADABLE\"");
    var raised = CliRunner.run("verify", "--max-size", "2", big.toString(), "--trust", root.toString());
    assertThat(raised.exitCode()).as(raised.out() + raised.err()).isEqualTo(0);
  }
}
