package org.kyso.core.internal.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.Test;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.devpki.CertificateSpec;
import org.kyso.core.devpki.DevPki;

class CadesDetachedBuilderTest {
  static final DevPki PKI = DevPki.create();

  @Test
  void producesStrictDerThatBouncyCastleVerifiesForRsaEcAndPss() throws Exception {
    byte[] content = "nội dung văn bản".getBytes(StandardCharsets.UTF_8);
    DevPki.Identity rsa = PKI.person("Nguyễn Văn An");
    DevPki.Identity ec = PKI.issue(CertificateSpec.person("Trần Thị Bình").withKeyKind(DevPki.KeyKind.EC_P256));
    check(rsa, SignatureAlgorithm.RSA_SHA256, "SHA256withRSA", content);
    check(rsa, SignatureAlgorithm.RSA_SHA512, "SHA512withRSA", content);
    check(ec, SignatureAlgorithm.ECDSA_SHA384, "SHA384withECDSA", content);
  }

  private static void check(DevPki.Identity id, SignatureAlgorithm alg, String jca, byte[] content)
      throws Exception {
    CadesDetachedBuilder b = new CadesDetachedBuilder(alg, id.chain());
    byte[] digest = MessageDigest.getInstance(alg.digest().jcaName()).digest(content);
    byte[] attrs = b.signedAttributes(digest);
    Signature s = Signature.getInstance(jca);
    s.initSign(id.privateKey());
    s.update(attrs);
    byte[] cms = b.signedData(attrs, s.sign());

    // exactly DER: re-encoding changes nothing
    assertThat(ASN1Primitive.fromByteArray(cms).getEncoded(ASN1Encoding.DER)).isEqualTo(cms);
    assertThat(ASN1Primitive.fromByteArray(attrs).getEncoded(ASN1Encoding.DER)).isEqualTo(attrs);
    assertThat(cms.length).isLessThanOrEqualTo(b.estimatedSize());

    CMSSignedData sd = new CMSSignedData(new CMSProcessableByteArray(content), cms);
    assertThat(sd.getCertificates().getMatches(null)).hasSize(id.chain().size());
    SignerInformation si = sd.getSignerInfos().getSigners().iterator().next();
    assertThat(si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(id.certificate()))).isTrue();
    AttributeTable t = si.getSignedAttributes();
    assertThat(t.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2)).isNotNull();
    assertThat(t.get(PKCSObjectIdentifiers.pkcs_9_at_signingTime)).as("PAdES forbids signing-time").isNull();
    assertThat(t.get(PKCSObjectIdentifiers.pkcs_9_at_contentType)).isNotNull();
  }

  @Test
  void carriesASignatureTimestampTokenAsTheUnsignedAttributeInStrictDer() throws Exception {
    byte[] content = "nội dung văn bản".getBytes(StandardCharsets.UTF_8);
    DevPki.Identity rsa = PKI.person("Nguyễn Văn An");
    CadesDetachedBuilder b = new CadesDetachedBuilder(SignatureAlgorithm.RSA_SHA256, rsa.chain());
    byte[] attrs = b.signedAttributes(MessageDigest.getInstance("SHA-256").digest(content));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(rsa.privateKey());
    s.update(attrs);
    byte[] value = s.sign();
    // any DER ContentInfo stands for the token here: the builder copies it as it is
    byte[] token = b.signedData(attrs, value);

    byte[] cms = b.signedData(attrs, value, token);

    assertThat(ASN1Primitive.fromByteArray(cms).getEncoded(ASN1Encoding.DER)).isEqualTo(cms);
    assertThat(cms.length).isLessThanOrEqualTo(b.estimatedSize() + token.length
        + CadesDetachedBuilder.TIMESTAMP_OVERHEAD);
    CMSSignedData sd = new CMSSignedData(new CMSProcessableByteArray(content), cms);
    SignerInformation si = sd.getSignerInfos().getSigners().iterator().next();
    assertThat(si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(rsa.certificate()))).isTrue();
    assertThat(si.getSignature()).isEqualTo(value);
    var attr = si.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
    assertThat(attr.getAttrValues().size()).isEqualTo(1);
    assertThat(attr.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded(ASN1Encoding.DER)).isEqualTo(token);
    assertThat(si.getUnsignedAttributes().size()).isEqualTo(1);
  }

  @Test
  void rejectsDigestOfTheWrongLength() {
    CadesDetachedBuilder b = new CadesDetachedBuilder(SignatureAlgorithm.RSA_SHA256,
        List.of(PKI.person("An").certificate()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.signedAttributes(new byte[20]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
