package org.kyso.pdf.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.kyso.core.testing.ExternalTools;

/**
 * The real sample files in {@code ../shared/data} (relative to the repository root; never copied into the
 * repository). Absent locally, the calling test is skipped with a message; under CI=true it fails.
 */
public final class SharedData {
  private SharedData() {}

  /** The PDFs of {@code ../shared/data/<folder>}, sorted by name. */
  public static List<Path> pdfs(String folder) throws IOException {
    Path dir = root().resolve("shared").resolve("data").resolve(folder);
    if (!Files.isDirectory(dir)) {
      String msg = "The sample data folder " + dir + " is absent (../shared/data/" + folder + ")";
      if (ExternalTools.inCi()) {
        throw new AssertionError(msg);
      }
      Assumptions.abort(msg);
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".pdf")).sorted().toList();
    }
  }

  /** The folder that holds the repository (its parent), found from the module's working directory. */
  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("kyso"))) {
      p = p.getParent();
    }
    if (p == null || p.getParent() == null) {
      throw new IllegalStateException("The repository root (with the kyso launcher) was not found above "
          + Path.of("").toAbsolutePath());
    }
    return p.getParent();
  }
}
