package org.kyso.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.kyso.core.testing.ExternalTools;

/**
 * A user to whom file permissions apply. Root passes every permission check, and CI and the development machine run
 * as root, so a test of an unreadable file run as root would test nothing. As root, kyso's JVM is started as
 * {@code nobody} (uid and gid 65534, no groups, no capabilities) through {@code setpriv} (util-linux) or, failing
 * that, {@code runuser}; as anyone else, as that user. Neither tool: the test is skipped with a sentence saying so,
 * or fails under {@code CI=true}.
 */
final class Unprivileged {
  static final int NOBODY = 65534;

  /** The command prefix ({@code setpriv …}, or empty when this user is already unprivileged). */
  final List<String> prefix;
  /** Whether the JVM was started as another user (then the class path was made readable for it). */
  final boolean switched;

  private Unprivileged(List<String> prefix, boolean switched) {
    this.prefix = prefix;
    this.switched = switched;
  }

  static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** The way to run as an unprivileged user here; skips (or fails under CI) when there is none. */
  static Unprivileged get() {
    if (!runningAsRoot()) {
      return new Unprivileged(List.of(), false);
    }
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path setpriv = Path.of(dir, "setpriv");
      if (Files.isExecutable(setpriv)) {
        return new Unprivileged(List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY,
            "--clear-groups", "--inh-caps=-all"), true);
      }
    }
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      Path runuser = Path.of(dir, "runuser");
      if (Files.isExecutable(runuser)) {
        return new Unprivileged(List.of(runuser.toString(), "-u", "nobody", "--"), true);
      }
    }
    String msg = "this test runs as root, which ignores file permissions, and neither setpriv nor runuser"
        + " (util-linux) is installed to run kyso as an unprivileged user: apt-get install util-linux";
    if (ExternalTools.inCi()) {
      throw new AssertionError(msg);
    }
    Assumptions.abort(msg);
    throw new AssertionError("unreachable");
  }

  /**
   * This test JVM's class path as the unprivileged user can read it: as is for the same user; otherwise every entry
   * hard-linked (copied where a link cannot be made or the file is not readable by all) under {@code dir}, in
   * folders anyone may read (the local Maven repository lies under root's home, which others cannot enter).
   */
  String classPath(Path dir) throws IOException {
    String cp = System.getProperty("java.class.path");
    if (!switched) {
      return cp;
    }
    Files.createDirectories(dir);
    open(dir, "rwxr-xr-x");
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String e : cp.split(File.pathSeparator)) {
      if (e.isBlank()) {
        continue;
      }
      Path src = Path.of(e).toAbsolutePath();
      if (!Files.exists(src)) {
        continue;
      }
      Path dst = dir.resolve((n++) + "-" + src.getFileName());
      if (Files.isDirectory(src)) {
        try (Stream<Path> s = Files.walk(src)) {
          for (Path p : s.toList()) {
            Path t = dst.resolve(src.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(t);
              open(t, "rwxr-xr-x");
            } else {
              place(p, t);
            }
          }
        }
      } else {
        place(src, dst);
      }
      entries.add(dst.toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void place(Path src, Path dst) throws IOException {
    boolean readableByAll = Files.getPosixFilePermissions(src).contains(PosixFilePermission.OTHERS_READ);
    if (readableByAll) {
      try {
        Files.createLink(dst, src);
        return;
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (IOException | UnsupportedOperationException e) {
        // another file system, or links refused: copy
      }
    }
    Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
    open(dst, "rw-r--r--");
  }

  /** Sets the permissions of {@code p}, e.g. {@code "rwxr-xr-x"}. */
  static void open(Path p, String perms) throws IOException {
    Set<PosixFilePermission> set = PosixFilePermissions.fromString(perms);
    Files.setPosixFilePermissions(p, set);
  }

  /** Makes everything under {@code dir} the owner's again, so that the test's clean-up can remove it. */
  static void restoreOwner(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        if (Files.isDirectory(p)) {
          restoreOwner(p);
        } else {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        }
      }
    }
  }
}
