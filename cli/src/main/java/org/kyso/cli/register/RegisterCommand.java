package org.kyso.cli.register;

import picocli.CommandLine.Command;

/**
 * {@code kyso register ...}: the registers of outgoing and incoming documents (Decree 30/2020), in a SQLite file or
 * a PostgreSQL database. Self-contained: its subcommands write to the CommandLine's own out/err writers and throw
 * kyso exceptions (bad input 65, missing file 66, unreachable database or TSA 69) for the root command's mapper;
 * {@code register verify} returns 1 when the journal was tampered with.
 */
@Command(name = "register", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Registers of outgoing and incoming documents: numbering, tamper-evident journal, search, export.",
    subcommands = {InitCommand.class, OutCommand.class, InCommand.class, ListCommand.class, SearchCommand.class,
        ShowCommand.class, ExportCommand.class, VerifyRegisterCommand.class, AnchorCommand.class})
public final class RegisterCommand {
}
