package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.FileAccessException;

class XmlApiTest {
  private static final List<Class<?>> PUBLIC = List.of(XmlSigner.class, XmlSigner.Builder.class, XmlVerifier.class,
      XmlVerifier.Builder.class, XmlFormat.class, XmlProfile.class, Packaging.class, Canonicalization.class,
      EdxmlEnvelope.class);

  @Test
  void publicSignaturesShowNoDssSantuarioBouncyCastleOrDomTypes() {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : PUBLIC) {
      for (Method m : c.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers())) {
          check(c, m.getName(), m.getGenericReturnType(), leaks);
          for (Type t : m.getGenericParameterTypes()) {
            check(c, m.getName(), t, leaks);
          }
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (Modifier.isPublic(k.getModifiers())) {
          for (Type t : k.getGenericParameterTypes()) {
            check(c, "<init>", t, leaks);
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static void check(Class<?> c, String member, Type t, List<String> leaks) {
    String n = t.getTypeName();
    for (String bad : List.of("eu.europa.", "org.apache.xml.", "org.bouncycastle.", "org.w3c.dom.")) {
      if (n.contains(bad)) {
        leaks.add(c.getSimpleName() + "." + member + ": " + n);
      }
    }
  }

  @Test
  void optionsParseAsOnTheCommandLine() {
    assertThat(XmlFormat.parse("xades")).isEqualTo(XmlFormat.XADES);
    assertThat(XmlFormat.parse("XMLDSIG")).isEqualTo(XmlFormat.XMLDSIG);
    assertThat(Packaging.parse("enveloping")).isEqualTo(Packaging.ENVELOPING);
    assertThat(XmlProfile.parse("einvoice")).isEqualTo(XmlProfile.EINVOICE);
    assertThat(XmlProfile.parse("e-invoice")).isEqualTo(XmlProfile.EINVOICE);
    assertThat(XmlProfile.parse("edxml")).isEqualTo(XmlProfile.EDXML);
    assertThatThrownBy(() -> XmlProfile.parse("pdf")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain, einvoice, edxml, tdiep or bban");
    assertThatThrownBy(() -> Packaging.parse("inside")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void edxmlAttachmentsAreReadFromTheEnvelopeFolder(@TempDir Path dir) throws Exception {
    Path env = Files.write(dir.resolve("envelope.xml"), XmlFixtures.resource("edxml-envelope.xml"));
    assertThat(EdxmlEnvelope.attachmentIds(Files.readAllBytes(env)))
        .containsExactly("15-QD-UBND.pdf", "phu-luc-1.pdf");
    Files.writeString(dir.resolve("15-QD-UBND.pdf"), "a");
    assertThatThrownBy(() -> EdxmlEnvelope.readAttachments(env)).isInstanceOf(FileAccessException.class)
        .hasMessageContaining("phu-luc-1.pdf");
    Files.writeString(dir.resolve("phu-luc-1.pdf"), "b");
    assertThat(EdxmlEnvelope.readAttachments(env)).containsOnlyKeys("15-QD-UBND.pdf", "phu-luc-1.pdf");

    Path evil = Files.writeString(dir.resolve("evil.xml"),
        "<edXMLEnvelope><edXMLBody><Reference href=\"cid:../../etc/passwd\"/></edXMLBody></edXMLEnvelope>",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EdxmlEnvelope.readAttachments(evil))
        .isInstanceOf(org.kyso.core.DocumentException.class).hasMessageContaining("plain file name");
  }

  @Test
  void recognisesXmlFilesByTheirFirstCharacter(@TempDir Path dir) throws Exception {
    assertThat(XmlVerifier.looksLikeXml(Files.write(dir.resolve("a.xml"), XmlFixtures.resource("einvoice.xml"))))
        .isTrue();
    assertThat(XmlVerifier.looksLikeXml(Files.write(dir.resolve("b.xml"),
        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, ' ', '<', 'a', '/', '>'}))).isTrue();
    assertThat(XmlVerifier.looksLikeXml(Files.writeString(dir.resolve("c.pdf"), "%PDF-1.7"))).isFalse();
    assertThat(XmlVerifier.looksLikeXml(dir.resolve("missing"))).isFalse();
  }
}
