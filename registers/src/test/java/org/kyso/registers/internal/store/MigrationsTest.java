package org.kyso.registers.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsTest {
  @Test
  void splitsScriptsIntoStatementsKeepingTriggerAndFunctionBodiesWhole() {
    List<String> sqlite = Migrations.statements(Migrations.script(Dialect.SQLITE, "V2__append_only"));
    assertThat(sqlite).hasSize(5).allMatch(s -> s.startsWith("CREATE TRIGGER") && s.endsWith("END;"));
    List<String> pg = Migrations.statements(Migrations.script(Dialect.POSTGRESQL, "V2__append_only"));
    assertThat(pg).hasSize(6);
    assertThat(pg.get(0)).startsWith("CREATE FUNCTION").endsWith("$$").contains("RAISE EXCEPTION");
    List<String> common = Migrations.statements(Migrations.script(Dialect.SQLITE, "V1__registers"));
    assertThat(common).noneMatch(s -> s.startsWith("--") || s.endsWith(";"));
    assertThat(common).anyMatch(s -> s.startsWith("CREATE TABLE entries"));
    assertThat(Migrations.script(Dialect.POSTGRESQL, "V1__registers"))
        .isEqualTo(Migrations.script(Dialect.SQLITE, "V1__registers"));
  }

  @Test
  void redactsCredentialsFromDatabaseUrls() {
    assertThat(Database.redact("jdbc:postgresql://db.example:5432/so?user=kyso&password=secret"))
        .isEqualTo("jdbc:postgresql://db.example:5432/so");
    assertThat(Database.redact("jdbc:postgresql://kyso:secret@db.example/so")).isEqualTo("jdbc:postgresql://db.example/so");
  }
}
