package org.kyso.core.internal.batch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.kyso.core.FileAccessException;

/** Reading a whole input file and writing an output atomically, with the library's sentences. Not API. */
public final class BatchFiles {
  private BatchFiles() {}

  /** The whole file. */
  public static byte[] read(Path in) throws FileAccessException {
    try {
      if (Files.isDirectory(in)) {
        throw new FileAccessException("The input path " + in + " is a folder, not a file.");
      }
      return Files.readAllBytes(in);
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + in + " does not exist.", e);
    } catch (AccessDeniedException e) {
      throw new FileAccessException("The file " + in + " cannot be read (permission denied).", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + in + " cannot be read.", e);
    }
  }

  /** Writes {@code content} to {@code out} through a hidden temporary file in the same folder, then a move. */
  public static void writeAtomically(Path out, byte[] content) throws FileAccessException {
    Path target = out.toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new FileAccessException("The output folder " + dir + " does not exist.");
    }
    if (Files.isDirectory(target)) {
      throw new FileAccessException("The output path " + out + " is a folder, not a file.");
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
      Files.write(tmp, content);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new FileAccessException("The signed file " + out + " cannot be written.", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // a hidden .part file; nothing more can be done
        }
      }
    }
  }
}
