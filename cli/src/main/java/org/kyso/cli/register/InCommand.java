package org.kyso.cli.register;

import picocli.CommandLine.Command;

/** {@code kyso register in ...}: the incoming register. */
@Command(name = "in", mixinStandardHelpOptions = true, description = "The incoming register (văn bản đến).",
    subcommands = {InAddCommand.class})
final class InCommand {
}
