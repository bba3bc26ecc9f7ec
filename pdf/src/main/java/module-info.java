/**
 * PAdES signing and PDF verification. Public: {@code org.kyso.pdf}; {@code org.kyso.pdf.internal…} is sealed.
 */
module kyso.pdf {
  requires transitive kyso.core;
  requires org.slf4j;
  requires java.desktop; // signature images (javax.imageio)
  requires org.apache.pdfbox;
  requires org.apache.pdfbox.io;
  requires org.apache.fontbox;
  requires jpms_dss_alert;
  requires jpms_dss_enumerations;
  requires jpms_dss_model;
  requires jpms_dss_pades;
  requires jpms_dss_pades_pdfbox;
  requires jpms_dss_spi;
  requires jpms_dss_validation;
  // Ed448/SHAKE-256 signatures DSS cannot check are checked with BouncyCastle (internal/verify/CmsIntegrity)
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;

  exports org.kyso.pdf;
  // the bundled fonts (resources only): kyso demo draws its sample letter with them
  opens org.kyso.pdf.fonts to kyso.cli;
}
