package org.kyso.cli.register;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kyso.registers.EntryRef;
import org.kyso.registers.InvalidEntryException;
import org.kyso.registers.JournalRecord;
import org.kyso.registers.RegisterEntry;
import org.kyso.registers.RegisterKind;
import org.kyso.registers.Registers;
import org.kyso.registers.Series;
import org.kyso.registers.internal.view.EntryJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import java.util.LinkedHashMap;
import org.kyso.core.internal.json.Json;

/** {@code kyso register show out|in NUMBER [--year Y]}: one entry and its journal history. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show one entry and its history (registration, corrections, status changes).")
final class ShowCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  RegisterOptions options;

  @Parameters(index = "0", paramLabel = "out|in")
  String register;

  @Parameters(index = "1", paramLabel = "NUMBER")
  long number;

  @Option(names = "--year", paramLabel = "YYYY", description = "The year (default this year).")
  Integer year;

  @Option(names = "--series", defaultValue = "administrative", paramLabel = "NAME", description = "The series.")
  String series;

  @Override
  public Integer call() throws Exception {
    boolean json = options.json();
    if (number < 1) {
      throw new org.kyso.cli.UsageException("Entry numbers start at 1.");
    }
    EntryRef ref = new EntryRef(RegisterKind.parse(register), year != null ? year : RegisterOptions.today().getYear(),
        Series.parse(series), number);
    try (Registers r = options.open(false)) {
      RegisterEntry e = r.find(ref).orElseThrow(() -> new InvalidEntryException("There is no entry " + ref
          + " in the registers."));
      List<JournalRecord> history = r.history(ref);
      var out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("entry", EntryJson.of(e));
        m.put("history", history.stream().map(EntryJson::of).toList());
        RegisterOptions.print(out, m);
      } else {
        out.println(Entries.line(e));
        Map<String, Object> fields = EntryJson.of(e);
        fields.forEach((k, v) -> {
          if (v != null && !"".equals(v) && !(v instanceof List<?> l && l.isEmpty())) {
            out.println("  " + k + ": " + (v instanceof List<?> ? Json.write(v, Json.Escaping.MINIMAL) : v));
          }
        });
        out.println("History:");
        for (JournalRecord h : history) {
          out.println("  #" + h.seq() + " " + h.kind() + " " + h.recordedAt() + (h.note().isEmpty() ? "" : " — "
              + h.note()));
        }
        out.flush();
      }
    }
    return 0;
  }
}
