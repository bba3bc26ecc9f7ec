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

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "The password that opens a protected IN.pdf (user or owner password), from this environment variable; the signed file keeps its encryption.")
  String passwordEnv;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "The password that opens a protected IN.pdf, from the first line of this file.")
  Path passwordFile;

  @Override
  public Integer call() throws Exception {
    KysoCommand root = (KysoCommand) spec.root().userObject();
    common.environment(root);
    var level = common.level();
    var timestamps = common.timestamps();
    // --extend collects revocation data through the certificates' own addresses; a new B-LT signature needs a root
    var trust = extend ? common.trustAnchors() : common.pdfTrustAnchors();
    looks.checkProfile();
    looks.check();
    InputFiles.requireFile(in, common.maxBytes());
    char[] password = PdfPasswords.read(root, passwordEnv, passwordFile); // a usage error before the key opens
    try (TempCleanup.Handle cleanup = TempCleanup.file(out)) {
      return sign(root, level, timestamps, trust, password);
    } finally {
      if (password != null) {
        java.util.Arrays.fill(password, '\0');
      }
    }
  }

  private int sign(KysoCommand root, org.kyso.core.Level level,
      java.util.Optional<org.kyso.core.TimestampService> timestamps, org.kyso.core.TrustAnchors trust,
      char[] password) throws Exception {
    if (extend) {
      if (key.key != null) {
        throw new UsageException("--extend adds no signature: leave out --key.");
      }
      if (!level.needsTimestamp()) {
        throw new UsageException("--extend needs --level B-T, B-LT or B-LTA and a --tsa.");
      }
      PdfExtender.Builder eb = PdfExtender.builder(level).timestamps(timestamps.orElseThrow()).trust(trust);
      if (password != null) {
        eb.password(password);
      }
      eb.build().extend(in, out);
      spec.commandLine().getOut().println("extended " + in.getFileName() + " -> " + out + " (" + level.label() + ")");
      return ExitCodes.OK;
    }
    org.kyso.pdf.CertificationLevel certification = looks.certification(); // a usage error before the key opens
    try (SigningKey k = key.open(root)) {
      if (RemoteDocuments.answersWithCms(k)) {
        if (password != null) {
          throw new UsageException("A key whose provider answers with a complete CMS (signature=cms) cannot sign a"
              + " password-protected PDF; leave out --password-env and --password-file, or use signature=raw.");
        }
        // the provider sends back a complete CMS (maybe under a one-time certificate): embed it as it is
        RemoteDocuments.single((org.kyso.token.remote.RemoteKey) k, new RemoteDocuments.Job(in, out,
            RemoteDocuments.cmsSteps(reason, location)), key, root, spec);
        spec.commandLine().getOut().println("signed " + in.getFileName() + " -> " + out + " (B-B, the provider's CMS)");
        return ExitCodes.OK;
      }
      var status = common.checkStatus(k, trust, spec.commandLine().getErr());
      PdfSigner.Builder b = PdfSigner.builder(k).level(level).trust(trust).appearance(looks.appearance(k.certificate()));
      timestamps.ifPresent(b::timestamps);
      if (certification != null) {
        b.certify(certification);
      }
      b.revocationAnswers(common.revocationAnswers());
      if (reason != null) {
        b.reason(reason);
      }
      if (location != null) {
        b.location(location);
      }
      if (password != null) {
        b.password(password);
      }
      PdfSigner signer = b.build();
      if (RemoteDocuments.isRemote(k)) {
        // one approval in the app; the transaction is stored so that running this again resumes it
        RemoteDocuments.single((org.kyso.token.remote.RemoteKey) k, new RemoteDocuments.Job(in, out,
            RemoteDocuments.steps(signer::prepare, signer::complete)), key, root, spec);
      } else {
        signer.sign(in, out);
      }
      common.warnStatus(status, spec.commandLine().getErr());
      common.saveStatus(status, out, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    spec.commandLine().getOut().println("signed " + in.getFileName() + " -> " + out + " (" + level.label() + ")");
    return ExitCodes.OK;
  }
}
