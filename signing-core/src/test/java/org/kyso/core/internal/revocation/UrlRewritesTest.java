package org.kyso.core.internal.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestOcspResponder;

class UrlRewritesTest {
  @Test
  void rewritesTheLegacyGovernmentOcspAddressOnlyAtAHostBoundary() {
    UrlRewrites r = UrlRewrites.of(UrlRewrites.KNOWN);
    assertThat(r.apply("http://ocsp.ca.ptc")).isEqualTo("http://ocsp.ca.gov.vn");
    assertThat(r.apply("http://ocsp.ca.ptc/")).isEqualTo("http://ocsp.ca.gov.vn/");
    assertThat(r.apply("http://OCSP.CA.PTC/ocsp?x")).isEqualTo("http://ocsp.ca.gov.vn/ocsp?x");
    assertThat(r.apply("http://ocsp.ca.ptc:80/")).isEqualTo("http://ocsp.ca.gov.vn:80/");
    assertThat(r.apply("http://ocsp.ca.ptc.example.com/")).isEqualTo("http://ocsp.ca.ptc.example.com/");
    assertThat(r.apply("http://ocsp.ca.gov.vn/")).isEqualTo("http://ocsp.ca.gov.vn/");
  }

  @Test
  void aCertificateNamingAnUnresolvableAddressIsCheckedAtTheRewrittenOne() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      // the certificate names the government CA's old private address, which does not resolve here
      DevPki pki = DevPki.builder().ocspUrl(URI.create("http://ocsp.ca.ptc/")).build();
      Map<BigInteger, Instant> revoked = new ConcurrentHashMap<>();
      TestOcspResponder responder = TestOcspResponder.mount(server, "/", pki, revoked);
      server.start();
      DevPki.Identity an = pki.person("Nguyễn Văn An");

      var without = PreSigningCheck.using(RevocationSources.builder().noRewrites().build())
          .check(an.certificate(), an.chain(), List.of(), Instant.now());
      assertThat(without.status()).isEqualTo(PreSigningCheck.Status.NOT_CHECKED);
      assertThat(responder.requests()).isZero();

      var with = PreSigningCheck.using(RevocationSources.builder().rewrite("http://ocsp.ca.ptc", base).build())
          .check(an.certificate(), an.chain(), List.of(), Instant.now());
      assertThat(with.status()).isEqualTo(PreSigningCheck.Status.GOOD);
      assertThat(with.source()).contains("OCSP");
      assertThat(responder.requests()).isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }
}
