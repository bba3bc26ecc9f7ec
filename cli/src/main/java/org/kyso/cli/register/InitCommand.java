package org.kyso.cli.register;

import java.util.Map;
import java.util.concurrent.Callable;
import org.kyso.cli.UsageException;
import org.kyso.registers.Organisation;
import org.kyso.registers.Registers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.util.LinkedHashMap;

/** {@code kyso register init --db DB --org NAME --org-abbr ABBR}. */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Create the register database (or set up an empty one) for an organisation.")
final class InitCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  RegisterOptions options;

  @Option(names = "--org", required = true, paramLabel = "NAME", description = "The organisation, e.g. \"UBND phường Điện Biên\".")
  String org;

  @Option(names = "--org-abbr", required = true, paramLabel = "ABBR", description = "Its abbreviation in notations, e.g. UBND.")
  String abbr;

  @Override
  public Integer call() throws Exception {
    boolean json = options.json();
    Organisation o;
    try {
      o = new Organisation(org, abbr);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    try (Registers r = options.open(true)) {
      r.initialise(o);
      var out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("organisation", o.name());
        m.put("abbreviation", o.abbreviation());
        m.put("database", r.database());
        RegisterOptions.print(out, m);
      } else {
        out.println("Registers of " + o.name() + " (" + o.abbreviation() + ") ready in " + r.database());
      }
    }
    return 0;
  }
}
