package org.kyso.core.internal.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.kyso.core.FileAccessException;
import org.kyso.core.KysoException;

/**
 * The one way kyso writes an output file: readers see either nothing, the old file, or the whole new file.
 *
 * <p>The content goes to a hidden temporary file {@code .NAME.<random>.part} in the target's folder (created new,
 * readable by the owner only), is forced to disk, and is then moved over the target with an atomic move, or a plain
 * replacing move on a file system that has no atomic move. On every failure, whatever its kind, the temporary file
 * is removed and an existing target is left as it was.
 *
 * <p>Stateless; every method may be called from many threads at once.
 */
public final class AtomicOutput {
  /** The suffix of every temporary file: {@code .NAME.<random>.part} beside the output. */
  public static final String SUFFIX = ".part";

  private static final FileAttribute<?>[] OWNER_ONLY = ownerOnly();
  private static final AtomicOutput STANDARD = new AtomicOutput(Files::move);

  /** Writes the content into the open temporary file. */
  @FunctionalInterface
  public interface ChannelContent {
    void writeTo(FileChannel channel) throws IOException, KysoException;
  }

  /** Writes the content into a stream over the temporary file (the stream need not be closed). */
  @FunctionalInterface
  public interface StreamContent {
    void writeTo(OutputStream out) throws IOException, KysoException;
  }

  /** Moves the finished temporary file into place (replaced in tests to reach the fallback path). */
  @FunctionalInterface
  interface Mover {
    void move(Path from, Path to, CopyOption... options) throws IOException;
  }

  private final Mover mover;

  AtomicOutput(Mover mover) {
    this.mover = mover;
  }

  /**
   * Checks that {@code target} could be written now, without writing it: its folder exists and is writable, and it
   * is not a folder itself. Signers call this before the key is used, so that a signature is never made for an
   * output that cannot be written.
   *
   * @throws FileAccessException with one sentence naming what is wrong
   */
  public static void checkWritable(Path target) throws FileAccessException {
    Path abs = Objects.requireNonNull(target, "target").toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new FileAccessException("The output folder " + dir + " does not exist.");
    }
    requireFileOrNothing(target, abs);
    if (!Files.isWritable(dir)) {
      throw new FileAccessException("The output folder " + dir + " cannot be written (permission denied).");
    }
  }

  /**
   * Writes {@code parts}, one after the other, to {@code target}.
   *
   * @param what how messages name the output, e.g. "The signed file" (followed by the path)
   * @throws FileAccessException if the folder is missing or the file cannot be written (nothing is left behind)
   */
  public static void write(Path target, String what, byte[]... parts) throws FileAccessException {
    try {
      STANDARD.write(target, what, ch -> writeAll(ch, parts));
    } catch (FileAccessException e) {
      throw e;
    } catch (KysoException e) {
      throw new AssertionError("writing bytes throws no other KysoException", e);
    }
  }

  /** As {@link #write(Path, String, byte[]...)}, the content written to a stream. */
  public static void writeStream(Path target, String what, StreamContent content) throws KysoException {
    Objects.requireNonNull(content, "content");
    STANDARD.write(target, what, ch -> {
      OutputStream out = Channels.newOutputStream(ch);
      content.writeTo(out);
      out.flush();
    });
  }

  /**
   * As {@link #write(Path, String, byte[]...)}, the content written to the temporary file's channel. An exception
   * the content throws (a {@link KysoException}, an unchecked one) is passed on unchanged, after the temporary file
   * is removed; an {@link IOException} becomes a {@link FileAccessException}.
   */
  public static void writeChannel(Path target, String what, ChannelContent content) throws KysoException {
    STANDARD.write(target, what, content);
  }

  void write(Path target, String what, ChannelContent content) throws KysoException {
    stage0(target, what, content).commit();
  }

  /**
   * Writes {@code parts} to the temporary file beside {@code target} now, and leaves forcing it to disk and moving it
   * into place to {@link Staged#commit()}: the two steps of every write, apart so that the tests can see the file
   * between them. The caller must call {@link Staged#commit()} or {@link Staged#discard()} exactly once.
   *
   * @throws FileAccessException if the folder is missing or the file cannot be written (nothing is left behind)
   */
  static Staged stage(Path target, String what, byte[]... parts) throws FileAccessException {
    try {
      return STANDARD.stage0(target, what, ch -> writeAll(ch, parts));
    } catch (FileAccessException e) {
      throw e;
    } catch (KysoException e) {
      throw new AssertionError("writing bytes throws no other KysoException", e);
    }
  }

  /**
   * The document in {@code parts}, to be written to {@code target} by whichever thread calls
   * {@link org.kyso.core.DocumentSigner.Staged#commit()}: the temporary file beside it written, forced to disk and
   * moved into place then, as {@link #write} does; {@code discard()} writes nothing. A batch's working thread hands
   * the whole file system part (about 0.2-0.3 ms of processor time per file on this project's machines: creating,
   * writing, checking) to a writing thread. The parts are kept, not copied: the caller no longer changes them.
   */
  public static org.kyso.core.DocumentSigner.Staged later(Path target, String what, byte[]... parts) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(what, "what");
    return new org.kyso.core.DocumentSigner.Staged() {
      private volatile boolean ended;

      @Override
      public void commit() throws FileAccessException {
        if (ended) {
          throw new IllegalStateException("This document was already written or discarded.");
        }
        ended = true;
        write(target, what, parts);
      }

      @Override
      public void discard() {
        ended = true;
      }
    };
  }

  private static void writeAll(FileChannel ch, byte[]... parts) throws IOException {
    ByteBuffer[] buffers = new ByteBuffer[parts.length];
    long left = 0;
    for (int i = 0; i < parts.length; i++) {
      buffers[i] = ByteBuffer.wrap(parts[i]);
      left += parts[i].length;
    }
    while (left > 0) {
      left -= ch.write(buffers);
    }
  }

  Staged stage0(Path target, String what, ChannelContent content) throws KysoException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(content, "content");
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new FileAccessException("The output folder " + dir + " does not exist.");
    }
    requireFileOrNothing(target, abs);
    Path tmp = null;
    FileChannel ch = null;
    for (int attempt = 0; ch == null; attempt++) {
      tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
          + SUFFIX);
      try {
        ch = FileChannel.open(tmp, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW), OWNER_ONLY);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 5) {
          throw new FileAccessException("The output folder " + dir + " cannot be written.", e);
        }
      } catch (IOException e) {
        throw new FileAccessException("The output folder " + dir + " cannot be written.", e);
      }
    }
    Staged staged = new Staged(this, target, abs, tmp, ch, what);
    boolean written = false;
    try {
      content.writeTo(ch);
      written = true;
    } catch (IOException e) {
      throw new FileAccessException(what + " " + target + " cannot be written" + reason(e) + ".", e);
    } finally {
      if (!written) {
        staged.discard();
      }
    }
    return staged;
  }

  /**
   * A file written to its hidden temporary name beside its target, not yet forced to disk nor moved into place.
   * Exactly one of {@link #commit()} and {@link #discard()} is called, by any one thread.
   */
  static final class Staged implements org.kyso.core.DocumentSigner.Staged {
    private final AtomicOutput owner;
    private final Path target;
    private final Path abs;
    private final Path tmp;
    private final FileChannel channel;
    private final String what;

    private Staged(AtomicOutput owner, Path target, Path abs, Path tmp, FileChannel channel, String what) {
      this.owner = owner;
      this.target = target;
      this.abs = abs;
      this.tmp = tmp;
      this.channel = channel;
      this.what = what;
    }

    /**
     * Forces the file to disk and moves it over the target (atomically where the file system can), then forces the
     * folder (the new name) to disk.
     *
     * @throws FileAccessException if that fails; the temporary file is removed and an existing target kept
     */
    @Override
    public void commit() throws FileAccessException {
      boolean done = false;
      try {
        try (FileChannel open = channel) {
          open.force(true);
        }
        owner.moveIntoPlace(tmp, abs);
        done = true;
      } catch (IOException e) {
        throw new FileAccessException(what + " " + target + " cannot be written" + reason(e) + ".", e);
      } finally {
        if (!done) {
          discard();
        }
      }
    }

    /** Removes the temporary file; the target is left as it was. */
    @Override
    public void discard() {
      try {
        channel.close();
      } catch (IOException e) {
        // removing the file matters more
      }
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // the hidden .part file could not be removed either; the original error matters more
      }
    }
  }

  /**
   * The target must be a regular file or nothing yet: the move would replace a device ({@code -o /dev/null} run as
   * root would replace the device node), a pipe or a socket by a file. An existing file must be one this user may
   * write: the move would replace a read-only file (a folder's write permission is enough for that), which {@code cp}
   * and a shell's {@code >} refuse too.
   */
  private static void requireFileOrNothing(Path target, Path abs) throws FileAccessException {
    if (Files.isDirectory(abs)) {
      throw new FileAccessException("The output path " + target + " is a folder, not a file.");
    }
    if (Files.exists(abs) && !Files.isRegularFile(abs)) {
      throw new FileAccessException("The output path " + target + " is a device, pipe or socket, not a file; kyso"
          + " writes only regular files.");
    }
    if (Files.isRegularFile(abs) && !Files.isWritable(abs)) {
      throw new FileAccessException("The output file " + target + " is read-only; kyso does not replace a file that"
          + " may not be written (make it writable, or choose another name).");
    }
  }

  /**
   * Moves a finished file over {@code to} the way {@link #write} moves its temporary file: an atomic replacing move
   * (a plain replacing move on a file system that has none), then the folder forced to disk so that the new name
   * survives a crash. For a file that has to outlive a transaction before it is moved (registers' issued files).
   *
   * @throws FileAccessException if it cannot be moved ({@code from} is then left where it was)
   */
  public static void move(Path from, Path to) throws FileAccessException {
    STANDARD.moveFile(from, to);
  }

  void moveFile(Path from, Path to) throws FileAccessException {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    requireFileOrNothing(to, to.toAbsolutePath());
    try {
      moveIntoPlace(from, to.toAbsolutePath());
    } catch (IOException e) {
      throw new FileAccessException("The file " + from.getFileName() + " cannot be moved to " + to + reason(e) + ".",
          e);
    }
  }

  private void moveIntoPlace(Path from, Path to) throws IOException {
    try {
      mover.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      mover.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
    syncFolder(to.getParent());
  }

  /** Forces a folder's entries (a new name) to disk; where a folder cannot be opened (Windows) its journal does. */
  private static void syncFolder(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // the move is done; a folder that cannot be opened or forced here cannot be made more durable by kyso
    }
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      m = f.getReason();
    }
    return m == null || m.isBlank() ? "" : " (" + m.strip() + ")";
  }

  private static FileAttribute<?>[] ownerOnly() {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
  }
}
