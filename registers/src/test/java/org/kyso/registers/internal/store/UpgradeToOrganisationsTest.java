package org.kyso.registers.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.registers.DocumentType;
import org.kyso.registers.Organisation;
import org.kyso.registers.OutgoingDraft;
import org.kyso.registers.OutgoingEntry;
import org.kyso.registers.Registers;
import org.kyso.registers.internal.Hex;

/** A single-organisation database of schema version 3 (before organisations) keeps working after version 4. */
class UpgradeToOrganisationsTest {
  @TempDir
  Path tmp;

  @Test
  void aVersion3DatabaseKeepsItsOrganisationChainAndNumbers() throws Exception {
    Path file = tmp.resolve("old.db");
    Clock clock = Clock.fixed(Instant.parse("2026-03-10T03:00:00Z"), ZoneOffset.UTC);
    Organisation org = new Organisation("UBND phường Điện Biên", "UBND");
    try (Database db = Database.open(file.toString(), 1)) {
      Migrations.apply(db, clock, 3);
      // what kyso before version 4 wrote when the organisation was set up: meta rows, the SETUP record, the head
      String at = clock.instant().toString();
      String state = Store.organisationState(org);
      String hash = Hex.chain(Hex.ZERO_HASH, Store.canonical(1, "SETUP", null, at, "", state));
      db.write(c -> {
        for (String[] kv : new String[][] {{"org_name", org.name()}, {"org_abbr", org.abbreviation()}}) {
          try (PreparedStatement s = c.prepareStatement("INSERT INTO meta (name, value) VALUES (?, ?)")) {
            s.setString(1, kv[0]);
            s.setString(2, kv[1]);
            s.executeUpdate();
          }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO journal (seq, kind, entry_id, recorded_at, note, "
            + "state, prev_hash, hash) VALUES (1, 'SETUP', NULL, ?, '', ?, ?, ?)")) {
          s.setString(1, at);
          s.setString(2, state);
          s.setString(3, Hex.ZERO_HASH);
          s.setString(4, hash);
          s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE journal_head SET seq = 1, hash = ? WHERE id = 1")) {
          s.setString(1, hash);
          s.executeUpdate();
        }
        return null;
      });
    }
    try (Registers r = Registers.builder(file.toString()).clock(clock).build()) {
      assertThat(r.organisationId()).isEmpty();
      assertThat(r.organisation()).contains(org);
      assertThat(r.verify().problems()).isEmpty();
      OutgoingEntry e = r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Sau nâng cấp").build());
      assertThat(e.notation()).isEqualTo("01/QĐ-UBND");
      assertThat(r.verify().records()).isEqualTo(2);
      assertThat(r.verify().problems()).isEmpty();
      // a second organisation next to it starts its own numbers and chain
      Registers other = r.organisation("phuong-ba-dinh");
      other.initialise(new Organisation("UBND phường Ba Đình", "UBND"));
      assertThat(other.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Khác").build()).number())
          .isEqualTo(1);
      assertThat(other.verify().problems()).isEmpty();
      assertThat(r.verify().records()).isEqualTo(2);
    }
  }
}
