package org.kyso.registers.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code issuances} table (migration V5): one row per outgoing document being issued, from the reservation of
 * its number until its file is in place or the number is void. Columns are bound by name in each statement.
 */
public final class IssuanceTable {
  /**
   * One issuance in progress.
   *
   * @param entryId the RESERVED entry
   * @param target where the issued file goes
   * @param partFile what the issuance step writes (incomplete until it returns)
   * @param readyFile the complete issued file, waiting for the entry to be committed and the file moved
   * @param owner the process issuing it ({@code host/pid/start}), "" when abandoned
   */
  public record Row(String org, long entryId, String target, String partFile, String readyFile, String owner,
      Instant reservedAt) {
    public Row {
      Objects.requireNonNull(org, "org");
      Objects.requireNonNull(owner, "owner");
    }
  }

  private IssuanceTable() {}

  public static void insert(Connection c, Row r) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO issuances (org, entry_id, target, part_file, "
        + "ready_file, owner, reserved_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, r.org());
      s.setLong(2, r.entryId());
      s.setString(3, r.target());
      s.setString(4, r.partFile());
      s.setString(5, r.readyFile());
      s.setString(6, r.owner());
      s.setString(7, r.reservedAt().toString());
      s.executeUpdate();
    }
  }

  public static void delete(Connection c, String org, long entryId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM issuances WHERE org = ? AND entry_id = ?")) {
      s.setString(1, org);
      s.setLong(2, entryId);
      s.executeUpdate();
    }
  }

  /** Hands an issuance to {@code newOwner} if it is still held by {@code oldOwner}; false when someone was faster. */
  public static boolean claim(Connection c, String org, long entryId, String oldOwner, String newOwner)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE issuances SET owner = ? WHERE org = ? AND entry_id = ? "
        + "AND owner = ?")) {
      s.setString(1, newOwner);
      s.setString(2, org);
      s.setLong(3, entryId);
      s.setString(4, oldOwner);
      return s.executeUpdate() == 1;
    }
  }

  public static Optional<Row> byEntry(Connection c, String org, long entryId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE org = ? AND entry_id = ?")) {
      s.setString(1, org);
      s.setLong(2, entryId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /** Every issuance in progress, of every organisation of the database. */
  public static List<Row> all(Connection c) throws SQLException {
    List<Row> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY org, entry_id");
         ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs));
      }
    }
    return out;
  }

  private static final String SELECT = "SELECT org, entry_id, target, part_file, ready_file, owner, reserved_at "
      + "FROM issuances";

  private static Row read(ResultSet rs) throws SQLException {
    return new Row(rs.getString("org"), rs.getLong("entry_id"), rs.getString("target"), rs.getString("part_file"),
        rs.getString("ready_file"), rs.getString("owner"), Instant.parse(rs.getString("reserved_at")));
  }
}
