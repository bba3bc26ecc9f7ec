package org.kyso.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deletes the hidden temporary files of the outputs a command is writing when the process is stopped (SIGTERM,
 * Ctrl-C): kyso writes every output to {@code .NAME.<random>.part} or {@code .tmp} beside it and moves it into place
 * at the end, so a stopped run leaves nothing but these, and this removes them.
 *
 * <p>The one piece of process-wide state in the command line: a JVM shutdown hook is process-wide by nature. A
 * watch lists the temporary files already there when it starts and never touches them (another run's files).
 */
public final class TempCleanup {
  private static final Set<Watch> WATCHES = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();

  private TempCleanup() {}

  /** Watches the temporary files of one output file until the returned handle is closed. */
  public static Handle file(Path output) {
    Path abs = output.toAbsolutePath();
    return add(abs.getParent(), "." + abs.getFileName());
  }

  /** Watches every hidden temporary file of a folder (a batch's output folder) until closed. */
  static Handle folder(Path dir) {
    return add(dir.toAbsolutePath(), ".");
  }

  /** Stops a watch; closing twice is harmless. */
  public interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  private static Handle add(Path dir, String prefix) {
    if (dir == null) {
      return () -> { };
    }
    if (HOOKED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(TempCleanup::cleanUp, "kyso-temp-cleanup"));
    }
    Watch w = new Watch(dir, prefix, matching(dir, prefix));
    WATCHES.add(w);
    return () -> WATCHES.remove(w);
  }

  /** Runs at shutdown: every temporary file that appeared under a live watch is deleted. */
  static void cleanUp() {
    for (Watch w : WATCHES) {
      for (Path p : matching(w.dir, w.prefix)) {
        if (!w.before.contains(p)) {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            // nothing more can be done while the process stops
          }
        }
      }
    }
  }

  private static Set<Path> matching(Path dir, String prefix) {
    Set<Path> out = new HashSet<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        if (n.startsWith(prefix) && n.length() > prefix.length() && (n.endsWith(".part") || n.endsWith(".tmp"))) {
          out.add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a folder that does not exist (yet) holds nothing to clean
    }
    return out;
  }

  private record Watch(Path dir, String prefix, Set<Path> before) {
    Watch {
      Objects.requireNonNull(dir);
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
