package org.kyso.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.kyso.core.FileAccessException;

/** Writes a file so that readers see either nothing or the whole file: temporary file, then move. */
final class AtomicFiles {
  private AtomicFiles() {}

  static void write(Path target, byte[] content) throws FileAccessException {
    Path abs = target.toAbsolutePath();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".part");
      Files.write(tmp, content);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new FileAccessException("The file " + target + " cannot be written.", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // hidden .part file; nothing more to do
        }
      }
    }
  }
}
