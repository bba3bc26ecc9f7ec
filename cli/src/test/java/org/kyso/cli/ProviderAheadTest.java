package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.demo.SampleLetter;
import org.kyso.core.internal.BouncyCastle;
import org.kyso.core.testing.PerClassPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.testing.TestTsa;

/**
 * A command line that signs, verifies or timestamps has BouncyCastle's provider built on its own thread from its
 * first instant, and DSS then uses that one: no command builds a second (which would cost the time the first saves).
 * Each command runs in a JVM of its own, since the provider is made once per JVM.
 */
class ProviderAheadTest {
  private static final String PIN = "s3cret-Pin!";

  @RegisterExtension
  static final PerClassPki pki = new PerClassPki();

  @TempDir
  Path dir;

  @Test
  void signingVerifyingAndTimestampingUseTheProviderBuiltAhead() throws Exception {
    Path key = TestPki.writeP12(pki.get().pki().person("Phạm Thị Lan"), dir.resolve("lan.p12"), PIN);
    Path root = pki.get().writeRootPem(dir);
    Path pdf = dir.resolve("to-trinh.pdf");
    Files.write(pdf, SampleLetter.create());
    Path xml = dir.resolve("hoadon.xml");
    Files.writeString(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><HDon><DLHDon Id=\"data\"><SHDon>7</SHDon>"
        + "</DLHDon><DSCKS><NBan/></DSCKS></HDon>", StandardCharsets.UTF_8);
    try (TestTsa tsa = TestTsa.start(pki.get().pki())) {
      String k = "p12:" + key;
      List<List<String>> lines = List.of(
          List.of("sign", "pdf", pdf.toString(), "-o", dir.resolve("signed.pdf").toString(), "--key", k,
              "--pin-env", "KYSO_PIN"),
          List.of("verify", dir.resolve("signed.pdf").toString(), "--trust", root.toString()),
          // exit 2: no revocation data offline
          List.of("verify", "--offline", dir.resolve("signed.pdf").toString(), "--trust", root.toString()),
          List.of("sign", "pdf", pdf.toString(), "-o", dir.resolve("signed-t.pdf").toString(), "--key", k,
              "--pin-env", "KYSO_PIN", "--level", "B-T", "--tsa", tsa.url().toString()),
          List.of("sign", "xml", xml.toString(), "-o", dir.resolve("signed.xml").toString(), "--key", k,
              "--pin-env", "KYSO_PIN", "--profile", "einvoice"),
          List.of("verify", dir.resolve("signed.xml").toString(), "--trust", root.toString()),
          List.of("timestamp", pdf.toString(), "-o", dir.resolve("letter.tsr").toString(), "--tsa",
              tsa.url().toString()));
      for (List<String> args : lines) {
        List<String> cmd = new ArrayList<>(List.of(KysoProcess.java(), "-cp", System.getProperty("java.class.path"),
            Probe.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("KYSO_PIN", PIN);
        pb.environment().put("KYSO_REVOCATION_CACHE", dir.resolve("revocation").toString());
        KysoProcess.Result r = KysoProcess.run(pb, 120);
        String out = new String(r.out(), StandardCharsets.UTF_8);
        assertThat(out).as(String.join(" ", args) + "\n" + out + new String(r.err(), StandardCharsets.UTF_8))
            .contains("exit " + (args.contains("--offline") ? 2 : 0) + " provider built ahead in use: true");
      }
    }
  }

  @Test
  void onlyCommandsThatSignVerifyOrTimestampStartIt() {
    assertThat(Kyso.signsOrVerifies(new String[] {"verify", "a.pdf"})).isTrue();
    assertThat(Kyso.signsOrVerifies(new String[] {"--debug", "sign", "pdf", "a.pdf"})).isTrue();
    assertThat(Kyso.signsOrVerifies(new String[] {"timestamp", "a.zip"})).isTrue();
    assertThat(Kyso.signsOrVerifies(new String[] {"verify", "--help"})).isFalse();
    assertThat(Kyso.signsOrVerifies(new String[] {"register", "out", "list"})).isFalse();
    assertThat(Kyso.signsOrVerifies(new String[] {"--version"})).isFalse();
    assertThat(Kyso.signsOrVerifies(new String[] {})).isFalse();
  }

  /** Runs kyso as its main does, then says whether DSS's provider is the one built ahead. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      Kyso.startAhead(args);
      PrintWriter out = new PrintWriter(System.out, true);
      int code = Kyso.run(args, out, new PrintWriter(System.err, true), System.getenv());
      Field f = BouncyCastle.class.getDeclaredField("AHEAD");
      f.setAccessible(true);
      @SuppressWarnings("unchecked")
      Provider ahead = ((AtomicReference<FutureTask<Provider>>) f.get(null)).get().get();
      Provider dss = eu.europa.esig.dss.spi.DSSSecurityProvider.getSecurityProvider();
      out.println("exit " + code + " provider built ahead in use: " + (ahead == dss));
      System.exit(0);
    }
  }
}
