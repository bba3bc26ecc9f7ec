package org.kyso.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.kyso.core.FileAccessException;

/** The password of protected PDF files, from --password-env or --password-file; never from the command line. */
final class PdfPasswords {
  private PdfPasswords() {}

  /** The password, or null when neither option is given. */
  static char[] read(KysoCommand root, String env, Path file) throws FileAccessException {
    if (env != null && file != null) {
      throw new UsageException("Give either --password-env or --password-file, not both.");
    }
    if (env != null) {
      return root.env(env).map(String::toCharArray).orElseThrow(() -> new UsageException(
          "The environment variable " + env + " given by --password-env is not set."));
    }
    if (file != null) {
      try {
        InputFiles.requireOptionFile(file, "--password-file", InputFiles.SECRET_LIMIT);
      } catch (org.kyso.core.DocumentException e) {
        throw new UsageException(e.getMessage());
      }
      try {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        String line = nl >= 0 ? s.substring(0, nl) : s;
        return (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toCharArray();
      } catch (NoSuchFileException e) {
        throw new FileAccessException("The password file " + file + " given by --password-file does not exist.", e);
      } catch (IOException e) {
        throw new FileAccessException("The password file " + file + " cannot be read.", e);
      }
    }
    return null;
  }
}
