package org.kyso.cli.register;

import java.util.Map;
import java.util.concurrent.Callable;
import org.kyso.registers.JournalVerification;
import org.kyso.registers.Registers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import java.util.LinkedHashMap;

/** {@code kyso register verify --db DB}: exit 0 when the journal is intact, 1 naming the first bad record. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Check the registers against their hash-chained journal: exit 0 when intact, 1 when anything was "
        + "altered, removed, inserted or reordered behind kyso's back (the first bad record is named).")
final class VerifyRegisterCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  RegisterOptions options;

  @Override
  public Integer call() throws Exception {
    boolean json = options.json();
    JournalVerification v;
    try (Registers r = options.open(false)) {
      v = r.verify();
    }
    var out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("intact", v.intact());
      m.put("records", v.records());
      m.put("entries", v.entries());
      m.put("anchors", v.anchors());
      m.put("firstProblem", v.firstProblem().orElse(null));
      m.put("problems", v.problems());
      RegisterOptions.print(out, m);
    } else if (v.intact()) {
      out.println("The registers are intact: " + v.records() + " journal records, " + v.entries() + " entries, "
          + v.anchors() + " timestamp anchors checked.");
    } else {
      out.println("The registers were tampered with (" + v.problems().size() + " problem"
          + (v.problems().size() == 1 ? "" : "s") + "):");
      v.problems().forEach(p -> out.println("  - " + p));
    }
    out.flush();
    if (!v.intact()) {
      spec.commandLine().getErr().println("kyso: " + v.firstProblem().orElseThrow()
          + "; restore the database from a backup and compare.");
      spec.commandLine().getErr().flush();
      return 1;
    }
    return 0;
  }
}
