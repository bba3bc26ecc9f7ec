package org.kyso.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kyso.server.KysoServer;
import org.kyso.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kyso serve [--config FILE]}: verification, signing and registers over HTTP and the verification page, until
 * the process is stopped (SIGTERM or Ctrl-C let running requests finish).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serve verification, signing and registers over HTTP, and the verification page.",
        "Without --config: verification only, on http://127.0.0.1:8080/, registers in ./kyso-registers.db.",
        "Environment variables override the file: KYSO_HOST, KYSO_PORT, KYSO_DATABASE, KYSO_MAX_UPLOAD_MIB,"
            + " KYSO_REQUEST_TIMEOUT_SECONDS, KYSO_VERIFY_CONCURRENCY, KYSO_TRUST, KYSO_OFFLINE, KYSO_AUDIT_LOG,"
            + " KYSO_REVOCATION_CACHE, KYSO_TSA_URL, KYSO_JOB_WORKERS."})
final class ServeCommand implements Callable<Integer> {
  @ParentCommand
  KysoCommand root;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (see server/README.md).")
  Path config;

  @Option(names = "--hash-token", paramLabel = "ENV", hidden = false,
      description = "Print the SHA-256 of the API token held in this environment variable (for the configuration"
          + " file's tokens[].sha256) and exit.")
  String hashTokenEnv;

  @Override
  public Integer call() throws Exception {
    if (hashTokenEnv != null) {
      String token = root.env(hashTokenEnv).orElseThrow(
          () -> new UsageException("The environment variable " + hashTokenEnv + " is not set."));
      spec.commandLine().getOut().println(ServerConfig.hashToken(token));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
    if (config != null) {
      InputFiles.requireOptionFile(config, "--config", 1 << 20);
    }
    ServerConfig cfg = ServerConfig.load(Optional.ofNullable(config), root.environment());
    KysoServer server = KysoServer.start(cfg);
    Thread hook = new Thread(server::close, "kyso-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    spec.commandLine().getOut().println("kyso serve: listening on " + server.uri() + " (" + cfg.summary() + ")");
    spec.commandLine().getOut().flush();
    try {
      server.join();
    } finally {
      server.close();
    }
    return ExitCodes.OK;
  }
}
