package org.kyso.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;

/**
 * The checks every input file passes before kyso reads it: a regular, readable file (not a folder, device or pipe,
 * which could be endless, like {@code /dev/zero}) no larger than the {@code --max-size} limit. Reading is then
 * bounded by the file's size.
 */
public final class InputFiles {
  /** The default limit of every input, in MiB: the verifier's. */
  public static final long DEFAULT_MAX_MIB = 100;
  /** The largest {@code --max-size}: 1 TiB. */
  public static final long MAX_MIB = 1L << 20;

  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFSOCK = 0140000;

  private InputFiles() {}

  /** Checks a {@code --max-size} value. */
  public static void checkMaxSize(Long mib) {
    if (mib != null && (mib < 1 || mib > MAX_MIB)) {
      throw new UsageException("--max-size takes a number of MiB from 1 to " + MAX_MIB + ".");
    }
  }

  /** The limit in bytes for a {@code --max-size} value (default when null). */
  public static long limitBytes(Long mib) {
    checkMaxSize(mib);
    return (mib == null ? DEFAULT_MAX_MIB : mib) << 20;
  }

  /**
   * Refuses what is not a readable regular file of at most {@code limitBytes}.
   *
   * @throws FileAccessException if it is missing, a folder, a device, a pipe or a socket, or unreadable (exit 66)
   * @throws DocumentException if it is larger than the limit (exit 65)
   */
  public static void requireFile(Path file, long limitBytes) throws FileAccessException, DocumentException {
    String what = kind(file);
    if (what != null) {
      throw new FileAccessException("The file " + file + " " + what);
    }
    if (!Files.isReadable(file)) {
      throw new FileAccessException("The file " + file + " cannot be read; check its permissions.");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read.", e);
    }
    if (size > limitBytes) {
      throw new DocumentException(String.format(Locale.ROOT, "The file %s is %.1f MiB, larger than the %d MiB kyso"
          + " reads; give --max-size with a larger number of MiB if it is expected to be this large.",
          file.getFileName(), size / 1048576.0, limitBytes >> 20));
    }
  }

  /** The largest secret file (--pin-file, --password-file, --service-secret-file): 64 KiB. */
  public static final long SECRET_LIMIT = 64 << 10;

  /**
   * Refuses a file given to {@code option} that is not a readable regular file of at most {@code limitBytes}
   * (a pipe would block kyso forever, a device never end), with one sentence naming the option.
   *
   * @throws FileAccessException if it is missing, a folder, a device, a pipe or a socket, or unreadable (exit 66)
   * @throws DocumentException if it is larger than the limit (exit 65)
   */
  public static Path requireOptionFile(Path file, String option, long limitBytes)
      throws FileAccessException, DocumentException {
    String what = kind(file);
    if (what != null) {
      throw new FileAccessException("The file " + file + " given by " + option + " " + what);
    }
    if (!Files.isReadable(file)) {
      throw new FileAccessException("The file " + file + " given by " + option + " cannot be read; check its"
          + " permissions.");
    }
    try {
      if (Files.size(file) > limitBytes) {
        throw new DocumentException("The file " + file + " given by " + option + " is larger than the "
            + (limitBytes >= 1 << 20 ? (limitBytes >> 20) + " MiB" : (limitBytes >> 10) + " KiB") + " it may be.");
      }
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " given by " + option + " cannot be read.", e);
    }
    return file;
  }

  /** What is wrong with the path as an input file (the end of a sentence), or null for a regular file. */
  static String kind(Path file) {
    if (file.toString().isEmpty()) {
      return "is an empty file name.";
    }
    if (!Files.exists(file)) {
      return Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? "is a broken symbolic link." : "does not exist.";
    }
    if (Files.isDirectory(file)) {
      return "is a folder, not a file.";
    }
    if (Files.isRegularFile(file)) {
      return null;
    }
    int mode;
    try {
      mode = (Integer) Files.getAttribute(file, "unix:mode");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "is not a regular file (a device, pipe or socket); kyso reads only regular files.";
    }
    return switch (mode & S_IFMT) {
      case S_IFCHR, S_IFBLK -> "is a device, not a file; kyso reads only regular files.";
      case S_IFIFO -> "is a pipe (FIFO), not a file; kyso reads only regular files, whose size it can check.";
      case S_IFSOCK -> "is a socket, not a file; kyso reads only regular files.";
      default -> "is not a regular file; kyso reads only regular files.";
    };
  }
}
