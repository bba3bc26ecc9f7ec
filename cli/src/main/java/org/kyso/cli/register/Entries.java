package org.kyso.cli.register;

import org.kyso.registers.IncomingEntry;
import org.kyso.registers.OutgoingEntry;
import org.kyso.registers.RegisterEntry;

/** How entries look on the command line as one text line (JSON: registers' {@code EntryJson}). */
final class Entries {
  private Entries() {}

  /** "đi  2026  01/QĐ-UBND  2026-03-10  Quyết định: Về việc ..." */
  static String line(RegisterEntry e) {
    String series = e.series().code().equals("administrative") ? "" : " [" + e.series().code() + "]";
    String flags = (e.urgency().label().isEmpty() ? "" : " (" + e.urgency().label() + ")")
        + (e.confidentiality().label().isEmpty() ? "" : " (" + e.confidentiality().label() + ")");
    if (e instanceof OutgoingEntry o) {
      return "out " + o.year() + series + " no. " + o.number() + "  " + o.notation() + "  " + o.date() + "  "
          + o.type().name() + ": " + o.summary() + flags;
    }
    IncomingEntry i = (IncomingEntry) e;
    return "in " + i.year() + series + " no. " + i.number() + "  " + i.arrivalDate() + "  " + i.author() + "  "
        + i.notation() + "  " + i.type().name() + ": " + i.summary() + flags;
  }
}
