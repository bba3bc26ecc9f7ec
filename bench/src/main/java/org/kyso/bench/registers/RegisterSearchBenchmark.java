package org.kyso.bench.registers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.kyso.registers.DocumentType;
import org.kyso.registers.EntryRef;
import org.kyso.registers.Organisation;
import org.kyso.registers.OutgoingDraft;
import org.kyso.registers.Page;
import org.kyso.registers.RegisterEntry;
import org.kyso.registers.RegisterKind;
import org.kyso.registers.Registers;
import org.kyso.registers.SearchQuery;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Accent-insensitive register search on a SQLite register of 1,000,000 outgoing entries (three years of a large
 * organisation). The database is built once through the public batch API (so it is a real, verifiable register)
 * and kept at {@code -Dkyso.bench.registerDb=PATH} (default {@code /tmp/kyso-bench-registers-N.db}) for later runs.
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar RegisterSearchBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class RegisterSearchBenchmark {
  private static final String[] SUBJECTS = {"Về việc khen thưởng", "Về việc thành lập Tổ công tác",
      "Kế hoạch phòng chống thiên tai", "Báo cáo tình hình kinh tế - xã hội", "Về việc thu hồi đất",
      "Thông báo lịch tiếp công dân", "Về việc phê duyệt dự toán", "Về việc cấp giấy chứng nhận quyền sử dụng đất",
      "Báo cáo kết quả rà soát hộ nghèo", "Về việc điều chỉnh quy hoạch", "Tờ trình đề nghị hỗ trợ kinh phí",
      "Về việc tổ chức Đại hội thể dục thể thao"};
  private static final String[] PLACES = {"phường Điện Biên", "phường Ba Đình", "xã Tân Lập", "tổ dân phố số 7",
      "khu dân cư Đồng Tâm", "trường Tiểu học Nguyễn Trãi", "chợ Đồng Xuân", "nhà văn hóa Hạ Đình"};
  private static final String[] SIGNERS = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Quang Đức", "Phạm Thu Hà",
      "Đỗ Mạnh Hùng", "Vũ Thị Lan"};
  private static final DocumentType[] TYPES = {DocumentType.QUYET_DINH, DocumentType.CONG_VAN, DocumentType.KE_HOACH,
      DocumentType.BAO_CAO, DocumentType.THONG_BAO, DocumentType.TO_TRINH};

  @Param({"1000000"})
  public int entries;

  private Registers registers;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path db = Path.of(System.getProperty("kyso.bench.registerDb", "/tmp/kyso-bench-registers-" + entries + ".db"));
    Clock clock = Clock.fixed(Instant.parse("2026-12-31T10:00:00Z"), ZoneOffset.UTC);
    boolean fresh = !Files.exists(db);
    registers = Registers.builder(db.toString()).clock(clock).build();
    if (fresh) {
      fill(registers, entries);
    }
  }

  /** Fills a register with {@code n} entries, in batches of 10,000, over 2024–2026. */
  static void fill(Registers r, int n) throws Exception {
    r.initialise(new Organisation("UBND thành phố Hà Nội", "UBND"));
    Random random = new Random(42);
    LocalDate first = LocalDate.of(2024, 1, 1);
    int days = 3 * 365;
    int batchSize = 10_000;
    for (int done = 0; done < n; done += batchSize) {
      List<OutgoingDraft> batch = new ArrayList<>(batchSize);
      for (int i = done; i < Math.min(n, done + batchSize); i++) {
        LocalDate date = first.plusDays((long) i * days / n);
        DocumentType type = TYPES[random.nextInt(TYPES.length)];
        String summary = SUBJECTS[random.nextInt(SUBJECTS.length)] + " " + PLACES[random.nextInt(PLACES.length)]
            + " (hồ sơ " + i + ")";
        batch.add(OutgoingDraft.builder(type, summary).date(date).signer(SIGNERS[random.nextInt(SIGNERS.length)])
            .recipients("Như trên; Lưu: VT").unitAbbreviation(type == DocumentType.CONG_VAN ? "VP" : "").build());
      }
      r.registerOutgoing(batch);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    registers.close();
  }

  /** Words that match one entry: found through the trigram index. */
  @Benchmark
  public Page<RegisterEntry> rareWords() throws Exception {
    return registers.search(SearchQuery.builder().text("ho so 987654").order(SearchQuery.Order.NEWEST_FIRST).build());
  }

  /** Words without diacritics that match a twelfth of the entries: first page, newest first. */
  @Benchmark
  public Page<RegisterEntry> commonWordsFirstPage() throws Exception {
    return registers.search(SearchQuery.builder().text("thu hoi dat").order(SearchQuery.Order.NEWEST_FIRST).build());
  }

  /** A signer and a subject within one month. */
  @Benchmark
  public Page<RegisterEntry> partyAndSummaryInAMonth() throws Exception {
    return registers.search(SearchQuery.builder().party("do manh hung").summary("dien bien")
        .from(LocalDate.of(2025, 5, 1)).to(LocalDate.of(2025, 5, 31)).build());
  }

  /**
   * Words all shorter than three characters cannot use the trigram index: every entry is scanned (the worst case;
   * "zq" matches nothing).
   */
  @Benchmark
  public Page<RegisterEntry> shortWordsScanEverything() throws Exception {
    return registers.search(SearchQuery.builder().text("zq").order(SearchQuery.Order.NEWEST_FIRST).build());
  }

  /** The first page of the register book order (kyso register list). */
  @Benchmark
  public Page<RegisterEntry> listFirstPage() throws Exception {
    return registers.search(SearchQuery.builder().register(RegisterKind.OUTGOING).year(2025).page(3).build());
  }

  /** One entry by its number. */
  @Benchmark
  public Object findByNumber() throws Exception {
    return registers.find(EntryRef.of(RegisterKind.OUTGOING, 2025, 123_456));
  }
}
