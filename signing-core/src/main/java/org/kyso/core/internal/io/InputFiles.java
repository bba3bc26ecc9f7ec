package org.kyso.core.internal.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;

/**
 * Reading a whole input file with the library's sentences (writing: {@link AtomicOutput}): the one reader of the
 * batch, the PDF and the XML signers. Not API.
 */
public final class InputFiles {
  private InputFiles() {}

  /** The whole file; see {@link #read(Path, String)}. */
  public static byte[] read(Path in) throws KysoException {
    return read(in, "file");
  }

  /**
   * The whole file; {@code kind} names what it should be in the sentence for a folder ("PDF file"). A file larger
   * than half the heap, which could not be read and worked on at all, is refused in one sentence.
   *
   * @throws FileAccessException if it is missing, a folder or cannot be read (the sentence gives the I/O reason)
   * @throws DocumentException if it is too large for the memory Java was given
   */
  public static byte[] read(Path in, String kind) throws KysoException {
    return read(in, kind, 2, "");
  }

  /**
   * The whole file for a reader that holds it about {@code copies} times over (bytes, parsed forms, the result): a
   * file larger than {@code 1/copies} of the heap is refused in one sentence before it is read, instead of failing
   * with an OutOfMemoryError half-way (issue 20). {@code otherWay} ends that sentence after the advice to give Java
   * more (", or sign it at level B-B"), or is empty.
   *
   * @throws FileAccessException if it is missing, a folder or cannot be read (the sentence gives the I/O reason)
   * @throws DocumentException if it is too large for the memory Java was given
   */
  public static byte[] read(Path in, String kind, int copies, String otherWay) throws KysoException {
    try {
      if (Files.isDirectory(in)) {
        throw new FileAccessException("The input path " + in + " is a folder, not a " + kind + ".");
      }
      long size = Files.size(in);
      long max = Runtime.getRuntime().maxMemory();
      if (max != Long.MAX_VALUE && size > max / copies) {
        throw new DocumentException("The file " + in.getFileName() + " (" + (size >> 20) + " MiB) is too large for"
            + " the memory Java was given (" + (max >> 20) + " MiB): give Java more (KYSO_JAVA_OPTS=-Xmx2g)"
            + otherWay + ".");
      }
      return Files.readAllBytes(in);
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + in + " does not exist.", e);
    } catch (AccessDeniedException e) {
      throw new FileAccessException("The file " + in + " cannot be read (permission denied).", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + in + " cannot be read: " + e.getMessage(), e);
    }
  }
}
