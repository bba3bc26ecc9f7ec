package org.kyso.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kyso.core.KysoException;
import org.kyso.core.Level;
import org.kyso.core.TimestampService;
import org.kyso.core.TrustAnchors;
import picocli.CommandLine.Option;

/** Options every {@code sign} verb shares: level, timestamp authorities, trust for B-LT. */
public final class CommonSignOptions {
  @Option(names = "--level", defaultValue = "B-B", paramLabel = "B-B|B-T|B-LT|B-LTA",
      description = "Signature level (default ${DEFAULT-VALUE}).")
  String level;

  @Option(names = "--tsa", paramLabel = "URL", description = "RFC 3161 timestamp authority; repeat for failover in order.")
  List<URI> tsa = new ArrayList<>();

  @Option(names = "--trust", paramLabel = "PEM|DIR", description = "Trusted roots used to build the chain for B-LT/B-LTA; repeatable.")
  List<Path> trust = new ArrayList<>();

  @Option(names = "--max-size", paramLabel = "MIB", description = "Largest input file signed, in MiB (default 100); larger files are refused.")
  Long maxSizeMb;

  /** The largest input, in bytes ({@code --max-size}). */
  public long maxBytes() {
    return InputFiles.limitBytes(maxSizeMb);
  }

  public Level level() {
    try {
      return Level.parse(level);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The timestamp service, required from B-T up. */
  public Optional<TimestampService> timestamps() {
    Level l = level();
    if (tsa.isEmpty()) {
      if (l.needsTimestamp()) {
        throw new UsageException("Level " + l.label() + " needs a timestamp authority: add --tsa URL.");
      }
      return Optional.empty();
    }
    TimestampService.Builder b = TimestampService.builder();
    for (URI u : tsa) {
      try {
        b.url(u);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    return Optional.of(b.build());
  }

  public TrustAnchors trustAnchors() throws KysoException {
    TrustAnchors t = TrustAnchors.none();
    for (Path p : trust) {
      t = t.plus(TrustAnchors.fromPem(p));
    }
    return t;
  }
}
