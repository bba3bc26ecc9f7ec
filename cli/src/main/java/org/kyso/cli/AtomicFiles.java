package org.kyso.cli;

import java.nio.file.Path;
import org.kyso.core.FileAccessException;
import org.kyso.core.internal.io.AtomicOutput;

/** The command line's name for kyso's one atomic writer ({@link AtomicOutput}). */
final class AtomicFiles {
  private AtomicFiles() {}

  static void write(Path target, byte[] content) throws FileAccessException {
    AtomicOutput.write(target, "The file", content);
  }
}
