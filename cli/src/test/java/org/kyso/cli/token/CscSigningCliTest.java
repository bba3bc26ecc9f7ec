package org.kyso.cli.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kyso.cli.token.TokenFixture.kyso;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kyso.core.PinSource;
import org.kyso.core.SigningKey;
import org.kyso.token.KeyOptions;
import org.kyso.token.Keys;
import org.kyso.token.testing.CscTestServer;

/**
 * Issue 5 acceptance, remote side, through the {@code kyso} command: a CSC v2 test server on 127.0.0.1 (OAuth2
 * client credentials, PIN-authorised credentials, backed by the SoftHSM keys of token {@value TokenFixture#CSC_TOKEN})
 * signs PDFs and e-invoices that DSS, pdfsig and xmlsec1 accept; a batch of 100 PDFs costs one authorisation and
 * at most ceil(100 / hashes per request) signHash calls; {@code kyso token list --csc} lists the credentials.
 */
class CscSigningCliTest {
  static final String CLIENT_ID = "kyso-cli-test";
  static final String CLIENT_SECRET = "cS3cr3t-Vq8wZt";
  static final String SECRET_VAR = "KYSO_CSC_SECRET";
  static final String CSC_PIN_VAR = "KYSO_CSC_PIN";

  private static TokenFixture fx;
  private static SigningKey backingRsa;
  private static SigningKey backingEc;
  private static CscTestServer server;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    fx = TokenFixture.get();
    KeyOptions hsm = KeyOptions.of(PinSource.of(TokenFixture.PIN.toCharArray()));
    backingRsa = Keys.open(TokenFixture.pkcs11(TokenFixture.CSC_TOKEN, TokenFixture.RSA), hsm);
    backingEc = Keys.open(TokenFixture.pkcs11(TokenFixture.CSC_TOKEN, TokenFixture.EC), hsm);
    server = new CscTestServer().oauth(CLIENT_ID, CLIENT_SECRET)
        .credential("an-rsa", backingRsa, CscTestServer.Auth.PIN)
        .credential("binh-ec", backingEc, CscTestServer.Auth.PIN);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (backingRsa != null) {
      backingRsa.close();
    }
    if (backingEc != null) {
      backingEc.close();
    }
    TokenFixture.assertLogHasNoSecret();
  }

  /** {@code csc:http://127.0.0.1:PORT/csc/v2?credential=ID&client-id=…}, from the server itself. */
  static String key(String credential) {
    return server.spec(credential);
  }

  static Map<String, String> env() {
    return Map.of(CSC_PIN_VAR, server.pin(), SECRET_VAR, CLIENT_SECRET);
  }

  static String objectOf(String credential) {
    return credential.equals("an-rsa") ? TokenFixture.RSA : TokenFixture.EC;
  }

  @ParameterizedTest
  @ValueSource(strings = {"an-rsa", "binh-ec"})
  void signsAPdfThroughCscThatDssAndPdfsigAccept(String credential) throws Exception {
    Path in = TokenFixture.writePdf(dir.resolve("to-trinh.pdf"), 3);
    Path out = dir.resolve("to-trinh.signed.pdf");
    var r = kyso(env(), "sign", "pdf", in.toString(), "-o", out.toString(), "--key", key(credential),
        "--pin-env", CSC_PIN_VAR, "--csc-secret-env", SECRET_VAR);
    assertThat(r.exitCode()).as(r.all()).isZero();
    fx.assertKysoVerifies(List.of(out), Pkcs11SigningCliTest.commonName(fx.identity(objectOf(credential))));
    fx.assertPdfsigAccepts(out);
    TokenFixture.assertNoSecret(r.out() + r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"an-rsa", "binh-ec"})
  void signsAnEInvoiceThroughCscThatDssAndXmlsec1Accept(String credential) throws Exception {
    Path in = TokenFixture.writeInvoice(dir.resolve("hoa-don.xml"), 77);
    Path out = dir.resolve("hoa-don.signed.xml");
    var r = kyso(env(), "sign", "xml", in.toString(), "-o", out.toString(), "--profile", "einvoice",
        "--key", key(credential), "--pin-env", CSC_PIN_VAR, "--csc-secret-env", SECRET_VAR);
    assertThat(r.exitCode()).as(r.all()).isZero();
    fx.assertXmlsec1Accepts(out);
    fx.assertXmlVerifierPasses(out, Pkcs11SigningCliTest.commonName(fx.identity(objectOf(credential))));
    fx.assertKysoVerifies(List.of(out), Pkcs11SigningCliTest.commonName(fx.identity(objectOf(credential))));
  }

  @Test
  void aBatchOf100PdfsCostsOneAuthorisationAndFewSignHashCalls() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path out = dir.resolve("out");
    for (int i = 1; i <= 100; i++) {
      TokenFixture.writePdf(in.resolve(String.format("cv-%03d.pdf", i)), i);
    }
    int perRequest = KeyOptions.of(PinSource.of(new char[] {'x'})).cscHashesPerRequest(); // what the CLI uses
    int authorizeBefore = server.count("credentials/authorize");
    int signHashBefore = server.count("signatures/signHash");

    var r = kyso(env(), "sign", "batch", in.toString(), "-o", out.toString(), "--key", key("an-rsa"),
        "--pin-env", CSC_PIN_VAR, "--csc-secret-env", SECRET_VAR);
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).as(r.all()).contains("signed 100 of 100 files");

    assertThat(server.count("credentials/authorize") - authorizeBefore).isEqualTo(1);
    assertThat(server.count("signatures/signHash") - signHashBefore)
        .isBetween(1, (100 + perRequest - 1) / perRequest);
    List<Path> signed;
    try (Stream<Path> s = Files.list(out)) {
      signed = s.sorted().toList();
    }
    assertThat(signed).hasSize(100).allMatch(p -> p.getFileName().toString().matches("cv-\\d{3}\\.pdf"));
    fx.assertKysoVerifies(signed, "Nguyễn Văn An");
    List<Path> spot = new ArrayList<>();
    for (int i = 0; i < 100; i += 33) {
      spot.add(signed.get(i));
    }
    for (Path p : spot) {
      fx.assertPdfsigAccepts(p);
    }
  }

  @Test
  void aMixedBatchWithTheKeyFormInCapitalsStillCostsOneAuthorisation() throws Exception {
    // key forms are case-insensitive (Keys.open accepts CSC:…); PDFs and e-invoices of one folder go together
    Path in = Files.createDirectories(dir.resolve("in"));
    for (int i = 1; i <= 5; i++) {
      TokenFixture.writePdf(in.resolve("tb-" + i + ".pdf"), i);
    }
    TokenFixture.writeInvoice(in.resolve("hd-1.xml"), 1);
    TokenFixture.writeInvoice(in.resolve("hd-2.xml"), 2);
    Path out = dir.resolve("out");
    int authorizeBefore = server.count("credentials/authorize");
    int signHashBefore = server.count("signatures/signHash");
    var r = kyso(env(), "sign", "batch", in.toString(), "-o", out.toString(), "--jobs", "4", "--profile", "einvoice",
        "--key", "CSC:" + key("binh-ec").substring("csc:".length()), "--pin-env", CSC_PIN_VAR,
        "--csc-secret-env", SECRET_VAR);
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).as(r.all()).contains("signed 7 of 7 files");
    assertThat(server.count("credentials/authorize") - authorizeBefore).isEqualTo(1);
    assertThat(server.count("signatures/signHash") - signHashBefore).isEqualTo(1);
    fx.assertKysoVerifies(List.of(out.resolve("tb-1.pdf"), out.resolve("tb-5.pdf")), "Trần Thị Bình");
    fx.assertXmlsec1Accepts(out.resolve("hd-1.xml"));
    fx.assertXmlVerifierPasses(out.resolve("hd-2.xml"), "Trần Thị Bình");
    fx.assertKysoVerifies(List.of(out.resolve("hd-1.xml"), out.resolve("hd-2.xml")), "Trần Thị Bình");
  }

  @Test
  void tokenListShowsTheServiceCredentialsAndTheirKeyForms() {
    var r = kyso(env(), "token", "list", "--csc", server.base() + "?client-id=" + CLIENT_ID,
        "--csc-secret-env", SECRET_VAR);
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).as(r.all())
        .contains("Credential an-rsa").contains("Credential binh-ec")
        .contains("Nguyễn Văn An").contains("Trần Thị Bình")
        .contains("--key " + key("an-rsa")).contains("--key " + key("binh-ec"));
    TokenFixture.assertNoSecret(r.out() + r.err());
  }
}
