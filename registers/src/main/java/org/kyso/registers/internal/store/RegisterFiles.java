package org.kyso.registers.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.sqlite.SQLiteConfig;

/**
 * Checks that a SQLite file is a kyso register before kyso opens it for work: opening it the usual way switches it
 * to WAL mode and applies migrations, which would write into an empty file or another program's database.
 */
public final class RegisterFiles {
  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private RegisterFiles() {}

  /**
   * Refuses, without writing to it, a file that is empty, not a SQLite database, or a SQLite database without
   * kyso's schema.
   *
   * @throws DocumentException if it is not a kyso register
   * @throws FileAccessException if it is not a regular file or cannot be read
   */
  public static void requireKysoRegister(Path file) throws DocumentException, FileAccessException {
    if (Files.isDirectory(file)) {
      throw new FileAccessException("The register database " + file + " is a folder, not a file.");
    }
    if (!Files.isRegularFile(file)) {
      throw new FileAccessException("The register database " + file + " is not a regular file.");
    }
    byte[] head = new byte[SQLITE_MAGIC.length];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new FileAccessException("The register database " + file + " cannot be read.", e);
    }
    if (n == 0) {
      throw new DocumentException("The register database " + file + " is empty (0 bytes): it holds no registers; "
          + "restore it from a backup, or create new registers with 'kyso register init'.");
    }
    if (n < head.length || !Arrays.equals(head, SQLITE_MAGIC)) {
      throw new DocumentException("The file " + file + " is not a register database (not SQLite); check --db.");
    }
    SQLiteConfig ro = new SQLiteConfig();
    ro.setReadOnly(true);
    try (Connection c = DriverManager.getConnection(Database.sqliteUrl(file.toString()), ro.toProperties());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(
             "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
      if (rs.next() && rs.getInt(1) == 0) {
        throw new DocumentException("The SQLite file " + file + " holds no kyso registers; check --db, or create "
            + "registers with 'kyso register init'.");
      }
    } catch (SQLException e) {
      // a read-only look was not possible (e.g. a WAL file without write access): the normal open reports it
    }
  }
}
