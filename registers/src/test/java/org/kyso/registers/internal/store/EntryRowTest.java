package org.kyso.registers.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kyso.registers.Confidentiality;
import org.kyso.registers.DocumentType;
import org.kyso.registers.EntryStatus;
import org.kyso.registers.OutgoingEntry;
import org.kyso.registers.Series;
import org.kyso.registers.Urgency;

class EntryRowTest {
  @Test
  void everyColumnIsBoundByItsName() {
    OutgoingEntry e = new OutgoingEntry(7, 2026, Series.ADMINISTRATIVE, 3, "03/QĐ-UBND", "UBND",
        LocalDate.of(2026, 3, 10), DocumentType.QUYET_DINH, "Về việc", "Nguyễn Văn An", "Như Điều 3", "VP", 2,
        Urgency.NORMAL, Confidentiality.NONE, Optional.of("a".repeat(64)), Optional.empty(), EntryStatus.REGISTERED,
        Instant.parse("2026-03-10T03:00:00Z"));
    EntryRow row = EntryRow.of(e, 7);
    // the statements are built from these names; each value sits under the column it belongs to
    assertThat(row.values().keySet()).containsExactlyElementsOf(EntryRow.COLUMN_NAMES);
    assertThat(row.values()).containsEntry("notation", "03/QĐ-UBND").containsEntry("copies", 2)
        .containsEntry("file_sha256", "a".repeat(64)).containsEntry("document_date", null)
        .containsEntry("journal_seq", 7L).containsEntry("status", "REGISTERED");
    assertThat(row.toEntry()).isEqualTo(e);
  }
}
