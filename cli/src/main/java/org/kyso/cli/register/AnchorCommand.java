package org.kyso.cli.register;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kyso.cli.UsageException;
import org.kyso.core.TimestampService;
import org.kyso.registers.JournalRecord;
import org.kyso.registers.Registers;
import org.kyso.registers.TsaChainAnchor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.util.LinkedHashMap;

/** {@code kyso register anchor --db DB --tsa URL}: timestamps the journal head now (e.g. from a nightly cron job). */
@Command(name = "anchor", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Anchor the journal head with an RFC 3161 timestamp (run it periodically, e.g. nightly).")
final class AnchorCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  RegisterOptions options;

  @Option(names = "--tsa", required = true, paramLabel = "URL", description = "Timestamp authority; repeat for failover.")
  List<URI> tsa;

  @Override
  public Integer call() throws Exception {
    boolean json = options.json();
    TimestampService.Builder b = TimestampService.builder();
    try {
      tsa.forEach(b::url);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (options.db == null || options.db.isBlank()) {
      throw new UsageException("--db is required (a SQLite file or a jdbc:postgresql:// URL), or set KYSO_REGISTER_DB.");
    }
    Optional<JournalRecord> rec;
    try (Registers r = Registers.builder(options.db).organisation(options.org).mustExist(true).anchor(TsaChainAnchor.of(b.build()), 0).build()) {
      rec = r.anchorNow();
    }
    var out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("anchored", rec.isPresent());
      m.put("record", rec.map(JournalRecord::seq).orElse(null));
      RegisterOptions.print(out, m);
    } else {
      out.println(rec.map(x -> "Anchored the journal head as record " + x.seq() + ".")
          .orElse("Nothing to anchor: the journal is empty or its head is already anchored."));
    }
    return 0;
  }
}
