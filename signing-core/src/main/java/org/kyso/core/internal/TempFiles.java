package org.kyso.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The temporary files kyso makes in the system's temporary folder ({@code java.io.tmpdir}) while it works, e.g. the
 * copies of large PDF revisions the verifier parses from disk: each is registered when it is created and
 * unregistered when it is deleted, and one JVM shutdown hook deletes those still registered, so a process stopped
 * by SIGTERM or Ctrl-C (or ending on an error) leaves none behind (issue 20).
 *
 * <p>Process-wide by nature, as a shutdown hook is; it holds nothing but paths. The hidden {@code .part} files beside
 * an output are the output writers' business, not this registry's.
 */
public final class TempFiles {
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();

  private TempFiles() {}

  /** Creates an empty temporary file (owner-only, as {@link Files#createTempFile} makes it) and registers it. */
  public static Path create(String prefix, String suffix) throws IOException {
    hook();
    Path p = Files.createTempFile(prefix, suffix);
    LIVE.add(p);
    return p;
  }

  /** Deletes a file made by {@link #create} (if it is still there) and forgets it. */
  public static void delete(Path p) throws IOException {
    try {
      Files.deleteIfExists(p);
    } finally {
      LIVE.remove(p);
    }
  }

  /** Deletes every registered file; what the shutdown hook runs. */
  public static void deleteAll() {
    for (Path p : LIVE) {
      try {
        Files.deleteIfExists(p);
        LIVE.remove(p);
      } catch (IOException | RuntimeException e) {
        // nothing more can be done while the process stops
      }
    }
  }

  private static void hook() {
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "kyso-temp-files"));
    }
  }
}
