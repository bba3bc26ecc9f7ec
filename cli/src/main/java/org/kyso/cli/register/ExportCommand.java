package org.kyso.cli.register;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kyso.cli.UsageException;
import org.kyso.registers.RegisterKind;
import org.kyso.registers.Registers;
import org.kyso.registers.SearchQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kyso register export --db DB --register out --year 2026 -o so-di-2026.pdf}. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Export a register as CSV (for Excel) or as the printable register book (PDF, Appendix IV).")
final class ExportCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--db", paramLabel = "DB", defaultValue = "${env:KYSO_REGISTER_DB}",
      description = "The register database (SQLite file or jdbc:postgresql:// URL; default KYSO_REGISTER_DB).")
  String db;

  @Option(names = "--org-id", paramLabel = "ID", defaultValue = "",
      description = "The organisation, in a database holding several; default: the one 'kyso register init' sets up without --org-id.")
  String orgId;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The .csv or .pdf file to write.")
  Path output;

  @Option(names = "--format", paramLabel = "csv|pdf", description = "Default: from the output file's extension.")
  String format;

  @Option(names = "--register", paramLabel = "out|in", description = "The register (required for PDF; CSV: both by default).")
  String register;

  @Option(names = "--year", paramLabel = "YYYY", description = "The year (PDF: default this year; CSV: all by default).")
  Integer year;

  @Override
  public Integer call() throws Exception {
    String f = format != null ? format.toLowerCase(Locale.ROOT)
        : output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pdf") ? "pdf" : "csv";
    if (!f.equals("csv") && !f.equals("pdf")) {
      throw new UsageException("--format must be csv or pdf.");
    }
    RegisterOptions o = new RegisterOptions();
    o.db = db;
    o.org = orgId;
    o.format = "text";
    try (org.kyso.cli.TempCleanup.Handle cleanup = org.kyso.cli.TempCleanup.file(output);
         Registers r = o.open(false)) {
      if (f.equals("pdf")) {
        if (register == null) {
          throw new UsageException("A register book is for one register: add --register out or --register in.");
        }
        int y = year != null ? year : RegisterOptions.today().getYear();
        r.exportBook(RegisterKind.parse(register), y, output);
      } else {
        SearchQuery.Builder q = SearchQuery.builder();
        if (register != null) {
          q.register(RegisterKind.parse(register));
        }
        if (year != null) {
          q.year(year);
        }
        r.exportCsv(q.build(), output);
      }
    }
    spec.commandLine().getOut().println("exported " + output);
    return 0;
  }
}
