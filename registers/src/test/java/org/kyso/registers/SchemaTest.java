package org.kyso.registers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.ServiceUnavailableException;

/** Versioned migrations: applied once, even by several openers at once; never repaired. */
class SchemaTest extends DatabaseTestBase {

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void severalOpenersOfANewDatabaseMigrateItOnce(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = database(kind);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Registers>> opened = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        opened.add(pool.submit(() -> Registers.builder(db.location).clock(CLOCK).build()));
      }
      for (Future<Registers> f : opened) {
        f.get().close();
      }
    } finally {
      pool.shutdownNow();
    }
    Registers r = open(db);
    r.initialise(ORG);
    assertThat(r.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void refusesAChangedMigrationInsteadOfRepairingIt(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = database(kind);
    open(db).close();
    db.jdbc("UPDATE schema_version SET checksum = 'changed' WHERE version = 1");
    assertThatThrownBy(() -> open(db)).isInstanceOf(DocumentException.class)
        .hasMessageContaining("never repairs migrations");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void refusesADatabaseFromANewerKyso(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = database(kind);
    open(db).close();
    db.jdbc("INSERT INTO schema_version (version, description, checksum, applied_at) VALUES (99, 'future', 'x', 'x')");
    assertThatThrownBy(() -> open(db)).isInstanceOf(DocumentException.class).hasMessageContaining("newer");
  }

  @Test
  void aMissingFileIsReportedWhenItMustExist() {
    assertThatThrownBy(() -> Registers.builder(tmp.resolve("none.db").toString()).mustExist(true).build())
        .isInstanceOf(FileAccessException.class).hasMessageContaining("kyso register init");
    assertThatThrownBy(() -> Registers.open(tmp.resolve("no/such/folder/so.db").toString()))
        .isInstanceOf(FileAccessException.class).hasMessageContaining("does not exist");
  }

  @Test
  void aFileThatIsNotADatabaseIsBadData() throws Exception {
    java.nio.file.Path f = tmp.resolve("not-a-db.db");
    java.nio.file.Files.writeString(f, "this is a text file, not SQLite ".repeat(200));
    assertThatThrownBy(() -> Registers.open(f.toString())).isInstanceOf(DocumentException.class)
        .hasMessageContaining("not a register database");
  }

  @Test
  void anUnreachablePostgresqlIsAServiceErrorWithoutThePassword() {
    assertThatThrownBy(() -> Registers.open("jdbc:postgresql://127.0.0.1:9/kyso?user=kyso&password=s3cr3t"
        + "&connectTimeout=2")).isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:9/kyso").hasMessageNotContaining("s3cr3t");
  }

  @Test
  void anotherKindOfDatabaseIsRefused() {
    assertThatThrownBy(() -> Registers.open("jdbc:mysql://127.0.0.1/kyso"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SQLite or PostgreSQL");
  }
}
