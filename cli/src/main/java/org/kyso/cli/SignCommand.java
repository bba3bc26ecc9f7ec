package org.kyso.cli;

import picocli.CommandLine.Command;

/** {@code kyso sign pdf|xml|batch}; the subcommands are added by {@link Commands}. */
@Command(name = "sign", mixinStandardHelpOptions = true, description = "Sign PDF or XML documents.")
final class SignCommand {
}
