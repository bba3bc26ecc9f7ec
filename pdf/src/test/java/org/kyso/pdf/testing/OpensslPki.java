package org.kyso.pdf.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.kyso.core.testing.ExternalTools;
import org.kyso.core.testing.TestPki;

/**
 * A root CA and a signer's certificate made by the {@code openssl} command line (not by kyso's code), with a CRL
 * made by {@code openssl ca -gencrl} and served on the test PKI's loopback server, and the key exported with
 * {@code openssl pkcs12}.
 */
public final class OpensslPki {
  private final Path p12;
  private final X509Certificate root;

  private OpensslPki(Path p12, X509Certificate root) {
    this.p12 = p12;
    this.root = root;
  }

  public static OpensslPki create(TestPki server, Path dir, String signerName) throws IOException {
    Path openssl = ExternalTools.require("openssl", "openssl");
    String o = openssl.toString();
    String crlUrl = server.baseUrl() + "/openssl.crl";
    run(dir, o, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
        "-subj", "/C=VN/O=kyso openssl test/CN=kyso openssl Root CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    run(dir, o, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "signer.key", "-out", "signer.csr",
        "-utf8", "-subj", "/C=VN/CN=" + signerName);
    Files.writeString(dir.resolve("signer.ext"), "basicConstraints=CA:FALSE\n"
        + "keyUsage=critical,digitalSignature,nonRepudiation\n"
        + "crlDistributionPoints=URI:" + crlUrl + "\n"
        + "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
    run(dir, o, "x509", "-req", "-in", "signer.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "signer.pem", "-days", "30", "-sha256", "-extfile", "signer.ext");
    Files.writeString(dir.resolve("index.txt"), "");
    Files.writeString(dir.resolve("crlnumber"), "01\n");
    Files.writeString(dir.resolve("ca.cnf"), "[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\n"
        + "database = " + dir.resolve("index.txt") + "\ncrlnumber = " + dir.resolve("crlnumber") + "\n"
        + "default_md = sha256\ndefault_crl_days = 7\ncertificate = " + dir.resolve("ca.pem") + "\n"
        + "private_key = " + dir.resolve("ca.key") + "\n");
    run(dir, o, "ca", "-gencrl", "-config", "ca.cnf", "-out", "ca.crl.pem");
    run(dir, o, "crl", "-in", "ca.crl.pem", "-outform", "DER", "-out", "ca.crl");
    byte[] crl = Files.readAllBytes(dir.resolve("ca.crl"));
    server.server().createContext("/openssl.crl", ex -> {
      ex.getResponseHeaders().add("Content-Type", "application/pkix-crl");
      ex.sendResponseHeaders(200, crl.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(crl);
      }
    });
    run(dir, o, "pkcs12", "-export", "-inkey", "signer.key", "-in", "signer.pem", "-certfile", "ca.pem",
        "-name", "signer", "-out", "signer.p12", "-passout", "pass:" + TestKeys.PASSWORD);
    try (var in = Files.newInputStream(dir.resolve("ca.pem"))) {
      X509Certificate root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return new OpensslPki(dir.resolve("signer.p12"), root);
    } catch (java.security.cert.CertificateException e) {
      throw new IOException(e);
    }
  }

  public Path p12() {
    return p12;
  }

  public X509Certificate root() {
    return root;
  }

  private static void run(Path dir, String... cmd) {
    ExternalTools.Result r = ExternalTools.run(List.of(cmd), dir);
    if (r.exitCode() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed: " + r.all());
    }
  }
}
