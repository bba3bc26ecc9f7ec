package org.kyso.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md, checked on the compiled classes of every module ({@link ApiChecks} holds the checks;
 * {@link ArchitectureChecksFailTest} shows that each of them fails on a bad class).
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    // test fixtures published as test-jars (org.kyso.*.testing) are on the class path as jars: excluded by package
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar")) // the modules' test-jars
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

  /** What a user of the library sees: public types outside internal packages, the test support and the programs. */
  static boolean isPublicApi(JavaClass c) {
    String p = c.getPackageName();
    return p.startsWith("org.kyso.") && !p.contains(".internal") && !p.endsWith(".testing")
        && !p.startsWith("org.kyso.core.devpki") && !p.startsWith("org.kyso.cli") && !p.startsWith("org.kyso.bench")
        && !p.startsWith("org.kyso.examples");
  }

  @Test
  void publicApiShowsNoThirdPartyType() {
    assertThat(ApiChecks.publicSignatureViolations(classes, ArchitectureTest::isPublicApi, ApiChecks.THIRD_PARTY))
        .as("DSS, PDFBox, Santuario, BouncyCastle or PKCS#11 wrapper types in public constructors, fields, methods "
            + "(generic arguments and thrown types included) or supertypes")
        .isEmpty();
  }

  static boolean inSigningCore(JavaClass c) {
    String p = c.getPackageName();
    // org.kyso.core.devpki and org.kyso.core.testing are the kyso-testing artifact, not signing-core
    return (p.equals("org.kyso.core") || p.startsWith("org.kyso.core.")) && !p.startsWith("org.kyso.core.devpki")
        && !p.startsWith("org.kyso.core.testing");
  }

  @Test
  void signingCoreUsesNoPdfXmlOrDomType() {
    assertThat(ApiChecks.dependencyViolations(classes,
        ArchitectureTest::inSigningCore, ApiChecks.PDF_XML_DOM)).isEmpty();
  }

  @Test
  void signingCoreHasNoPdfOrXmlClass() {
    assertThat(classes.stream().filter(ArchitectureTest::inSigningCore).map(ApiChecks::outermost)
        .map(JavaClass::getName).distinct()
        .filter(n -> n.substring(n.lastIndexOf('.') + 1).matches("(Pdf|Pades|Xml|Xades|Dom).*"))).isEmpty();
  }
}
