package org.kyso.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.kyso.cli.Kyso;
import org.kyso.core.TrustAnchors;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.SignatureResult;
import org.kyso.core.verify.VerificationReport;
import org.kyso.token.testing.SoftHsm;
import org.kyso.xml.XmlVerifier;

/**
 * What the CLI token tests share, made once per test JVM: a {@link TestPki} (its CRL server on 127.0.0.1 stays up
 * until the JVM ends) and two SoftHSM tokens holding the same RSA-2048 and EC P-256 keys with TestPki
 * certificates and the issuing CA certificate: {@value #CLI_TOKEN}, which the CLI opens, and {@value #CSC_TOKEN},
 * which backs the CSC test server (a separate token, so that the server's open login never hides a wrong PIN
 * given to the CLI: PKCS#11 logins are per process).
 *
 * <p>The token store is token-drivers' {@link SoftHsm} fixture ({@code SOFTHSM2_CONF} is set by cli/pom.xml);
 * the tokens are added with {@code softhsm2-util} and {@code pkcs11-tool} before anything in this JVM loads the
 * library. Skips (fails under CI) when SoftHSM or OpenSC is missing.
 */
final class TokenFixture {
  static final String MODULE = SoftHsm.MODULE;
  static final String CLI_TOKEN = "Cli";
  static final String CSC_TOKEN = "CscBack";
  static final String RSA = "cli-rsa";
  static final String EC = "cli-ec";
  /** Distinctive values, so that the tests can search every output and log for them. */
  static final String PIN = "Kp7-sH9x2q";
  static final String SO_PIN = "So-4kT8m2wZ";
  static final String PIN_VAR = "KYSO_TOKEN_PIN";

  private static TokenFixture instance;

  private final TestPki pki;
  private final DevPki.Identity rsa;
  private final DevPki.Identity ec;
  private final Path dir;
  private final Path rootPem;
  private Path nssDir;

  private TokenFixture(TestPki pki, DevPki.Identity rsa, DevPki.Identity ec, Path dir, Path rootPem) {
    this.pki = pki;
    this.rsa = rsa;
    this.ec = ec;
    this.dir = dir;
    this.rootPem = rootPem;
  }

  static synchronized TokenFixture get() throws IOException {
    if (instance == null) {
      instance = create();
    }
    return instance;
  }

  private static TokenFixture create() throws IOException {
    SoftHsm hsm = SoftHsm.get(); // writes SOFTHSM2_CONF's file and token folder (skips without SoftHSM/OpenSC)
    TestPki pki = TestPki.start();
    Runtime.getRuntime().addShutdownHook(new Thread(pki::close));
    DevPki.Identity rsa = pki.pki().person("Nguyễn Văn An");
    DevPki.Identity ec = pki.pki().issue(CertificateSpec.person("Trần Thị Bình").withKeyKind(DevPki.KeyKind.EC_P256));
    for (String token : List.of(CLI_TOKEN, CSC_TOKEN)) {
      SoftHsm.run(List.of("softhsm2-util", "--init-token", "--free", "--label", token, "--so-pin", SO_PIN, "--pin",
          PIN));
      importKey(hsm.dir(), token, rsa, RSA, "21");
      importKey(hsm.dir(), token, ec, EC, "22");
      try {
        writeCert(hsm.dir(), token, pki.pki().issuingCa().certificate().getEncoded(), "issuing-ca", "30");
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IOException(e);
      }
    }
    Path dir = Files.createTempDirectory("kyso-cli-token");
    Path rootPem = pki.writeRootPem(dir);
    return new TokenFixture(pki, rsa, ec, dir, rootPem);
  }

  private static void importKey(Path work, String token, DevPki.Identity id, String label, String hexId)
      throws IOException {
    Path pem = work.resolve(token + "-" + label + ".key.pem");
    Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(id.privateKey().getEncoded())
        + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
    try {
      SoftHsm.run(List.of("softhsm2-util", "--import", pem.toString(), "--token", token, "--label", label, "--id",
          hexId, "--pin", PIN));
    } finally {
      Files.deleteIfExists(pem);
    }
    try {
      writeCert(work, token, id.certificate().getEncoded(), label, hexId);
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IOException(e);
    }
  }

  private static void writeCert(Path work, String token, byte[] der, String label, String hexId) throws IOException {
    Path file = work.resolve(token + "-" + label + ".cert.der");
    Files.write(file, der);
    SoftHsm.run(List.of("pkcs11-tool", "--module", MODULE, "--token-label", token, "--login", "--pin", PIN,
        "--write-object", file.toString(), "--type", "cert", "--id", hexId, "--label", label));
  }

  TestPki pki() {
    return pki;
  }

  DevPki.Identity identity(String object) {
    return object.equals(RSA) ? rsa : ec;
  }

  Path rootPem() {
    return rootPem;
  }

  /** {@code pkcs11:token=T;object=O?module-path=…}, as a user types it. */
  static String pkcs11(String token, String object) {
    return "pkcs11:token=" + token + ";object=" + object + "?module-path=" + MODULE;
  }

  /** The environment a CLI run gets: the PIN in {@value #PIN_VAR}. */
  static Map<String, String> pinEnv() {
    return Map.of(PIN_VAR, PIN);
  }

  // ------------------------------------------------------------------ running the CLI

  record Result(int exitCode, String out, String err) {
    String all() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  /** Runs kyso in-process with the process environment plus {@code env}. */
  static Result kyso(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> e = new HashMap<>(System.getenv());
    e.putAll(env);
    int code = Kyso.run(args, new PrintWriter(out), new PrintWriter(err), e);
    return new Result(code, out.toString(), err.toString());
  }

  /** {@code kyso verify FILES --trust root.pem --format json}: exit 0 means every file TOTAL_PASSED (CONTRACT). */
  void assertKysoVerifies(List<Path> files, String signedBy) {
    List<String> args = new ArrayList<>(List.of("verify"));
    files.forEach(f -> args.add(f.toString()));
    args.addAll(List.of("--trust", rootPem.toString(), "--format", "json"));
    Result v = kyso(Map.of(), args.toArray(String[]::new));
    assertThat(v.exitCode()).as(v.all()).isZero();
    assertThat(count(v.out(), "\"verdict\": \"TOTAL_PASSED\"")).as(v.all()).isEqualTo(files.size());
    if (signedBy != null) {
      assertThat(v.out()).as(v.all()).contains(signedBy);
    }
  }

  /**
   * DSS through {@link XmlVerifier} (kyso's policy for plain XMLDSig: no XAdES signing-time requirement), with the
   * TestPki root trusted and its CRLs fetched: TOTAL_PASSED, signed by {@code signedBy}.
   */
  void assertXmlVerifierPasses(Path signed, String signedBy) throws Exception {
    VerificationReport report = XmlVerifier.builder().trust(TrustAnchors.fromPem(rootPem)).build().verify(signed);
    assertThat(report.signatures()).as(report.toString()).hasSize(1);
    SignatureResult s = report.signatures().get(0);
    assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
    assertThat(s.signedBy()).isEqualTo(signedBy);
  }

  /** poppler's pdfsig with the TestPki root trusted in an NSS database: valid, trusted, whole document. */
  synchronized void assertPdfsigAccepts(Path pdf) throws IOException {
    Path pdfsig = ExternalTools.require("pdfsig", "poppler-utils");
    if (nssDir == null) {
      Path certutil = ExternalTools.require("certutil", "libnss3-tools");
      Path nss = Files.createDirectories(dir.resolve("nss"));
      runOk(List.of(certutil.toString(), "-N", "--empty-password", "-d", "sql:" + nss));
      runOk(List.of(certutil.toString(), "-A", "-n", "kyso-test-root", "-t", "CT,C,C", "-i", rootPem.toString(),
          "-d", "sql:" + nss));
      nssDir = nss;
    }
    ExternalTools.Result r = ExternalTools.run(List.of(pdfsig.toString(), "-nssdir", "sql:" + nssDir, pdf.toString()));
    String out = r.all();
    // pdfsig exits 0 even for a broken signature: its words are the verdict
    assertThat(out).as(out).contains("Signature is Valid.").contains("Certificate is Trusted.")
        .contains("Total document signed").doesNotContain("Signature is Invalid");
  }

  /** {@code xmlsec1 --verify --trusted-pem root.pem --id-attr:Id DLHDon}: the e-invoice signature checks out. */
  void assertXmlsec1Accepts(Path signed) {
    Path xmlsec1 = ExternalTools.require("xmlsec1", "xmlsec1");
    ExternalTools.Result r = ExternalTools.run(List.of(xmlsec1.toString(), "--verify", "--trusted-pem",
        rootPem.toString(), "--id-attr:Id", "DLHDon", signed.toString()));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.all()).as(r.all()).contains("OK");
  }

  private static void runOk(List<String> cmd) {
    ExternalTools.Result r = ExternalTools.run(cmd);
    if (r.exitCode() != 0) {
      throw new AssertionError(cmd + " failed: " + r.all());
    }
  }

  static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  // ------------------------------------------------------------------ secrets

  /** A wrong PIN the error tests type; as secret as a right one. */
  static final String WRONG_PIN = "Wr0ng-Pin-4471";

  /** Every PIN, OTP and client secret the token tests use. */
  static List<String> secrets() {
    return List.of(PIN, SO_PIN, WRONG_PIN, SoftHsm.USER_PIN, SoftHsm.SO_PIN, CscSigningCliTest.CLIENT_SECRET,
        "246810" /* CscTestServer's PIN */, "135790" /* its OTP */, RemoteSigningCliTest.SP_SECRET,
        RemoteSigningCliTest.USER_PASSWORD);
  }

  static void assertNoSecret(String text) {
    for (String s : secrets()) {
      assertThat(contains(text, s)).as("a secret leaked:\n" + text).isFalse();
    }
  }

  /**
   * Whether {@code secret} occurs in {@code text}. An all-digit secret (the CSC test server's 6-digit PIN) only
   * counts where it stands alone, so that the hex identifiers and base64 values of a long log cannot match it by
   * chance; a leaked PIN would stand alone ({@code "value":"246810"}, {@code pin=246810}).
   */
  static boolean contains(String text, String secret) {
    if (!secret.chars().allMatch(Character::isDigit)) {
      return text.contains(secret);
    }
    return java.util.regex.Pattern.compile("(?<![0-9A-Za-z+/])" + secret + "(?![0-9A-Za-z+/])").matcher(text).find();
  }

  /**
   * No secret in the test JVM's log file so far (cli/pom.xml sends every library log line there, kyso's and the
   * PKCS#11 wrapper's at debug). Called after each token test class, so the last one covers the whole run.
   */
  static void assertLogHasNoSecret() throws IOException {
    String log = System.getProperty("kyso.test.log");
    if (log == null) {
      return; // run outside Maven: no log file to search
    }
    Path file = Path.of(log);
    assertThat(file).exists();
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    assertThat(text).as("the log has kyso's token lines").contains("org.kyso.token");
    for (String s : secrets()) {
      assertThat(contains(text, s)).as("the secret " + s.charAt(0) + "… appears in " + file).isFalse();
    }
  }

  // ------------------------------------------------------------------ documents

  /** A small one-page PDF saying which document it is. */
  static Path writePdf(Path file, int number) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
        cs.newLineAtOffset(72, 700);
        cs.showText("Cong van so " + number + "/UBND-VP");
        cs.endText();
      }
      doc.save(file.toFile());
    }
    return file;
  }

  /** A small Vietnamese e-invoice (HDon/DLHDon with an Id, empty DSCKS). */
  static Path writeInvoice(Path file, int number) throws IOException {
    String id = "DLHDon-C26TKS-" + number;
    Files.writeString(file, """
        <?xml version="1.0" encoding="UTF-8"?>
        <HDon>
          <DLHDon Id="%s">
            <TTChung>
              <PBan>2.1.0</PBan>
              <THDon>Hóa đơn giá trị gia tăng</THDon>
              <KHMSHDon>1</KHMSHDon>
              <KHHDon>C26TKS</KHHDon>
              <SHDon>%d</SHDon>
              <NLap>2026-03-02</NLap>
              <DVTTe>VND</DVTTe>
            </TTChung>
            <NDHDon>
              <NBan><Ten>Công ty TNHH Ký Số Huế</Ten><MST>3301234567</MST></NBan>
              <NMua><Ten>Ủy ban nhân dân phường Thuận Hóa</Ten></NMua>
              <DSHHDVu>
                <HHDVu><STT>1</STT><THHDVu>Dịch vụ chữ ký số</THHDVu><SLuong>2</SLuong><DGia>500000</DGia>
                  <ThTien>1000000</ThTien><TSuat>10%%</TSuat></HHDVu>
              </DSHHDVu>
              <TToan><TgTCThue>1000000</TgTCThue><TgTThue>100000</TgTThue><TgTTTBSo>1100000</TgTTTBSo></TToan>
            </NDHDon>
          </DLHDon>
          <DSCKS><NBan/><NMua/><CCKSKhac/></DSCKS>
        </HDon>
        """.formatted(id, number), StandardCharsets.UTF_8);
    return file;
  }

  /** No {@code .part} or other stray file next to where an output would have been. */
  static void assertNoOutput(Path out) throws IOException {
    assertThat(out).doesNotExist();
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && Files.isDirectory(parent)) {
      try (Stream<Path> files = Files.list(parent)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .noneMatch(n -> n.startsWith(out.getFileName().toString()));
      }
    }
  }
}
