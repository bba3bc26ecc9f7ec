package org.kyso.cli;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The checks behind {@link ArchitectureTest}, as functions from classes to the list of violations, so that
 * {@link ArchitectureChecksFailTest} can run each of them on a deliberately bad class and see it fail.
 */
final class ApiChecks {
  /** DSS, PDFBox, Santuario, BouncyCastle and the PKCS#11 wrapper: never in a public signature. */
  static final List<String> THIRD_PARTY = List.of("eu.europa.esig.", "org.apache.pdfbox.", "org.apache.fontbox.",
      "org.apache.xml.security.", "org.bouncycastle.", "org.xipki.", "iaik.");

  /** Types of a PDF or XML library, or of the DOM: signing-core knows none of them. */
  static final List<String> PDF_XML_DOM = List.of("org.apache.pdfbox.", "org.apache.fontbox.",
      "org.apache.xml.security.", "eu.europa.esig.dss.pades.", "eu.europa.esig.dss.pdf.", "eu.europa.esig.dss.xades.",
      "eu.europa.esig.dss.xml.", "org.w3c.dom.", "org.xml.sax.", "javax.xml.parsers.", "javax.xml.transform.",
      "javax.xml.xpath.", "javax.xml.XMLConstants", "javax.xml.stream.");

  private ApiChecks() {}

  /**
   * Every third-party type ({@code forbidden} prefixes) that a public or protected member of a public type shows:
   * method return, parameter and thrown types, constructor parameter and thrown types, field types, supertypes and
   * type-parameter bounds, each with its generic arguments (a {@code List<DSSDocument>} counts).
   */
  static List<String> publicSignatureViolations(JavaClasses classes, Predicate<JavaClass> isApi,
      List<String> forbidden) {
    List<String> out = new ArrayList<>();
    for (JavaClass c : classes) {
      if (!c.getModifiers().contains(JavaModifier.PUBLIC) || !isApi.test(c) || !enclosingPublic(c)) {
        continue;
      }
      c.getSuperclass().ifPresent(t -> report(out, c.getName() + " extends", t, forbidden));
      c.getInterfaces().forEach(t -> report(out, c.getName() + " implements", t, forbidden));
      c.getTypeParameters().forEach(t -> report(out, c.getName() + " type parameter", t, forbidden));
      for (JavaField f : c.getFields()) {
        if (visible(f)) {
          report(out, "field " + f.getFullName(), f.getType(), forbidden);
        }
      }
      List<JavaCodeUnit> units = new ArrayList<>(c.getConstructors());
      units.addAll(c.getMethods());
      for (JavaCodeUnit u : units) {
        if (!visible(u)) {
          continue;
        }
        String what = (u.isConstructor() ? "constructor " : "method ") + u.getFullName();
        report(out, what + " returns", u.getReturnType(), forbidden);
        u.getParameterTypes().forEach(t -> report(out, what + " takes", t, forbidden));
        u.getThrowsClause().getTypes().forEach(t -> report(out, what + " throws", t, forbidden));
        u.getTypeParameters().forEach(t -> report(out, what + " type parameter", t, forbidden));
      }
    }
    return out;
  }

  /** Every dependency of a class {@code from} accepts on a type of a {@code forbidden} package or class. */
  static List<String> dependencyViolations(JavaClasses classes, Predicate<JavaClass> from, List<String> forbidden) {
    Set<String> out = new TreeSet<>();
    for (JavaClass c : classes) {
      if (!from.test(c)) {
        continue;
      }
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String target = d.getTargetClass().getBaseComponentType().getName();
        if (forbidden.stream().anyMatch(target::startsWith)) {
          out.add(outermost(c).getName() + " uses " + target);
        }
      }
    }
    return new ArrayList<>(out);
  }

  static JavaClass outermost(JavaClass c) {
    JavaClass o = c;
    while (o.getEnclosingClass().isPresent()) {
      o = o.getEnclosingClass().get();
    }
    return o;
  }

  private static boolean enclosingPublic(JavaClass c) {
    for (JavaClass o = c; ; o = o.getEnclosingClass().get()) {
      if (!o.getModifiers().contains(JavaModifier.PUBLIC)) {
        return false;
      }
      if (o.getEnclosingClass().isEmpty()) {
        return true;
      }
    }
  }

  private static boolean visible(JavaMember m) {
    Set<JavaModifier> mods = m.getModifiers();
    return (mods.contains(JavaModifier.PUBLIC) || mods.contains(JavaModifier.PROTECTED))
        && !mods.contains(JavaModifier.SYNTHETIC) && !mods.contains(JavaModifier.BRIDGE);
  }

  private static void report(List<String> out, String where, JavaType type, List<String> forbidden) {
    report(out, where, type.getAllInvolvedRawTypes(), forbidden);
  }

  private static void report(List<String> out, String where, Collection<JavaClass> types, List<String> forbidden) {
    for (JavaClass t : types) {
      String n = t.getBaseComponentType().getName();
      if (forbidden.stream().anyMatch(n::startsWith)) {
        out.add(where + " " + n);
      }
    }
  }
}
