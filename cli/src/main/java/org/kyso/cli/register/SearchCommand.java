package org.kyso.cli.register;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kyso.cli.UsageException;
import org.kyso.registers.SearchQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kyso register search [WORDS] [--summary ...]}: accent-insensitive search, newest first. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Search entries, ignoring diacritics and case (\"quyet dinh\" finds \"Quyết định\"); newest first.")
final class SearchCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  RegisterOptions options;

  @Parameters(arity = "0..*", paramLabel = "WORDS", description = "Words to find in any field.")
  List<String> words = new ArrayList<>();

  @Option(names = "--summary", paramLabel = "WORDS", description = "Words to find in the type and summary.")
  String summary;

  @Option(names = "--party", paramLabel = "WORDS", description = "Words to find in author, signer, recipients, receiver.")
  String party;

  @Option(names = "--code", paramLabel = "TEXT", description = "Text to find in the number and notation.")
  String code;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "Entries dated on or after.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Entries dated on or before.")
  LocalDate to;

  @Option(names = "--register", paramLabel = "out|in", description = "Only this register.")
  String register;

  @Option(names = "--year", paramLabel = "YYYY", description = "Only this year.")
  Integer year;

  @Option(names = "--series", paramLabel = "NAME", description = "Only this series.")
  String series;

  @Option(names = "--page", defaultValue = "1", paramLabel = "N")
  int page;

  @Option(names = "--size", defaultValue = "50", paramLabel = "N")
  int size;

  @Override
  public Integer call() throws Exception {
    SearchQuery.Builder q = SearchQuery.builder().order(SearchQuery.Order.NEWEST_FIRST);
    if (!words.isEmpty()) {
      q.text(String.join(" ", words));
    }
    if (summary != null) {
      q.summary(summary);
    }
    if (party != null) {
      q.party(party);
    }
    if (code != null) {
      q.notation(code);
    }
    if (from != null) {
      q.from(from);
    }
    if (to != null) {
      q.to(to);
    }
    ListCommand.filters(q, register, year, series, page, size);
    SearchQuery query;
    try {
      query = q.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return ListCommand.run(spec, options, query);
  }
}
