package org.kyso.registers;

import java.nio.file.Path;
import org.kyso.core.KysoException;

/**
 * The issuance of an outgoing document (Decree 30: the clerk stamps the number and date into the document, then
 * applies the organisation's signature), plugged into
 * {@link Registers#registerOutgoing(OutgoingDraft, Path, IssuanceStep)}.
 *
 * <p>It is called with the entry whose number is already reserved (status {@link EntryStatus#RESERVED}: number,
 * notation, date) and a temporary path beside the target; it writes the issued file there and returns its
 * digest. It runs outside any transaction and lock, so it may take as long as it needs (a remote signature waiting
 * for an official's approval). The register then commits the entry with the digest and moves the file into place.
 * If it throws, its file is deleted and the number is void (journaled with the reason), never reused. It is called
 * once per registration.
 */
@FunctionalInterface
public interface IssuanceStep {
  /**
   * Writes the issued document to {@code out}.
   *
   * @param reserved the entry as reserved: its number, notation and date are final
   * @param out where to write the issued file (a temporary file in the target's folder; does not exist yet)
   * @return the SHA-256 of what was written to {@code out} (checked by the register) and, when known, its verdict
   * @throws KysoException if the document cannot be issued; the number is then void
   */
  IssuedFile issue(OutgoingEntry reserved, Path out) throws KysoException;
}
