package org.kyso.registers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.KysoException;

/** Opens fresh register databases of either kind and closes (drops) them after each test. */
abstract class DatabaseTestBase {
  /** 10 March 2026, 10:00 in Hà Nội. */
  static final Instant NOW = Instant.parse("2026-03-10T03:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Organisation ORG = new Organisation("UBND phường Điện Biên", "UBND");

  @TempDir
  Path tmp;

  private final List<AutoCloseable> open = new ArrayList<>();

  TestDatabase database(TestDatabase.Kind kind) {
    TestDatabase db = TestDatabase.create(kind, tmp);
    open.add(db);
    return db;
  }

  Registers open(TestDatabase db) throws KysoException {
    return open(db, CLOCK);
  }

  Registers open(TestDatabase db, Clock clock) throws KysoException {
    Registers r = Registers.builder(db.location).clock(clock).build();
    open.add(0, r);
    return r;
  }

  /** A fresh database with the organisation set up. */
  Registers initialised(TestDatabase.Kind kind) throws KysoException {
    Registers r = open(database(kind));
    r.initialise(ORG);
    return r;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    open.clear();
  }
}
