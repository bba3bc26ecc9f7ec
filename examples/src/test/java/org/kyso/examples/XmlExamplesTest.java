package org.kyso.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.PinSource;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.core.verify.Indication;
import org.kyso.core.verify.VerificationReport;

class XmlExamplesTest {
  private static Path copy(String resource, Path to) throws Exception {
    try (InputStream in = XmlExamplesTest.class.getResourceAsStream(resource)) {
      return Files.write(to, in.readAllBytes());
    }
  }

  @Test
  void eInvoiceExampleSignsAndVerifies(@TempDir Path dir) throws Exception {
    try (TestPki pki = TestPki.start()) {
      DevPki.Identity seller = pki.pki().organisation("Công ty TNHH Đà Nẵng Xanh");
      Path p12 = TestPki.writeP12(seller, dir.resolve("seller.p12"), "secret");
      Path invoice = copy("einvoice.xml", dir.resolve("hoa-don.xml"));
      VerificationReport r = EInvoiceExample.signAndVerify(p12, PinSource.of("secret".toCharArray()), invoice,
          dir.resolve("hoa-don.signed.xml"), pki.writeRootPem(dir));
      assertThat(r.signatures()).singleElement().satisfies(s -> {
        assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(s.signedBy()).isEqualTo("Công ty TNHH Đà Nẵng Xanh");
      });
    }
  }

  @Test
  void edxmlExampleSignsEnvelopeWithAttachmentsAndVerifies(@TempDir Path dir) throws Exception {
    try (TestPki pki = TestPki.start()) {
      DevPki.Identity office = pki.pki().organisation("Ủy ban nhân dân thành phố Đà Nẵng");
      Path p12 = TestPki.writeP12(office, dir.resolve("office.p12"), "secret");
      Path envelope = copy("edxml-envelope.xml", dir.resolve("envelope.xml"));
      Files.writeString(dir.resolve("15-QD-UBND.pdf"), "%PDF-1.7 quyết định", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("phu-luc-1.pdf"), "%PDF-1.7 phụ lục", StandardCharsets.UTF_8);
      VerificationReport r = EdxmlExample.signAndVerify(p12, PinSource.of("secret".toCharArray()), envelope,
          dir.resolve("envelope.signed.xml"), pki.writeRootPem(dir));
      assertThat(r.signatures()).singleElement()
          .satisfies(s -> assertThat(s.indication()).as(s.toString()).isEqualTo(Indication.TOTAL_PASSED));
    }
  }
}
