package org.kyso.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.kyso.core.TimestampService;
import org.kyso.core.Timestamps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kyso timestamp FILE -o FILE.tsr --tsa URL}: an RFC 3161 timestamp of any file. */
@Command(name = "timestamp", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Get an RFC 3161 timestamp of any file (check it later with: kyso verify FILE.tsr --data FILE).")
final class TimestampCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE")
  Path file;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.tsr")
  Path out;

  @Option(names = "--tsa", required = true, paramLabel = "URL", description = "Timestamp authority; repeat for failover in order.")
  List<URI> tsa;

  @Option(names = "--policy", paramLabel = "OID", description = "Require this TSA policy.")
  String policy;

  @Override
  public Integer call() throws Exception {
    TimestampService.Builder b = TimestampService.builder();
    try {
      tsa.forEach(b::url);
      if (policy != null) {
        b.policyOid(policy);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    InputFiles.requireFile(file, InputFiles.limitBytes(null));
    try (TempCleanup.Handle cleanup = TempCleanup.file(out)) {
      Timestamps.using(b.build()).timestamp(file, out);
    }
    spec.commandLine().getOut().println("timestamped " + file.getFileName() + " -> " + out);
    return ExitCodes.OK;
  }
}
