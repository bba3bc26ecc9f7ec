package org.kyso.registers.internal.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;

/** Writes a file through a temporary file in the same folder, then moves it into place: never a half file. */
public final class AtomicFile {
  /** Writes the content. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException, KysoException;
  }

  private AtomicFile() {}

  public static void write(Path target, Writer writer) throws KysoException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new FileAccessException("The folder of " + target + " does not exist.");
    }
    Path tmp;
    try {
      tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
    } catch (IOException e) {
      throw new FileAccessException("Cannot write in the folder " + dir + ".", e);
    }
    boolean done = false;
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.write(out);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } catch (IOException e) {
      throw new FileAccessException("Cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // best effort
        }
      }
    }
  }
}
