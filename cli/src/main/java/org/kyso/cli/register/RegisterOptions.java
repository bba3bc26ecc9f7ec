package org.kyso.cli.register;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneId;
import org.kyso.cli.UsageException;
import org.kyso.core.KysoException;
import org.kyso.registers.Registers;
import picocli.CommandLine.Option;
import org.kyso.core.internal.json.Json;

/** The options every register command shares: {@code --db}, {@code --org-id} and {@code --format}. */
final class RegisterOptions {
  static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

  @Option(names = "--db", paramLabel = "DB", defaultValue = "${env:KYSO_REGISTER_DB}",
      description = "The register database: a SQLite file, or jdbc:postgresql://host:port/db?user=U&password=P "
          + "(default: the environment variable KYSO_REGISTER_DB, which keeps a password off the command line).")
  String db;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format.")
  String format;

  @Option(names = "--org-id", paramLabel = "ID", defaultValue = "",
      description = "The organisation, in a database holding several (as kyso serve names them, e.g. "
          + "phuong-dien-bien); default: the one 'kyso register init' sets up without --org-id.")
  String org = "";

  /** Opens the registers; a SQLite file must exist unless {@code create}. */
  Registers open(boolean create) throws KysoException {
    if (db == null || db.isBlank()) {
      throw new UsageException("--db is required (a SQLite file or a jdbc:postgresql:// URL), or set KYSO_REGISTER_DB.");
    }
    Registers r;
    try {
      r = Registers.builder(db).organisation(org == null ? "" : org).mustExist(!create).build();
    } catch (IllegalArgumentException e) {
      throw new UsageException("--org-id takes lowercase letters, digits and '-', e.g. phuong-dien-bien.");
    }
    if (!create && org != null && !org.isEmpty()) {
      // an organisation the database does not hold (a typo) would list nothing and verify as intact
      boolean known;
      try {
        known = r.organisation().isPresent();
      } catch (KysoException | RuntimeException e) {
        r.close();
        throw e;
      }
      if (!known) {
        r.close();
        throw new UsageException("--org-id: the register database holds no organisation '" + org + "'; check the"
            + " id (kyso serve's configuration names them).");
      }
    }
    return r;
  }

  boolean json() {
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("--format must be text or json.");
    }
    return format.equals("json");
  }

  static void print(PrintWriter out, Object json) {
    out.println(Json.write(json, Json.Escaping.MINIMAL));
    out.flush();
  }

  static LocalDate today() {
    return LocalDate.now(VIETNAM);
  }
}
