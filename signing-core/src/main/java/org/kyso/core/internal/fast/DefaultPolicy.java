package org.kyso.core.internal.fast;

import eu.europa.esig.dss.enumerations.Context;
import eu.europa.esig.dss.enumerations.SubContext;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;

/**
 * DSS's default validation policy, loaded once. {@code SignedDocumentValidator.validateDocument()} unmarshals the
 * policy XML on every call (tens of milliseconds); this is the same policy, made once.
 *
 * <p>DSS's policy object fills the unset fields of its cryptographic constraints from the defaults the first time
 * each context asks for them (the same values every time). Every context is asked once here, before the policy is
 * shared, so that no later call writes to it: it is then read-only and safe to share between threads.
 */
public final class DefaultPolicy {
  private DefaultPolicy() {}

  private static final class Holder {
    static final ValidationPolicy POLICY = load();

    private static ValidationPolicy load() {
      ValidationPolicy p = ValidationPolicyLoader.fromDefaultValidationPolicy().create();
      for (Context c : Context.values()) {
        warm(() -> p.getSignatureCryptographicConstraint(c));
        for (SubContext s : SubContext.values()) {
          warm(() -> p.getCertificateCryptographicConstraint(c, s));
        }
      }
      warm(p::getEvidenceRecordCryptographicConstraint);
      return p;
    }

    /** Asks once; a context the policy does not support is refused the same way later, without any write. */
    private static void warm(Runnable ask) {
      try {
        ask.run();
      } catch (UnsupportedOperationException e) {
        // not a context of this kind of constraint
      }
    }
  }

  /** The default policy, as {@code validateDocument()} would load it. */
  public static ValidationPolicy get() {
    return Holder.POLICY;
  }
}
