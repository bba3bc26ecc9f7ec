package org.kyso.token.remote;

import java.time.Duration;

/** Told while kyso waits for the user to approve a remote signature, e.g. to show a countdown. */
@FunctionalInterface
public interface ApprovalListener {
  /** Does nothing. */
  ApprovalListener NONE = (service, transaction, description, left) -> { };

  /**
   * Called when the request was sent and after each unanswered poll.
   *
   * @param service what {@link RemoteSigningService#describe()} says
   * @param transaction the service's transaction id (or the code the app shows)
   * @param description what the user sees in the app
   * @param left how long kyso still waits
   */
  void waiting(String service, String transaction, String description, Duration left);
}
