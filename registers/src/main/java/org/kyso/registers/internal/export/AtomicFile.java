package org.kyso.registers.internal.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.kyso.core.KysoException;
import org.kyso.core.internal.io.AtomicOutput;

/** Writes an export through kyso's one atomic writer ({@link AtomicOutput}): never a half file. */
public final class AtomicFile {
  /** Writes the content. */
  @FunctionalInterface
  public interface Writer {
    void write(OutputStream out) throws IOException, KysoException;
  }

  private AtomicFile() {}

  public static void write(Path target, Writer writer) throws KysoException {
    AtomicOutput.writeStream(target, "The export", writer::write);
  }
}
