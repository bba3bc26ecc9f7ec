package org.kyso.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kyso.core.SigningKey;
import org.kyso.pdf.PdfExtender;
import org.kyso.pdf.PdfSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kyso sign pdf IN -o OUT --key K}: a PAdES signature, optionally with a Decree 30 appearance. */
@Command(name = "pdf", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Sign a PDF (PAdES), optionally with a Decree 30 appearance.")
final class SignPdfCommand implements Callable<Integer> {
  @ParentCommand
  SignCommand parent;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IN.pdf")
  Path in;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.pdf")
  Path out;

  @Mixin
  KeyMixin key;

  @Mixin
  CommonSignOptions common;

  @Mixin
  PdfAppearanceOptions looks;

  @Option(names = "--extend", description = "Raise the signatures already in IN.pdf to --level (B-T, B-LT, B-LTA) without signing: no --key needed.")
  boolean extend;

  @Option(names = "--reason", paramLabel = "TEXT")
  String reason;

  @Option(names = "--location", paramLabel = "TEXT")
  String location;

  @Override
  public Integer call() throws Exception {
    KysoCommand root = (KysoCommand) spec.root().userObject();
    common.environment(root.environment());
    var level = common.level();
    var timestamps = common.timestamps();
    var trust = common.trustAnchors();
    if (extend) {
      if (key.key != null) {
        throw new UsageException("--extend adds no signature: leave out --key.");
      }
      if (!level.needsTimestamp()) {
        throw new UsageException("--extend needs --level B-T, B-LT or B-LTA and a --tsa.");
      }
      PdfExtender.builder(level).timestamps(timestamps.orElseThrow()).trust(trust).build().extend(in, out);
      spec.commandLine().getOut().println("extended " + in.getFileName() + " -> " + out + " (" + level.label() + ")");
      return ExitCodes.OK;
    }
    try (SigningKey k = key.open(root)) {
      var status = common.checkStatus(k, trust, spec.commandLine().getErr());
      PdfSigner.Builder b = PdfSigner.builder(k).level(level).trust(trust).appearance(looks.appearance(k.certificate()));
      timestamps.ifPresent(b::timestamps);
      if (reason != null) {
        b.reason(reason);
      }
      if (location != null) {
        b.location(location);
      }
      b.build().sign(in, out);
      common.saveStatus(status, out, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    spec.commandLine().getOut().println("signed " + in.getFileName() + " -> " + out + " (" + level.label() + ")");
    return ExitCodes.OK;
  }
}
