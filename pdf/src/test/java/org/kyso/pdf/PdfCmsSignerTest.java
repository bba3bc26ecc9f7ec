package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestCalculator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.PreparedSignature;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;
import org.kyso.pdf.testing.Judges;
import org.kyso.pdf.testing.SampleLetter;

/** A CMS made elsewhere (a remote provider's) over the prepared digest is embedded; one over another digest is not. */
class PdfCmsSignerTest {
  @TempDir
  Path dir;

  /** What a provider does with the digest it is sent: a detached CMS with ESS signing-certificate-v2. */
  static byte[] providerCms(DevPki.Identity id, byte[] digest) throws Exception {
    X509Certificate cert = id.certificate();
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new Attribute(CMSAttributes.contentType, new DERSet(PKCSObjectIdentifiers.data)));
    v.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(digest))));
    v.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(new SigningCertificateV2(
        new ESSCertIDv2(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()))))));
    AttributeTable table = new AttributeTable(v);
    ContentSigner signer = new ContentSigner() {
      final ByteArrayOutputStream buf = new ByteArrayOutputStream();

      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withRSA");
      }

      @Override
      public OutputStream getOutputStream() {
        return buf;
      }

      @Override
      public byte[] getSignature() {
        try {
          Signature s = Signature.getInstance("SHA256withRSA");
          s.initSign(id.privateKey());
          s.update(buf.toByteArray());
          return s.sign();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    };
    AlgorithmIdentifier sha256 = new DefaultDigestAlgorithmIdentifierFinder().find("SHA-256");
    CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
    gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(alg -> new DigestCalculator() {
      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return sha256;
      }

      @Override
      public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
      }

      @Override
      public byte[] getDigest() {
        return digest.clone();
      }
    }).setSignedAttributeGenerator(params -> table).build(signer, cert));
    for (X509Certificate c : id.chain()) {
      gen.addCertificate(new JcaX509CertificateHolder(c));
    }
    return gen.generate(new CMSProcessableByteArray(new byte[0]), false).getEncoded();
  }

  @Test
  void embedsAProvidersCmsMadeWithoutKnowingTheCertificateAtPrepare() throws Exception {
    try (TestPki test = TestPki.start()) { // its CRLs are served on loopback: DSS can check revocation
      embeds(test.pki());
    }
  }

  private void embeds(DevPki pki) throws Exception {
    DevPki.Identity an = pki.person(SampleLetter.SIGNER);
    byte[] pdf = SampleLetter.create();
    PdfCmsSigner signer = PdfCmsSigner.builder().reason("Phê duyệt").build();
    PreparedSignature p = signer.prepare(pdf); // no key, no certificate
    byte[] signed = signer.complete(pdf, p, providerCms(an, p.digest()));
    Judges.assertDssPasses(signed, pki.root().certificate(), 1);
    Path out = Files.write(dir.resolve("cms.pdf"), signed);
    Judges.assertPdfsigPasses(out, pki.root().certificate(), 1);
  }

  @Test
  void refusesACmsOverAnotherDigest() throws Exception {
    DevPki pki = DevPki.create();
    DevPki.Identity an = pki.person(SampleLetter.SIGNER);
    byte[] pdf = SampleLetter.create();
    PdfCmsSigner signer = PdfCmsSigner.builder().build();
    PreparedSignature p = signer.prepare(pdf);
    byte[] other = MessageDigest.getInstance("SHA-256").digest("another document".getBytes());
    assertThatThrownBy(() -> signer.complete(pdf, p, providerCms(an, other)))
        .isInstanceOf(DocumentException.class).hasMessageContaining("does not cover");
    byte[] otherPdf = SampleLetter.createPdfA(); // not the prepared document
    assertThatThrownBy(() -> signer.complete(otherPdf, p, providerCms(an, p.digest())))
        .isInstanceOf(DocumentException.class).hasMessageContaining("differ");
  }
}
