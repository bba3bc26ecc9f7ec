package org.kyso.cli.archfixture;

/**
 * For ModuleBoundariesTest: a class that reaches into kyso.core's internal DSS glue, which kyso.core exports only to
 * kyso.pdf and kyso.xml.
 */
public final class ReadsCoreInternal {
  private ReadsCoreInternal() {}

  static String glue() {
    return org.kyso.core.internal.dss.DssServices.class.getName();
  }
}
