package org.kyso.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.kyso.core.devpki.DevPki;

/**
 * Prepares the bounded-memory run by hand: a large PDF written by streaming, a signer's PKCS#12 file (password
 * {@code bench-only}) and the root certificate to trust.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.kyso.bench.LargeInput target/large 1024
 * </pre>
 */
public final class LargeInput {
  private LargeInput() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/large"));
    int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    int pages = Math.max(1, megabytes / 10);
    Path pdf = Inputs.largePdf(dir.resolve("large-" + megabytes + "m.pdf"), pages, 10_000_000);
    DevPki pki = DevPki.create();
    DevPki.writePkcs12(pki.person("Nguyễn Văn An"), "signer", Fixtures.PASSWORD, dir.resolve("signer.p12"));
    Files.writeString(dir.resolve("root.pem"), DevPki.pem(pki.root().certificate()));
    System.out.println(pdf + " (" + (Files.size(pdf) >> 20) + " MB), " + dir.resolve("signer.p12") + ", "
        + dir.resolve("root.pem"));
  }
}
