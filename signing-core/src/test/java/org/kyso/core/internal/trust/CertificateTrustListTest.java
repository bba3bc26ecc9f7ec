package org.kyso.core.internal.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.junit.jupiter.api.Test;
import org.kyso.core.devpki.DevPki;

public class CertificateTrustListTest {
  /** A Microsoft CTL listing {@code listed} by SHA-1, carrying {@code carried}, signed by {@code signer}. */
  public static byte[] ctl(DevPki.Identity signer, List<X509Certificate> listed, List<X509Certificate> carried)
      throws Exception {
    ASN1EncodableVector subjects = new ASN1EncodableVector();
    for (X509Certificate c : listed) {
      subjects.add(new DERSequence(new DEROctetString(MessageDigest.getInstance("SHA-1").digest(c.getEncoded()))));
    }
    ASN1EncodableVector ctl = new ASN1EncodableVector();
    ctl.add(new DERSequence(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.10.3.9"))); // root list signer usage
    ctl.add(new DERUTCTime(new Date()));
    ctl.add(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.14.3.2.26")));
    ctl.add(new DERSequence(subjects));
    CMSSignedDataGenerator g = new CMSSignedDataGenerator();
    g.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", signer.privateKey(),
        signer.certificate()));
    java.util.List<X509Certificate> certs = new java.util.ArrayList<>(carried);
    certs.add(signer.certificate());
    g.addCertificates(new JcaCertStore(certs));
    return g.generate(new CMSProcessableByteArray(CertificateTrustList.CTL, new DERSequence(ctl).getEncoded()), true)
        .getEncoded();
  }

  @Test
  void acceptsAListSignedUnderAPinnedRootAndReturnsTheListedCaCertificates() throws Exception {
    DevPki gov = DevPki.create();
    DevPki other = DevPki.builder().name("Bộ Tài chính").build();
    X509Certificate listedCa = other.issuingCa().certificate();
    X509Certificate unlistedCa = other.root().certificate();
    byte[] der = ctl(gov.issuingCa(), List.of(listedCa), List.of(listedCa, unlistedCa));

    CertificateTrustList.Verified v = CertificateTrustList.read(der, List.of(gov.root().certificate()));
    assertThat(v.certificates()).containsExactly(listedCa);
    assertThat(v.pinnedAnchor()).isEqualTo(gov.root().certificate());
    assertThat(v.signer()).isEqualTo(gov.issuingCa().certificate());
  }

  @Test
  void refusesAListWhoseSignerDoesNotChainToAPinnedCertificate() throws Exception {
    DevPki gov = DevPki.create();
    DevPki forger = DevPki.create();
    byte[] der = ctl(forger.issuingCa(), List.of(forger.root().certificate()), List.of(forger.root().certificate()));
    assertThatThrownBy(() -> CertificateTrustList.read(der, List.of(gov.root().certificate())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not chain to a certificate pinned");
  }

  @Test
  void refusesAListWhoseContentWasChangedAfterSigning() throws Exception {
    DevPki gov = DevPki.create();
    X509Certificate ca = DevPki.create().issuingCa().certificate();
    byte[] der = ctl(gov.issuingCa(), List.of(ca), List.of(ca));
    // flip one byte of the listed SHA-1 hash inside the signed content
    byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(ca.getEncoded());
    int at = indexOf(der, sha1);
    assertThat(at).isPositive();
    der[at] ^= 1;
    assertThatThrownBy(() -> CertificateTrustList.read(der, List.of(gov.root().certificate())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signature does not verify");
  }

  @Test
  void refusesWhatIsNotATrustList() {
    assertThatThrownBy(() -> CertificateTrustList.read("hello".getBytes(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CMS signed list");
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
