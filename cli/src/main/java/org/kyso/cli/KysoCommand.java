package org.kyso.cli;

import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root {@code kyso} command: only holds the subcommands and the options every verb shares. */
@Command(name = "kyso", mixinStandardHelpOptions = true, versionProvider = KysoCommand.Version.class,
    description = "Ký số: sign and verify official electronic documents, keep their registers.",
    subcommands = {SignCommand.class, VerifyCommand.class, TimestampCommand.class, TokenCommand.class,
        org.kyso.cli.register.RegisterCommand.class, ServeCommand.class, DemoCommand.class},
    sortOptions = false)
public final class KysoCommand {
  private final Map<String, String> env;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean debug;

  KysoCommand(Map<String, String> env) {
    this.env = env;
  }

  boolean debug() {
    return debug;
  }

  /** An environment variable as the process (or the embedding test) sees it. */
  Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name));
  }

  Map<String, String> environment() {
    return env;
  }

  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = KysoCommand.class.getPackage().getImplementationVersion();
      return new String[] {"kyso " + (v == null ? "development" : v)};
    }
  }
}
