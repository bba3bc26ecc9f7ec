package org.kyso.cli.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kyso.cli.token.TokenFixture.kyso;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kyso.core.devpki.DevPki;

/**
 * Issue 5 acceptance, PKCS#11 side, through the {@code kyso} command: a SoftHSM2 token holding an RSA-2048 and an
 * EC P-256 key signs PDFs and e-invoices that DSS ({@code kyso verify}), poppler's {@code pdfsig} and
 * {@code xmlsec1} accept; {@code kyso token list --module} shows the token and ready {@code pkcs11:} URIs.
 */
class Pkcs11SigningCliTest {
  private static TokenFixture fx;

  @TempDir
  Path dir;

  @BeforeAll
  static void tokens() throws Exception {
    fx = TokenFixture.get();
  }

  @AfterAll
  static void noSecretLogged() throws Exception {
    TokenFixture.assertLogHasNoSecret();
  }

  @ParameterizedTest
  @ValueSource(strings = {TokenFixture.RSA, TokenFixture.EC})
  void signsAPdfWithASoftHsmKeyThatDssAndPdfsigAccept(String object) throws Exception {
    Path in = TokenFixture.writePdf(dir.resolve("cong-van.pdf"), 15);
    Path out = dir.resolve("cong-van.signed.pdf");
    var r = kyso(TokenFixture.pinEnv(), "sign", "pdf", in.toString(), "-o", out.toString(),
        "--key", TokenFixture.pkcs11(TokenFixture.CLI_TOKEN, object), "--pin-env", TokenFixture.PIN_VAR);
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(out).exists();

    fx.assertKysoVerifies(List.of(out), commonName(fx.identity(object)));
    fx.assertPdfsigAccepts(out);
    TokenFixture.assertNoSecret(r.out() + r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {TokenFixture.RSA, TokenFixture.EC})
  void signsAnEInvoiceWithASoftHsmKeyThatDssAndXmlsec1Accept(String object) throws Exception {
    Path in = TokenFixture.writeInvoice(dir.resolve("hoa-don.xml"), 42);
    Path out = dir.resolve("hoa-don.signed.xml");
    var r = kyso(TokenFixture.pinEnv(), "sign", "xml", in.toString(), "-o", out.toString(), "--profile", "einvoice",
        "--key", TokenFixture.pkcs11(TokenFixture.CLI_TOKEN, object), "--pin-env", TokenFixture.PIN_VAR);
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(out).exists();

    fx.assertXmlsec1Accepts(out);
    fx.assertXmlVerifierPasses(out, commonName(fx.identity(object)));
    fx.assertKysoVerifies(List.of(out), commonName(fx.identity(object)));
  }

  @Test
  void tokenListShowsTheTokenAndAPkcs11UriForEachKey() {
    var r = kyso(java.util.Map.of(), "token", "list", "--module", TokenFixture.MODULE);
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).as(r.all())
        .contains("Token \"" + TokenFixture.CLI_TOKEN + "\"")
        .contains("Token \"" + TokenFixture.CSC_TOKEN + "\"")
        .contains("\"" + TokenFixture.RSA + "\"")
        .contains("\"" + TokenFixture.EC + "\"")
        .contains("Nguyễn Văn An")
        .contains("Trần Thị Bình");
    // each object line is followed by its URI, usable as --key (the module path included)
    List<String> uris = r.out().lines().map(String::strip).filter(l -> l.startsWith("pkcs11:")).toList();
    assertThat(uris).as(r.all())
        .anyMatch(u -> u.contains("token=" + TokenFixture.CLI_TOKEN) && u.contains("object=" + TokenFixture.RSA)
            && u.contains("module-path="))
        .anyMatch(u -> u.contains("token=" + TokenFixture.CLI_TOKEN) && u.contains("object=" + TokenFixture.EC));
  }

  @Test
  void aKeyListedByTokenListSignsAsIs() throws Exception {
    var list = kyso(java.util.Map.of(), "token", "list", "--module", TokenFixture.MODULE);
    String uri = list.out().lines().map(String::strip)
        .filter(l -> l.startsWith("pkcs11:") && l.contains("token=" + TokenFixture.CLI_TOKEN)
            && l.contains("object=" + TokenFixture.EC))
        .findFirst().orElseThrow(() -> new AssertionError(list.all()));
    Path in = TokenFixture.writePdf(dir.resolve("in.pdf"), 7);
    Path out = dir.resolve("out.pdf");
    var r = kyso(TokenFixture.pinEnv(), "sign", "pdf", in.toString(), "-o", out.toString(), "--key", uri,
        "--pin-env", TokenFixture.PIN_VAR);
    assertThat(r.exitCode()).as(uri + "\n" + r.all()).isZero();
    fx.assertKysoVerifies(List.of(out), null);
  }

  static String commonName(DevPki.Identity id) {
    String dn = id.certificate().getSubjectX500Principal().getName();
    for (String part : dn.split(",")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return dn;
  }
}
