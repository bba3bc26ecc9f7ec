package org.kyso.core.internal.revocation;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kyso.core.internal.io.AtomicOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RevocationCache} in a folder: one file per answer, named by the SHA-256 of its key, holding the key
 * itself (checked on reading), the answer's nextUpdate and its DER bytes. Files are written to a temporary name and
 * moved into place, so a reader sees a whole answer or none; an expired, damaged or foreign file is deleted when
 * met. Bounded: at most {@code maxEntries} files and {@code maxBytes} bytes (the least recently written go first),
 * and no answer larger than a quarter of {@code maxBytes} is kept. Several processes may share the folder.
 */
public final class DiskRevocationCache implements RevocationCache {
  private static final Logger LOG = LoggerFactory.getLogger(DiskRevocationCache.class);
  private static final int MAGIC = 0x6b79736f; // "kyso"
  private static final String SUFFIX = ".rev";

  private final Path folder;
  private final int maxEntries;
  private final long maxBytes;

  private DiskRevocationCache(Path folder, int maxEntries, long maxBytes) {
    this.folder = folder;
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /** A cache in {@code folder} (made when first written) of at most 1,000 answers and 64 MiB. */
  public static DiskRevocationCache in(Path folder) {
    return in(folder, 1000, 64L << 20);
  }

  /**
   * Where kyso's signing commands (and {@code kyso serve}) keep the cache for the environment {@code env}:
   * {@code KYSO_REVOCATION_CACHE} (a folder, or {@code off}), else {@code $XDG_CACHE_HOME/kyso/revocation}, else
   * {@code $HOME/.cache/kyso/revocation}; empty when switched off or no home folder is known.
   */
  public static Optional<Path> defaultFolder(java.util.Map<String, String> env) {
    String set = env.get("KYSO_REVOCATION_CACHE");
    if (set != null && !set.isBlank()) {
      return set.strip().equals("off") ? Optional.empty() : Optional.of(Path.of(set));
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Optional.of(Path.of(xdg, "kyso", "revocation"));
    }
    String home = env.get("HOME");
    return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".cache", "kyso", "revocation"));
  }

  public static DiskRevocationCache in(Path folder, int maxEntries, long maxBytes) {
    Objects.requireNonNull(folder, "folder");
    if (maxEntries < 1 || maxBytes < 1024) {
      throw new IllegalArgumentException("A revocation cache holds at least one answer and 1 KiB.");
    }
    return new DiskRevocationCache(folder, maxEntries, maxBytes);
  }

  Path folder() {
    return folder;
  }

  @Override
  public Optional<byte[]> get(String key, Instant now) {
    Path f = file(key);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try (InputStream raw = Files.newInputStream(f); DataInputStream in = new DataInputStream(raw)) {
      if (in.readInt() != MAGIC) {
        throw new IOException("not a kyso revocation cache file");
      }
      byte[] storedKey = new byte[in.readUnsignedShort()];
      in.readFully(storedKey);
      Instant nextUpdate = Instant.ofEpochMilli(in.readLong());
      int length = in.readInt();
      // the length must be what the file holds after the header (a truncated file, or a damaged length, is not
      // read into an array of the size it claims) and no more than put() keeps
      long rest = Files.size(f) - (4 + 2 + storedKey.length + 8 + 4);
      if (!Arrays.equals(storedKey, key.getBytes(StandardCharsets.UTF_8)) || length < 0 || length > maxBytes / 4
          || length != rest) {
        throw new IOException("another key or a bad length");
      }
      if (!now.isBefore(nextUpdate)) {
        Files.deleteIfExists(f);
        return Optional.empty();
      }
      byte[] der = new byte[length];
      in.readFully(der);
      if (in.read() != -1) {
        throw new IOException("trailing bytes");
      }
      return Optional.of(der);
    } catch (IOException | RuntimeException e) {
      LOG.debug("Revocation cache file {} is unusable ({}); deleting it", f, e.getMessage());
      deleteQuietly(f);
      return Optional.empty();
    }
  }

  @Override
  public void put(String key, byte[] der, Instant nextUpdate) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    if (der.length > maxBytes / 4 || k.length > 60_000) {
      return;
    }
    try {
      Files.createDirectories(folder);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(der.length + k.length + 32);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(MAGIC);
        out.writeShort(k.length);
        out.write(k);
        out.writeLong(nextUpdate.toEpochMilli());
        out.writeInt(der.length);
        out.write(der);
      }
      Path f = file(key);
      AtomicOutput.write(f, "The cached revocation answer", bytes.toByteArray());
      trim(f);
    } catch (IOException | org.kyso.core.KysoException | RuntimeException e) {
      LOG.debug("Revocation answer not kept in {}: {}", folder, e.getMessage());
    }
  }

  /** Deletes the least recently written answers (never {@code keep}) until the bounds hold. */
  private void trim(Path keep) throws IOException {
    record Item(Path path, long size, FileTime written) {}
    List<Item> items = new ArrayList<>();
    long total = 0;
    try (DirectoryStream<Path> all = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
      for (Path p : all) {
        try {
          Item i = new Item(p, Files.size(p), Files.getLastModifiedTime(p));
          items.add(i);
          total += i.size();
        } catch (IOException e) {
          // deleted by another process meanwhile
        }
      }
    }
    if (items.size() <= maxEntries && total <= maxBytes) {
      return;
    }
    items.sort(Comparator.comparing(Item::written));
    int count = items.size();
    for (Item i : items) {
      if (count <= maxEntries && total <= maxBytes) {
        break;
      }
      if (!i.path().equals(keep)) {
        deleteQuietly(i.path());
        count--;
        total -= i.size();
      }
    }
  }

  private Path file(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return folder.resolve(HexFormat.of().formatHex(h) + SUFFIX);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }

  private static void deleteQuietly(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      // nothing more to do: the next reader deletes it or overwrites it
    }
  }

  @Override
  public String toString() {
    return "DiskRevocationCache[" + folder + "]";
  }
}
