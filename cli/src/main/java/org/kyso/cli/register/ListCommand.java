package org.kyso.cli.register;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kyso.registers.Page;
import org.kyso.registers.RegisterEntry;
import org.kyso.registers.RegisterKind;
import org.kyso.registers.Registers;
import org.kyso.registers.SearchQuery;
import org.kyso.registers.Series;
import org.kyso.registers.internal.view.EntryJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.util.LinkedHashMap;

/** {@code kyso register list}: entries in register order, a page at a time. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List entries in register order (by register, year, series, number).")
final class ListCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  RegisterOptions options;

  @Option(names = "--register", paramLabel = "out|in", description = "Only this register.")
  String register;

  @Option(names = "--year", paramLabel = "YYYY", description = "Only this year.")
  Integer year;

  @Option(names = "--series", paramLabel = "NAME", description = "Only this series.")
  String series;

  @Option(names = "--page", defaultValue = "1", paramLabel = "N", description = "Page number, from 1.")
  int page;

  @Option(names = "--size", defaultValue = "50", paramLabel = "N", description = "Entries per page (1 to 10000).")
  int size;

  @Override
  public Integer call() throws Exception {
    SearchQuery.Builder q = SearchQuery.builder().order(SearchQuery.Order.REGISTER);
    filters(q, register, year, series, page, size);
    return run(spec, options, q.build());
  }

  static void filters(SearchQuery.Builder q, String register, Integer year, String series, int page, int size)
      throws Exception {
    if (register != null) {
      q.register(RegisterKind.parse(register));
    }
    if (year != null) {
      if (year < 1900 || year > 2199) {
        throw new org.kyso.cli.UsageException("--year takes a year from 1900 to 2199, not " + year + ".");
      }
      q.year(year);
    }
    if (page < 1) {
      throw new org.kyso.cli.UsageException("--page: pages are numbered from 1.");
    }
    if (size < 1 || size > 10_000) {
      throw new org.kyso.cli.UsageException("--size: a page holds 1 to 10000 entries.");
    }
    if (series != null) {
      q.series(Series.parse(series));
    }
    try {
      q.page(page).pageSize(size);
    } catch (IllegalArgumentException e) {
      throw new org.kyso.cli.UsageException(e.getMessage());
    }
  }

  static int run(picocli.CommandLine.Model.CommandSpec spec, RegisterOptions options, SearchQuery q) throws Exception {
    boolean json = options.json();
    try (Registers r = options.open(false)) {
      Page<RegisterEntry> p = r.search(q);
      var out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("page", p.page());
        m.put("pageSize", p.pageSize());
        m.put("hasNext", p.hasNext());
        m.put("entries", p.items().stream().map(EntryJson::of).toList());
        RegisterOptions.print(out, m);
      } else {
        List<RegisterEntry> items = p.items();
        items.forEach(e -> out.println(Entries.line(e)));
        if (items.isEmpty()) {
          out.println("No entry.");
        }
        if (p.hasNext()) {
          out.println("... more on page " + (p.page() + 1) + " (--page " + (p.page() + 1) + ")");
        }
        out.flush();
      }
    }
    return 0;
  }
}
