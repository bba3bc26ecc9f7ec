package org.kyso.cli;

import picocli.CommandLine.Command;

/** {@code kyso sign pdf|xml|batch}. */
@Command(name = "sign", mixinStandardHelpOptions = true, description = "Sign PDF or XML documents.",
    subcommands = {SignPdfCommand.class, SignXmlCommand.class, SignBatchCommand.class})
final class SignCommand {
}
