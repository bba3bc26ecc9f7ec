package org.kyso.xml.real;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real samples kept outside the repository, in {@code ../shared/data} next to the repository root. Tests that
 * need them are skipped with a message when the folder is absent, and fail under {@code CI=true}.
 */
final class RealData {
  private RealData() {}

  static Path folder(String name) {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.isRegularFile(root.resolve("kyso"))) {
      root = root.getParent();
    }
    Path dir = root == null ? null : root.resolveSibling("shared").resolve("data").resolve(name);
    boolean present = dir != null && Files.isDirectory(dir);
    if (!present) {
      String msg = "real samples ../shared/data/" + name + " not found next to the repository";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(msg);
      }
      Assumptions.assumeTrue(false, msg + "; skipped");
    }
    return dir;
  }
}
