package org.kyso.cli.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.kyso.core.KysoException;
import org.kyso.registers.DocumentType;
import org.kyso.registers.IncomingDraft;
import org.kyso.registers.Organisation;
import org.kyso.registers.Registers;
import org.kyso.registers.Series;

/**
 * What enters a register from outside (a received document's author, notation, summary, type, series and dates),
 * seeded with real notations ({@code RegisterFuzzTestInputs/registerIncoming}): registered, or refused with a kyso
 * exception or an IllegalArgumentException (the command line's usage error), never anything else.
 */
class RegisterFuzzTest {
  private static Registers registers;

  private static synchronized Registers registers() throws Exception {
    if (registers == null) {
      Path db = Files.createTempDirectory("kyso-fuzz").resolve("so.db");
      registers = Registers.builder(db.toString()).build();
      registers.initialise(new Organisation("UBND phường Điện Biên", "UBND"));
      db.toFile().deleteOnExit();
    }
    return registers;
  }

  @FuzzTest(maxDuration = "30s")
  void registerIncoming(FuzzedDataProvider data) throws Exception {
    try {
      IncomingDraft.Builder b = IncomingDraft.builder(data.consumeString(200), data.consumeString(60),
          data.consumeString(500));
      if (data.consumeBoolean()) {
        b.type(DocumentType.parse(data.consumeString(20)));
      }
      if (data.consumeBoolean()) {
        b.series(Series.parse(data.consumeString(30)));
      }
      if (data.consumeBoolean()) {
        b.documentDate(LocalDate.ofEpochDay(data.consumeLong(-800_000, 800_000)));
      }
      if (data.consumeBoolean()) {
        b.arrivalDate(LocalDate.ofEpochDay(data.consumeLong(-800_000, 800_000)));
      }
      b.fileSha256(data.consumeRemainingAsAsciiString());
      registers().registerIncoming(b.build());
    } catch (KysoException e) {
      Outcomes.accept(e);
    } catch (IllegalArgumentException e) {
      // a value the builder refuses: the command line's usage error (64)
    }
  }
}
