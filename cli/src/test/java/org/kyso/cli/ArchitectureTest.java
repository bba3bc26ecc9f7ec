package org.kyso.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module rules of DESIGN.md, checked on the compiled classes of every module. */
class ArchitectureTest {
  private static final List<String> THIRD_PARTY = List.of("eu.europa.esig.", "org.apache.pdfbox.",
      "org.apache.xml.security.", "org.bouncycastle.", "org.xipki.", "iaik.");
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    // test fixtures published as test-jars (org.kyso.*.testing) are on the class path as jars: excluded by package
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.kyso");
  }

  @Test
  void signingCoreKnowsNoFormatNoDatabaseNoCli() {
    noClasses().that().resideInAPackage("org.kyso.core..")
        .should().dependOnClassesThat().resideInAnyPackage("org.kyso.pdf..", "org.kyso.xml..",
            "org.kyso.registers..", "org.kyso.token..", "org.kyso.cli..", "java.sql..")
        .check(classes);
  }

  @Test
  void signingCoreParsesNoPdf() {
    // PDF verification is the pdf module's (PdfVerification, given to the Verifier explicitly)
    noClasses().that().resideInAPackage("org.kyso.core..").should().dependOnClassesThat()
        .resideInAnyPackage("org.apache.pdfbox..").check(classes);
  }

  @Test
  void libraryModulesDoNotDependOnTheCli() {
    noClasses().that().resideOutsideOfPackages("org.kyso.cli..", "org.kyso.examples..", "org.kyso.bench..")
        .should().dependOnClassesThat().resideInAnyPackage("org.kyso.cli..", "org.kyso.examples..",
            "org.kyso.bench..")
        .check(classes);
  }

  @Test
  void formatModulesDoNotDependOnEachOther() {
    noClasses().that().resideInAPackage("org.kyso.pdf..").should().dependOnClassesThat()
        .resideInAnyPackage("org.kyso.xml..", "org.kyso.registers..").check(classes);
    noClasses().that().resideInAPackage("org.kyso.xml..").should().dependOnClassesThat()
        .resideInAnyPackage("org.kyso.pdf..", "org.kyso.registers..").check(classes);
  }

  @Test
  void publicApiShowsNoThirdPartyType() {
    methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
        .and().areDeclaredInClassesThat().resideOutsideOfPackages("..internal..", "..testing..", "org.kyso.cli..",
            "org.kyso.bench..", "org.kyso.examples..")
        .should(new ArchCondition<JavaMethod>("not show DSS, PDFBox, Santuario, BouncyCastle or PKCS#11 wrapper types") {
          @Override
          public void check(JavaMethod m, ConditionEvents events) {
            if (m.getModifiers().contains(JavaModifier.SYNTHETIC) || m.getModifiers().contains(JavaModifier.BRIDGE)) {
              return;
            }
            List<String> types = new java.util.ArrayList<>();
            types.add(m.getRawReturnType().getName());
            m.getRawParameterTypes().forEach(t -> types.add(t.getName()));
            for (String t : types) {
              if (THIRD_PARTY.stream().anyMatch(t::startsWith)) {
                events.add(SimpleConditionEvent.violated(m, m.getFullName() + " shows " + t));
              }
            }
          }
        })
        .check(classes);
  }
}
