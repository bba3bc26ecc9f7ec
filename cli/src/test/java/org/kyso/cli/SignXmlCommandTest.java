package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;

/** {@code kyso sign xml} then {@code kyso verify} on a Vietnamese e-invoice, intact and altered. */
class SignXmlCommandTest {
  private static final Map<String, String> ENV = Map.of("KYSO_PIN", "s3cret-Pin!");
  private static final String INVOICE = """
      <?xml version="1.0" encoding="UTF-8"?>
      <HDon>
        <DLHDon Id="DLHDon-C26TAA-15">
          <TTChung><THDon>Hóa đơn giá trị gia tăng</THDon><KHHDon>C26TAA</KHHDon><SHDon>15</SHDon></TTChung>
          <NDHDon>
            <NBan><Ten>Công ty TNHH Điện Biên Xanh</Ten><MST>0401234567</MST></NBan>
            <TToan><TgTTTBSo>11000000</TgTTTBSo><TgTTTBChu>Mười một triệu đồng chẵn</TgTTTBChu></TToan>
          </NDHDon>
        </DLHDon>
        <DSCKS><NBan/><NMua/></DSCKS>
      </HDon>
      """;
  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();

  @TempDir
  Path dir;

  @Test
  void anEInvoiceSignedByTheCliVerifiesAndOneChangedDigitFailsIt() throws Exception {
    Path key = TestPki.writeP12(pki.get().pki().organisation("Công ty TNHH Điện Biên Xanh"), dir.resolve("seller.p12"),
        ENV.get("KYSO_PIN"));
    Path in = dir.resolve("hoadon.xml");
    Files.writeString(in, INVOICE, StandardCharsets.UTF_8);
    Path out = dir.resolve("hoadon.signed.xml");
    var r = CliRunner.run(ENV, "sign", "xml", in.toString(), "-o", out.toString(), "--key", "p12:" + key,
        "--pin-env", "KYSO_PIN", "--profile", "einvoice");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String signed = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(signed).contains("<NBan><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"").doesNotContain("<NBan/>");

    Path root = pki.get().writeRootPem(dir);
    var ok = CliRunner.run("verify", out.toString(), "--trust", root.toString(), "--format", "json");
    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("\"verdict\": \"TOTAL_PASSED\"");

    Path altered = dir.resolve("hoadon.altered.xml");
    Files.writeString(altered, signed.replace("11000000", "19000000"), StandardCharsets.UTF_8);
    var bad = CliRunner.run("verify", altered.toString(), "--trust", root.toString(), "--format", "json");
    assertThat(bad.exitCode()).as(bad.out() + bad.err()).isEqualTo(1);
    assertThat(bad.out()).contains("\"verdict\": \"TOTAL_FAILED\"").contains("HASH_FAILURE");
  }

  /**
   * One clerk signing invoice after invoice, alone and in batches: the CA's CRL is downloaded by the first run only
   * (the CLI's status check and XmlSigner's own both read the folder), and again when the cache is switched off.
   */
  @Test
  void laterRunsAndBatchesReuseTheCrlKeptOnDisk() throws Exception {
    try (TestPki own = TestPki.start()) {
      Path key = TestPki.writeP12(own.pki().organisation("Công ty TNHH Điện Biên Xanh"), dir.resolve("seller.p12"),
          ENV.get("KYSO_PIN"));
      Map<String, String> env = Map.of("KYSO_PIN", ENV.get("KYSO_PIN"),
          "KYSO_REVOCATION_CACHE", dir.resolve("revocation").toString());
      Path in = dir.resolve("hoadon.xml");
      Files.writeString(in, INVOICE, StandardCharsets.UTF_8);
      var first = CliRunner.run(env, "sign", "xml", in.toString(), "-o", dir.resolve("1.xml").toString(),
          "--key", "p12:" + key, "--pin-env", "KYSO_PIN", "--profile", "einvoice");
      assertThat(first.exitCode()).as(first.err()).isZero();
      int downloads = own.crlRequests();
      assertThat(downloads).isEqualTo(1);
      var second = CliRunner.run(env, "sign", "xml", in.toString(), "-o", dir.resolve("2.xml").toString(),
          "--key", "p12:" + key, "--pin-env", "KYSO_PIN", "--profile", "einvoice");
      assertThat(second.exitCode()).as(second.err()).isZero();
      assertThat(own.crlRequests()).as("CRL downloads").isEqualTo(downloads);

      // a batch of invoices (and a letter) after that: still no download
      Path inbox = Files.createDirectories(dir.resolve("inbox"));
      for (int i = 1; i <= 3; i++) {
        Files.writeString(inbox.resolve("hd-" + i + ".xml"), INVOICE.replace(">15<", ">" + (15 + i) + "<"),
            StandardCharsets.UTF_8);
      }
      Files.write(inbox.resolve("cong-van.pdf"), org.kyso.cli.demo.SampleLetter.create());
      var batch = CliRunner.run(env, "sign", "batch", inbox.toString(), "-o", dir.resolve("signed").toString(),
          "--key", "p12:" + key, "--pin-env", "KYSO_PIN", "--profile", "einvoice");
      assertThat(batch.exitCode()).as(batch.out() + batch.err()).isZero();
      assertThat(batch.out()).contains("signed 4 of 4 files");
      assertThat(own.crlRequests()).as("CRL downloads").isEqualTo(downloads);

      // switched off: asked again
      var off = CliRunner.run(Map.of("KYSO_PIN", ENV.get("KYSO_PIN"), "KYSO_REVOCATION_CACHE", "off"), "sign", "xml",
          in.toString(), "-o", dir.resolve("3.xml").toString(), "--key", "p12:" + key, "--pin-env", "KYSO_PIN",
          "--profile", "einvoice");
      assertThat(off.exitCode()).as(off.err()).isZero();
      // once per run: the signer reads what the CLI's own check fetched (issue 19)
      assertThat(own.crlRequests()).as("CRL downloads of one run with the cache off").isEqualTo(downloads + 1);
    }
  }
}
