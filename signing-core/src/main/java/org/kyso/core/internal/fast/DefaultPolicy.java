package org.kyso.core.internal.fast;

import eu.europa.esig.dss.enumerations.Context;
import eu.europa.esig.dss.enumerations.SubContext;
import eu.europa.esig.dss.model.policy.CryptographicSuite;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.policy.EtsiValidationPolicy;
import eu.europa.esig.dss.policy.jaxb.ConstraintsParameters;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.util.Optional;

/**
 * DSS's default validation policy, loaded once. {@code SignedDocumentValidator.validateDocument()} unmarshals the
 * policy XML on every call (tens of milliseconds); this is the same policy, made once.
 *
 * <p>DSS's policy object fills the unset fields of its cryptographic constraints from the defaults the first time
 * each context asks for them (the same values every time). Every context is asked once here, before the policy is
 * shared, so that no later call writes to it: it is then read-only and safe to share between threads.
 *
 * <p>DSS reads its policy XML with JAXB after compiling the policy's XML schema: in a fresh JVM that is about 900
 * classes and a third of a second, paid by every {@code kyso verify}. The policy's JAXB objects are serializable, so
 * the same objects are kept, ready made, in {@value #SNAPSHOT} (Java serialization, read through a filter that
 * admits only DSS policy classes and a few {@code java.lang}/{@code java.util} types). {@code DefaultPolicyTest}
 * checks that the snapshot is exactly what DSS's own loader makes from its {@code constraint.xml}, and rewrites it
 * when asked; when the snapshot cannot be read (e.g. a DSS upgrade changed a class), DSS's loader is used.
 */
public final class DefaultPolicy {
  private DefaultPolicy() {}

  /** The serialized {@link ConstraintsParameters} of DSS's default policy, next to this class. */
  static final String SNAPSHOT = "default-policy.ser";

  /** java.lang.Object: the element type of the array an ArrayList reads. */
  private static final ObjectInputFilter ONLY_POLICY = ObjectInputFilter.Config.createFilter(
      "maxdepth=40;maxrefs=100000;maxbytes=4000000;maxarray=100000;"
          + "eu.europa.esig.dss.policy.jaxb.*;eu.europa.esig.dss.enumerations.*;"
          + "java.lang.Enum;java.lang.Number;java.lang.Integer;java.lang.Long;java.lang.Boolean;java.lang.String;"
          + "java.util.ArrayList;java.lang.Object;!*");

  private static final class Holder {
    static final ValidationPolicy POLICY = load();

    private static ValidationPolicy load() {
      ValidationPolicy p = fromSnapshot().<ValidationPolicy>map(SuitePolicy::new)
          .orElseGet(() -> ValidationPolicyLoader.fromDefaultValidationPolicy().create());
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

  /**
   * DSS's policy, whose cryptographic constraints are made once per context (issue 20). DSS's own policy makes a
   * new constraint object at every request, several per signature and certificate, and each parses again the
   * expiration date of every algorithm in the policy (some 100 dates with {@code SimpleDateFormat}): a third of the
   * policy checks of 1,000 signatures. The objects kept here are DSS's own, made by DSS's own code from the same
   * policy, with their algorithm tables filled before the policy is shared; nothing writes to them afterwards
   * (DSS's checks only read the tables), so they are read-only and safe to share between threads. A context DSS
   * does not support is refused as before.
   */
  static final class SuitePolicy extends EtsiValidationPolicy {
    private final java.util.Map<Context, CryptographicSuite> signature = new java.util.EnumMap<>(Context.class);
    private final java.util.Map<Context, java.util.Map<SubContext, CryptographicSuite>> certificate =
        new java.util.EnumMap<>(Context.class);

    SuitePolicy(ConstraintsParameters parameters) {
      super(parameters);
      for (Context c : Context.values()) {
        try {
          signature.put(c, filled(super.getSignatureCryptographicConstraint(c)));
        } catch (UnsupportedOperationException e) {
          // not a context of signatures: asked of DSS each time, refused each time
        }
        for (SubContext sub : SubContext.values()) {
          try {
            certificate.computeIfAbsent(c, k -> new java.util.EnumMap<>(SubContext.class))
                .put(sub, filled(super.getCertificateCryptographicConstraint(c, sub)));
          } catch (UnsupportedOperationException e) {
            // likewise
          }
        }
      }
    }

    /** {@code suite}, with the algorithm tables it builds on first use built now (then only read). */
    private static CryptographicSuite filled(CryptographicSuite suite) {
      if (suite != null) {
        suite.getAcceptableDigestAlgorithms();
        suite.getAcceptableSignatureAlgorithms();
      }
      return suite;
    }

    @Override
    public CryptographicSuite getSignatureCryptographicConstraint(Context context) {
      CryptographicSuite s = context == null ? null : signature.get(context);
      return s != null ? s : super.getSignatureCryptographicConstraint(context);
    }

    @Override
    public CryptographicSuite getCertificateCryptographicConstraint(Context context, SubContext subContext) {
      java.util.Map<SubContext, CryptographicSuite> byContext = context == null ? null : certificate.get(context);
      CryptographicSuite s = byContext == null || subContext == null ? null : byContext.get(subContext);
      return s != null ? s : super.getCertificateCryptographicConstraint(context, subContext);
    }
  }

  /** DSS's default policy as kept in {@link #SNAPSHOT}; empty when it is absent or cannot be read. */
  static Optional<ConstraintsParameters> fromSnapshot() {
    try (InputStream raw = DefaultPolicy.class.getResourceAsStream(SNAPSHOT)) {
      return raw == null ? Optional.empty() : read(raw);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A serialized {@link ConstraintsParameters}; empty when the stream holds anything else or is damaged. */
  static Optional<ConstraintsParameters> read(InputStream raw) {
    try {
      ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(raw));
      in.setObjectInputFilter(ONLY_POLICY);
      return Optional.of((ConstraintsParameters) in.readObject());
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      return Optional.empty();
    }
  }

  /** The default policy, as {@code validateDocument()} would load it. */
  public static ValidationPolicy get() {
    return Holder.POLICY;
  }

  private static final java.util.concurrent.atomic.AtomicBoolean AHEAD = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Starts making the policy on a short-lived daemon thread, once per JVM: in a fresh JVM it then overlaps the
   * validator's own start-up (DSS's analyzer registers BouncyCastle's provider, about as long) on the second core,
   * about 40 ms of a one-document {@code kyso verify}. {@link #get()} waits for it or finds it made (the JVM runs a
   * class's initialisation once, whichever thread asks first). A failure here is left to the validating thread,
   * which meets it again and reports it.
   */
  public static void prepareAhead() {
    if (AHEAD.compareAndSet(false, true)) {
      Thread t = new Thread(() -> {
        try {
          get();
        } catch (Throwable e) {
          // the validating thread meets the same failure and reports it in its words
        }
      }, "kyso-policy");
      t.setDaemon(true);
      t.start();
    }
  }
}
