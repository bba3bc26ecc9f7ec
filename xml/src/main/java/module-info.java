/**
 * XAdES and XMLDSig signing and XML verification. Public: {@code org.kyso.xml}; {@code org.kyso.xml.internal} is
 * sealed.
 */
module kyso.xml {
  requires transitive kyso.core;
  requires java.xml;
  requires java.naming;
  requires org.slf4j;
  requires org.bouncycastle.provider;
  requires org.apache.santuario.xmlsec;
  requires jpms_dss_diagnostic_data;
  requires jpms_dss_document;
  requires jpms_dss_enumerations;
  requires jpms_dss_model;
  requires jpms_dss_policy;
  requires jpms_dss_spi;
  requires jpms_dss_validation;
  requires jpms_dss_xades;
  requires jpms_dss_xml_common;
  requires jpms_dss_xml;

  exports org.kyso.xml;
}
