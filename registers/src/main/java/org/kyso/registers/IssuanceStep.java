package org.kyso.registers;

import org.kyso.core.KysoException;

/**
 * The issuance of an outgoing document in the same step as its registration (Decree 30: the clerk stamps the
 * number and date into the document, then applies the organisation's signature). Called by
 * {@link Registers#registerOutgoing(OutgoingDraft, IssuanceStep)} with the entry as it will be registered (number,
 * notation, date): it writes the issued file and returns its digest. If it throws, nothing is registered and the
 * number is not used.
 *
 * <p>It runs while the register is locked for writing (other registrations wait), so it should be quick: a local
 * token, not a remote signature waiting for a person's approval. It may be called again when the database asks
 * the transaction to be retried, so it must be repeatable (write to a temporary file, then move).
 *
 * <p>The PDF module provides the step that stamps and signs a PDF (Decree 30 issuance profile); until then, any
 * code that produces the issued file can be plugged in.
 */
@FunctionalInterface
public interface IssuanceStep {
  IssuedFile issue(OutgoingEntry allocated) throws KysoException;
}
