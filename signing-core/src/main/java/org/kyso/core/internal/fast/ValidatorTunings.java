package org.kyso.core.internal.fast;

import eu.europa.esig.dss.validation.SignedDocumentValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The {@link ValidatorTuning}s on the class path, looked up once. */
public final class ValidatorTunings {
  private ValidatorTunings() {}

  private static final class Holder {
    static final List<ValidatorTuning> ALL = load();

    private static List<ValidatorTuning> load() {
      List<ValidatorTuning> out = new ArrayList<>();
      for (ValidatorTuning t : ServiceLoader.load(ValidatorTuning.class, ValidatorTunings.class.getClassLoader())) {
        out.add(t);
      }
      return List.copyOf(out);
    }
  }

  /** Passes a document password to {@code validator} through the tunings that know its kind. */
  public static void password(SignedDocumentValidator validator, char[] password) {
    for (ValidatorTuning t : Holder.ALL) {
      t.password(validator, password);
    }
  }

  /** Applies every tuning found to {@code validator}. */
  public static void apply(SignedDocumentValidator validator) {
    for (ValidatorTuning t : Holder.ALL) {
      t.tune(validator);
    }
  }
}
