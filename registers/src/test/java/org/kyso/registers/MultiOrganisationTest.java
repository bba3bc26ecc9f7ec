package org.kyso.registers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Several organisations in one database: each its own numbers, journal and chain; nothing crosses over. */
class MultiOrganisationTest extends DatabaseTestBase {

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void eachOrganisationNumbersAndChainsOnItsOwn(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = database(kind);
    Registers shared = open(db);
    Registers a = shared.organisation("phuong-dien-bien");
    Registers b = shared.organisation("phuong-ba-dinh");
    a.initialise(new Organisation("UBND phường Điện Biên", "UBND"));
    b.initialise(new Organisation("UBND phường Ba Đình", "UBND"));
    OutgoingEntry a1 = a.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Quyết định khen thưởng").build());
    OutgoingEntry b1 = b.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Quyết định khen thưởng").build());
    OutgoingEntry a2 = a.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Về việc chuyển đổi số").build());

    // the same number and notation in two wards is not a duplicate: each keeps its own register
    assertThat(a1.notation()).isEqualTo("01/QĐ-UBND");
    assertThat(b1.notation()).isEqualTo("01/QĐ-UBND");
    assertThat(a2.number()).isEqualTo(2);
    assertThat(a.organisation()).map(Organisation::name).contains("UBND phường Điện Biên");
    assertThat(b.organisation()).map(Organisation::name).contains("UBND phường Ba Đình");
    assertThat(shared.organisation()).isEmpty();

    // search never crosses organisations
    assertThat(a.search(SearchQuery.builder().text("chuyen doi so").build()).items()).hasSize(1);
    assertThat(b.search(SearchQuery.builder().text("chuyen doi so").build()).items()).isEmpty();
    assertThat(b.search(SearchQuery.builder().build()).items()).extracting(RegisterEntry::summary)
        .containsExactly("Quyết định khen thưởng");
    assertThat(b.find(a2.ref())).isEmpty();

    // one journal and one chain each, both intact
    assertThat(a.verify().records()).isEqualTo(3);
    assertThat(b.verify().records()).isEqualTo(2);
    assertThat(a.verify().problems()).isEmpty();
    assertThat(b.verify().problems()).isEmpty();

    // an edit behind kyso's back in one organisation shows in its verification only
    db.jdbc("UPDATE entries SET summary = 'Sửa trộm' WHERE org = 'phuong-ba-dinh'");
    assertThat(b.verify().intact()).isFalse();
    assertThat(a.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void organisationsRegisteringAtOnceGetGapFreeNumbers(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = database(kind);
    Registers shared = open(db);
    int orgs = 5;
    int each = 12;
    List<Registers> rs = new ArrayList<>();
    for (int i = 0; i < orgs; i++) {
      Registers r = shared.organisation("ward-" + i);
      r.initialise(new Organisation("UBND phường " + i, "UBND"));
      rs.add(r);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (Registers r : rs) {
        for (int t = 0; t < 2; t++) {
          fs.add(pool.submit(() -> {
            for (int k = 0; k < each / 2; k++) {
              r.registerOutgoing(OutgoingDraft.builder(DocumentType.CONG_VAN, "Công văn " + k).build());
            }
            return null;
          }));
        }
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    for (Registers r : rs) {
      List<Long> numbers = r.search(SearchQuery.builder().pageSize(100).build()).items().stream()
          .map(RegisterEntry::number).sorted().toList();
      assertThat(numbers).hasSize(each);
      for (int n = 1; n <= each; n++) {
        assertThat(numbers.get(n - 1)).isEqualTo(n);
      }
      assertThat(r.verify().problems()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void refusesAnOrganisationIdThatIsNotASimpleName(TestDatabase.Kind kind) throws Exception {
    Registers shared = open(database(kind));
    assertThatThrownBy(() -> shared.organisation("Phường 1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shared.organisation("x'; DROP TABLE entries; --"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
