package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import org.kyso.cli.archfixture.BadConstructor;
import org.kyso.cli.archfixture.BadField;
import org.kyso.cli.archfixture.BadGeneric;
import org.kyso.cli.archfixture.BadSupertype;
import org.kyso.cli.archfixture.BadThrows;
import org.kyso.cli.archfixture.GoodApi;
import org.kyso.cli.archfixture.ReadsDom;

/** Each check of {@link ArchitectureTest} run on a deliberately bad class (org.kyso.cli.archfixture) must fail. */
class ArchitectureChecksFailTest {
  private static java.util.List<String> apiViolations(Class<?> c) {
    JavaClasses one = new ClassFileImporter().importClasses(c);
    return ApiChecks.publicSignatureViolations(one, x -> true, ApiChecks.THIRD_PARTY);
  }

  @Test
  void findsABouncyCastleTypeInAPublicConstructor() {
    assertThat(apiViolations(BadConstructor.class)).singleElement().asString()
        .startsWith("constructor ").contains("takes org.bouncycastle.asn1.x500.X500Name");
  }

  @Test
  void findsAPdfBoxTypeInAPublicField() {
    assertThat(apiViolations(BadField.class)).singleElement().asString()
        .startsWith("field ").endsWith("org.apache.pdfbox.pdmodel.PDDocument");
  }

  @Test
  void findsADssTypeAsAGenericArgument() {
    assertThat(apiViolations(BadGeneric.class)).singleElement().asString()
        .contains("documents()").endsWith("returns eu.europa.esig.dss.model.DSSDocument");
  }

  @Test
  void findsASantuarioTypeInASupertype() {
    assertThat(apiViolations(BadSupertype.class)).singleElement().asString()
        .contains("implements org.apache.xml.security.signature.XMLSignature");
  }

  @Test
  void findsASantuarioTypeInAThrowsClause() {
    assertThat(apiViolations(BadThrows.class)).singleElement().asString()
        .contains("throws org.apache.xml.security.exceptions.XMLSecurityException");
  }

  @Test
  void staysSilentOnPrivateMembersAndMethodBodies() {
    assertThat(apiViolations(GoodApi.class)).isEmpty();
  }

  @Test
  void findsDomAndXmlParserUseWhereTheyAreForbidden() {
    JavaClasses one = new ClassFileImporter().importClasses(ReadsDom.class);
    assertThat(ApiChecks.dependencyViolations(one, c -> true, ApiChecks.PDF_XML_DOM))
        .contains(ReadsDom.class.getName() + " uses org.w3c.dom.Document",
            ReadsDom.class.getName() + " uses javax.xml.parsers.DocumentBuilderFactory");
    assertThat(ApiChecks.dependencyViolations(new ClassFileImporter().importClasses(BadField.class), c -> true,
        ApiChecks.PDF_XML_DOM)).contains(BadField.class.getName() + " uses org.apache.pdfbox.pdmodel.PDDocument");
  }
}
