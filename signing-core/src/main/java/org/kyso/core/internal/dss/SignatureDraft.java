package org.kyso.core.internal.dss;

import java.util.List;
import java.util.Optional;
import org.kyso.core.verify.Finding;
import org.kyso.core.verify.Indication;

/**
 * One signature's result while {@link DssVerification} builds it and a {@link FormatChecks} adds to it; mutable,
 * used by one thread for one signature. {@code suspicious}: something changed after signing that nobody vouches
 * for, so a TOTAL_PASSED becomes INDETERMINATE with {@code summary} (a message code) as first finding.
 */
public final class SignatureDraft {
  public Indication indication;
  public Optional<String> subIndication;
  public final List<Finding> findings;
  public boolean whole;
  public boolean suspicious;
  public String summary;

  SignatureDraft(Indication indication, Optional<String> subIndication, List<Finding> findings) {
    this.indication = indication;
    this.subIndication = subIndication;
    this.findings = findings;
  }
}
