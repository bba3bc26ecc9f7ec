package org.kyso.cli.register;

import picocli.CommandLine.Command;

/** {@code kyso register out ...}: the outgoing register. */
@Command(name = "out", mixinStandardHelpOptions = true, description = "The outgoing register (văn bản đi).",
    subcommands = {OutAddCommand.class})
final class OutCommand {
}
