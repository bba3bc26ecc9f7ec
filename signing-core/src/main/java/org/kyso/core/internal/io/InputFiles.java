package org.kyso.core.internal.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.kyso.core.FileAccessException;

/** Reading a whole input file with the library's sentences (writing: {@link AtomicOutput}). Not API. */
public final class InputFiles {
  private InputFiles() {}

  /** The whole file. */
  public static byte[] read(Path in) throws FileAccessException {
    return read(in, "file");
  }

  /** The whole file; {@code kind} names what it should be in the sentence for a folder ("PDF file"). */
  public static byte[] read(Path in, String kind) throws FileAccessException {
    try {
      if (Files.isDirectory(in)) {
        throw new FileAccessException("The input path " + in + " is a folder, not a " + kind + ".");
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
}
