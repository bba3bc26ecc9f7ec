package org.kyso.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;

/**
 * Inputs for the whole-process figures of the {@code kyso} command (docs/BENCHMARKS.md, start-up): the 50 KB PDF, a
 * signer's PKCS#12 file (password {@code bench-only}) whose certificate names a CRL address on 127.0.0.1, the root
 * certificate, and the CRL server itself, which answers until the process is stopped (standard input closed or a
 * signal). Every start makes a new throw-away PKI, so sign and verify with the files of the same start.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.kyso.bench.StartupFixture bench/target/startup &amp;
 * </pre>
 */
public final class StartupFixture {
  private StartupFixture() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "bench/target/startup"));
    TestPki server = TestPki.start("kyso Demo"); // the throw-away PKI and its CRL server (kyso-testing)
    DevPki pki = server.pki();
    String base = server.baseUrl().toString();
    Path pdf = Inputs.pdf50k(dir);
    DevPki.writePkcs12(pki.person("Nguyễn Văn An"), "signer", Fixtures.PASSWORD, dir.resolve("signer.p12"));
    Files.writeString(dir.resolve("root.pem"), DevPki.pem(pki.root().certificate()));
    System.out.println("ready: " + pdf + " (" + Files.size(pdf) + " bytes), " + dir.resolve("signer.p12")
        + " (password " + new String(Fixtures.PASSWORD) + "), " + dir.resolve("root.pem") + ", CRLs at " + base);
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // serve until standard input is closed
      }
    } finally {
      server.close();
    }
  }
}
