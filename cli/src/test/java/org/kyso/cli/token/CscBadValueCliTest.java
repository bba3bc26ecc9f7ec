package org.kyso.cli.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kyso.cli.token.TokenFixture.kyso;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.KeySelector;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.token.pkcs12.Pkcs12Token;
import org.kyso.token.testing.CscTestServer;

/**
 * Issue 18: a signature value that does not verify is refused by both {@code complete()} methods with the same
 * exception, so the command exits 65 for a PDF and an XML file alike (XML used to exit 64). The CSC service on
 * 127.0.0.1 signs with a key that is not its credential's certificate: its values never verify.
 */
class CscBadValueCliTest {
  private static final String CLIENT_ID = "kyso-bad-value";
  private static final String CLIENT_SECRET = "bV-s3cret-9x";
  private static final String P12_PASSWORD = "p12-pass";
  @TempDir static Path keys;
  @TempDir Path dir;
  private static TestPki pki;
  private static SigningKey wrong;
  private static CscTestServer server;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.start();
    DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
    DevPki.Identity binh = pki.pki().person("Trần Thị Bình");
    Path p12 = TestPki.writeP12(new DevPki.Identity(binh.privateKey(), an.certificate(), an.chain()),
        keys.resolve("wrong.p12"), P12_PASSWORD);
    wrong = org.kyso.token.Keys.owning(Pkcs12Token.open(p12, PinSource.of(P12_PASSWORD.toCharArray())),
        KeySelector.any());
    server = new CscTestServer().oauth(CLIENT_ID, CLIENT_SECRET).credential("an", wrong, CscTestServer.Auth.PIN);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (wrong != null) {
      wrong.close();
    }
    if (pki != null) {
      pki.close();
    }
  }

  private static Map<String, String> env() {
    return Map.of("KYSO_CSC_PIN", server.pin(), "KYSO_CSC_SECRET", CLIENT_SECRET);
  }

  @Test
  void aBadValueIsTheSameErrorForPdfAndXml() throws Exception {
    for (String name : new String[] {"cong-van.pdf", "hoa-don.xml"}) {
      Path in = Files.createDirectories(dir.resolve("in-" + name));
      if (name.endsWith(".pdf")) {
        TokenFixture.writePdf(in.resolve(name), 1);
      } else {
        TokenFixture.writeInvoice(in.resolve(name), 1);
      }
      Path out = dir.resolve("out-" + name);
      var r = kyso(env(), "sign", "batch", in.toString(), "-o", out.toString(), "--key", server.spec("an"),
          "--pin-env", "KYSO_CSC_PIN", "--csc-secret-env", "KYSO_CSC_SECRET");
      assertThat(r.exitCode()).as(r.all()).isEqualTo(65);
      assertThat(r.err()).as(r.all()).contains(name + ": The signature value does not match this document")
          .doesNotContain("Exception");
      try (Stream<Path> s = Files.list(out)) {
        assertThat(s.toList()).as("nothing written for " + name).isEmpty();
      }
    }
  }
}
