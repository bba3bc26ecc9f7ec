package org.kyso.core;

import java.util.Objects;

/**
 * A remote signing service asked the user to approve in an app, and the approval did not come before the deadline
 * (kyso's, or the service's own expiry). Nothing was signed; asking again later may succeed. The command line maps
 * it to exit code 75 ("try again").
 */
public class ApprovalTimeoutException extends KysoException {
  private static final long serialVersionUID = 1L;

  private final String transaction;

  public ApprovalTimeoutException(String message, String transaction) {
    super(message);
    this.transaction = Objects.requireNonNull(transaction, "transaction");
  }

  /** The transaction the service was asked to sign under, as the service or kyso named it. */
  public String transaction() {
    return transaction;
  }
}
