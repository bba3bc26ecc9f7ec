package org.kyso.registers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 9 acceptance: no gap and no duplicate with many writers, in one process and across processes. */
class ConcurrencyTest extends DatabaseTestBase {

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void eightThreadsTimesFiveHundredGiveNumbersOneToFourThousand(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    int threads = 8;
    int each = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<List<Long>> job = () -> {
          List<Long> mine = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            DocumentType type = i % 2 == 0 ? DocumentType.QUYET_DINH : DocumentType.CONG_VAN;
            mine.add(r.registerOutgoing(OutgoingDraft.builder(type, "Luồng " + thread + " văn bản " + i).build())
                .number());
          }
          return mine;
        };
        futures.add(pool.submit(job));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get(5, TimeUnit.MINUTES));
      }
      assertThat(all).hasSize(threads * each);
      assertThat(all.stream().sorted().toList())
          .isEqualTo(LongStream.rangeClosed(1, threads * each).boxed().toList());
    } finally {
      pool.shutdownNow();
    }
    assertThat(numbers(r)).isEqualTo(LongStream.rangeClosed(1, threads * each).boxed().toList());
    JournalVerification v = r.verify();
    assertThat(v.problems()).isEmpty();
    assertThat(v.entries()).isEqualTo(threads * each);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void fourProcessesTimesTwoHundredFiftyGiveNumbersOneToOneThousand(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = database(kind);
    Registers r = open(db);
    r.initialise(ORG);
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      processes.add(new ProcessBuilder(RegistrationWorker.command(db.location, 250, "P" + p))
          .redirectErrorStream(true).redirectOutput(tmp.resolve("worker-" + p + ".log").toFile()).start());
    }
    for (int p = 0; p < 4; p++) {
      Process proc = processes.get(p);
      assertThat(proc.waitFor(5, TimeUnit.MINUTES)).isTrue();
      String log = Files.readString(tmp.resolve("worker-" + p + ".log"));
      assertThat(proc.exitValue()).as(log).isZero();
      assertThat(log).contains("done");
    }
    assertThat(numbers(r)).isEqualTo(LongStream.rangeClosed(1, 1000).boxed().toList());
    assertThat(r.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aProcessKilledMidBatchLeavesADatabaseThatOpensVerifiesAndHasNoGap(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = database(kind);
    try (Registers setup = Registers.builder(db.location).clock(CLOCK).build()) {
      setup.initialise(ORG);
    }
    Process proc = new ProcessBuilder(RegistrationWorker.command(db.location, 1_000_000, "K"))
        .redirectErrorStream(true).start();
    long confirmed = 0;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("registered ")) {
          confirmed = Long.parseLong(line.substring("registered ".length()));
          if (confirmed >= 60) {
            proc.destroyForcibly(); // SIGKILL, in the middle of the batch
            break;
          }
        } else {
          throw new AssertionError("worker: " + line);
        }
      }
    }
    assertThat(proc.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(confirmed).isGreaterThanOrEqualTo(60);

    Registers r = open(db);
    List<Long> numbers = numbers(r);
    assertThat(numbers).hasSizeGreaterThanOrEqualTo((int) confirmed);
    assertThat(numbers).isEqualTo(LongStream.rangeClosed(1, numbers.size()).boxed().toList());
    assertThat(r.verify().problems()).isEmpty();
    OutgoingEntry next = r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Sau sự cố").build());
    assertThat(next.number()).isEqualTo(numbers.size() + 1);
    if (kind == TestDatabase.Kind.SQLITE) {
      assertThat(Files.exists(Path.of(db.location))).isTrue();
    }
  }

  private static List<Long> numbers(Registers r) throws Exception {
    List<Long> out = new ArrayList<>();
    for (int page = 1; ; page++) {
      Page<RegisterEntry> p = r.search(SearchQuery.builder().register(RegisterKind.OUTGOING).year(2026)
          .pageSize(10_000).page(page).build());
      p.items().forEach(e -> out.add(e.number()));
      if (!p.hasNext()) {
        return out;
      }
    }
  }
}
