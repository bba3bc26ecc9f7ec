package org.kyso.registers.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import org.kyso.core.FileAccessException;

/** The SHA-256 of a file, streamed. */
public final class FileDigest {
  private FileDigest() {}

  /**
   * The SHA-256 of {@code file}, as 64 lowercase hex digits.
   *
   * @throws FileAccessException if it cannot be read
   */
  public static String sha256(Path file) throws FileAccessException {
    Objects.requireNonNull(file, "file");
    MessageDigest md = Hex.sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw new FileAccessException("The file " + file + " does not exist.", e);
    } catch (IOException e) {
      throw new FileAccessException("The file " + file + " cannot be read.", e);
    }
    return Hex.hex(md.digest());
  }
}
