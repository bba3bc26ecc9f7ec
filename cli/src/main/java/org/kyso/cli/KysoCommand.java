package org.kyso.cli;

import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root {@code kyso} command: only holds the options every verb shares. Its subcommands are added by
 * {@link Kyso#run} ({@link Commands}), only the one a command line names when it names one.
 */
@Command(name = "kyso", mixinStandardHelpOptions = true, versionProvider = KysoCommand.Version.class,
    description = "Ký số: sign and verify official electronic documents, keep their registers.",
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

  /**
   * Where {@code kyso sign} keeps the CRLs and OCSP answers of its pre-signing check between runs:
   * {@code KYSO_REVOCATION_CACHE} (a folder, or {@code off}), else {@code $XDG_CACHE_HOME/kyso/revocation}, else
   * {@code ~/.cache/kyso/revocation}; empty when switched off or no home folder is known.
   */
  Optional<java.nio.file.Path> revocationCache() {
    return revocationCache(env);
  }

  /** {@link #revocationCache()} for this environment. */
  static Optional<java.nio.file.Path> revocationCache(Map<String, String> env) {
    return org.kyso.core.internal.revocation.DiskRevocationCache.defaultFolder(env);
  }

  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = KysoCommand.class.getPackage().getImplementationVersion();
      return new String[] {"kyso " + (v == null ? "development" : v)};
    }
  }
}
