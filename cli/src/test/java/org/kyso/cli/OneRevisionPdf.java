package org.kyso.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.kyso.core.devpki.DevPki;

/**
 * A PDF whose signature is in its first and only revision, as iText writes a document it creates and signs in one
 * pass (issue 20: kyso refused such a signature, "The previous revision cannot be null!"). Written by hand: one body,
 * one xref table, one %%EOF; the signature is a PAdES CMS (content type, message digest, signing-certificate-v2)
 * over the whole file but the /Contents value.
 */
final class OneRevisionPdf {
  private static final int CONTENTS_HEX = 16384;
  private static final String RANGE_PLACEHOLDER = "[0 0000000000 0000000000 0000000000]";

  private OneRevisionPdf() {}

  static byte[] signed(DevPki.Identity id) throws Exception {
    List<String> objects = List.of(
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Annots [4 0 R] >>",
        "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Chu ky 1) /V 5 0 R /Rect [0 0 0 0] /F 132 /P 3 0 R >>",
        "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange " + RANGE_PLACEHOLDER
            + " /Contents <" + "0".repeat(CONTENTS_HEX) + "> /M (D:20261206090000+07'00') >>",
        "<< /Length 17 >>\nstream\n72 72 m 500 700 l S\nendstream");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
    StringBuilder xref = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
    for (int i = 0; i < objects.size(); i++) {
      xref.append(String.format("%010d 00000 n \n", b.size()));
      b.writeBytes(((i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    int startxref = b.size();
    b.writeBytes((xref + "trailer\n<< /Size " + (objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + startxref
        + "\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1));
    byte[] pdf = b.toByteArray();
    String text = new String(pdf, StandardCharsets.ISO_8859_1);
    int lt = text.indexOf("/Contents <") + "/Contents ".length();
    int gt = lt + CONTENTS_HEX + 2;
    String range = String.format("[0 %-10d %-10d %-10d]", lt, gt, pdf.length - gt);
    int at = text.indexOf(RANGE_PLACEHOLDER);
    System.arraycopy(range.getBytes(StandardCharsets.US_ASCII), 0, pdf, at, range.length());
    byte[] covered = new byte[lt + pdf.length - gt];
    System.arraycopy(pdf, 0, covered, 0, lt);
    System.arraycopy(pdf, gt, covered, lt, pdf.length - gt);
    String hex = java.util.HexFormat.of().formatHex(cms(id, covered));
    if (hex.length() > CONTENTS_HEX) {
      throw new IllegalStateException("the CMS does not fit in /Contents");
    }
    System.arraycopy(hex.getBytes(StandardCharsets.US_ASCII), 0, pdf, lt + 1, hex.length());
    return pdf;
  }

  /** A detached CMS over {@code data} with exactly the attributes PAdES B-B asks for (no signing-time). */
  private static byte[] cms(DevPki.Identity id, byte[] data) throws Exception {
    byte[] certHash = MessageDigest.getInstance("SHA-256").digest(id.certificate().getEncoded());
    CMSAttributeTableGenerator attributes = params -> {
      Hashtable<ASN1ObjectIdentifier, Attribute> t = new Hashtable<>();
      t.put(CMSAttributes.contentType, new Attribute(CMSAttributes.contentType,
          new DERSet(PKCSObjectIdentifiers.data)));
      t.put(CMSAttributes.messageDigest, new Attribute(CMSAttributes.messageDigest,
          new DERSet(new DEROctetString((byte[]) params.get(CMSAttributeTableGenerator.DIGEST)))));
      t.put(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new Attribute(
          PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(new SigningCertificateV2(
              new ESSCertIDv2[] {new ESSCertIDv2(certHash)}))));
      return new AttributeTable(t);
    };
    String alg = id.privateKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
    gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
        .setSignedAttributeGenerator(attributes)
        .build(new JcaContentSignerBuilder(alg).build(id.privateKey()), id.certificate()));
    gen.addCertificates(new JcaCertStore(id.chain()));
    return gen.generate(new CMSProcessableByteArray(data), false).getEncoded();
  }
}
