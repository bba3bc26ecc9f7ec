package org.kyso.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.testing.MinimalPdf;
import org.kyso.core.testing.TestPki;
import org.kyso.server.ServerConfig.ApiToken;
import org.kyso.server.ServerConfig.OrganisationConfig;
import org.kyso.server.ServerConfig.Scope;

/**
 * {@code kyso serve}'s signing routes check the organisation's certificate before every signature; with a revocation
 * cache the CA's CRL is downloaded for the first request only, not once per request (each request builds its own
 * signer). Also where the configuration puts the cache.
 */
class ServeRevocationCacheTest {
  private static final String TOKEN = "tok-rev-0a1b2c3d4e";
  private static final byte[] INVOICE = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><HDon><DLHDon Id=\"data\">"
      + "<TTChung><KHHDon>C26TAA</KHHDon><SHDon>7</SHDon></TTChung></DLHDon><DSCKS><NBan/></DSCKS></HDon>")
      .getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  private static HttpResponse<byte[]> post(KysoServer server, String path, String type, byte[] body)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private ServerConfig.Builder config(TestPki pki) throws Exception {
    Path p12 = TestPki.writeP12(pki.pki().organisation("UBND phường Hòa Cường"), dir.resolve("ward.p12"), "pw");
    Files.writeString(dir.resolve("pin"), "pw");
    return ServerConfig.builder().port(0).trust(pki.writeRootPem(dir)).database(dir.resolve("reg.db").toString())
        .organisation(new OrganisationConfig("hoa-cuong", "UBND phường Hòa Cường", "UBND",
            Optional.of("p12:" + p12), Optional.empty(), Optional.of(dir.resolve("pin")), Optional.empty()))
        .token(new ApiToken("portal", "hoa-cuong", Set.of(Scope.SIGN), ServerConfig.hashToken(TOKEN)));
  }

  @Test
  void signingRequestsAfterTheFirstReuseTheCrlKeptOnDisk() throws Exception {
    try (TestPki pki = TestPki.start()) {
      KysoServer server = KysoServer.start(config(pki).revocationCache(dir.resolve("revocation")).build());
      try {
        HttpResponse<byte[]> first = post(server, "/v1/sign/xml?profile=einvoice", "application/xml", INVOICE);
        assertThat(first.statusCode()).as(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        int downloads = pki.crlRequests();
        assertThat(downloads).isPositive();
        for (int i = 0; i < 3; i++) {
          HttpResponse<byte[]> xml = post(server, "/v1/sign/xml?profile=einvoice", "application/xml", INVOICE);
          assertThat(xml.statusCode()).isEqualTo(200);
          HttpResponse<byte[]> pdf = post(server, "/v1/sign/pdf", "application/pdf", MinimalPdf.bytes());
          assertThat(pdf.statusCode()).as(new String(pdf.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        }
        assertThat(pki.crlRequests()).as("CRL downloads after the first request").isEqualTo(downloads);
      } finally {
        server.close();
      }
    }
  }

  @Test
  void withoutTheCacheEveryRequestAsksTheCa() throws Exception {
    try (TestPki pki = TestPki.start()) {
      KysoServer server = KysoServer.start(config(pki).noRevocationCache().build());
      try {
        assertThat(post(server, "/v1/sign/xml?profile=einvoice", "application/xml", INVOICE).statusCode())
            .isEqualTo(200);
        int downloads = pki.crlRequests();
        assertThat(post(server, "/v1/sign/xml?profile=einvoice", "application/xml", INVOICE).statusCode())
            .isEqualTo(200);
        assertThat(pki.crlRequests()).isGreaterThan(downloads);
      } finally {
        server.close();
      }
    }
  }

  @Test
  void theCacheFolderComesFromTheFileTheEnvironmentOrTheUsersCacheFolder() throws Exception {
    Path yaml = Files.writeString(dir.resolve("kyso.yaml"), "revocationCache: state/revocation\n");
    assertThat(ServerConfig.load(Optional.of(yaml), Map.of()).revocationCache())
        .contains(dir.resolve("state/revocation"));
    assertThat(ServerConfig.load(Optional.of(yaml), Map.of("KYSO_REVOCATION_CACHE", "off")).revocationCache())
        .isEmpty();
    Path off = Files.writeString(dir.resolve("off.yaml"), "revocationCache: off\n");
    assertThat(ServerConfig.load(Optional.of(off), Map.of("HOME", "/home/kyso")).revocationCache()).isEmpty();
    assertThat(ServerConfig.load(Optional.empty(), Map.of("KYSO_REVOCATION_CACHE", "/var/cache/kyso/rev"))
        .revocationCache()).contains(Path.of("/var/cache/kyso/rev"));
    // as kyso sign has it: $XDG_CACHE_HOME/kyso/revocation, else ~/.cache/kyso/revocation, else none
    assertThat(ServerConfig.load(Optional.empty(), Map.of("HOME", "/home/kyso", "XDG_CACHE_HOME", "/srv/cache"))
        .revocationCache()).contains(Path.of("/srv/cache/kyso/revocation"));
    assertThat(ServerConfig.load(Optional.empty(), Map.of("HOME", "/home/kyso")).revocationCache())
        .contains(Path.of("/home/kyso/.cache/kyso/revocation"));
    assertThat(ServerConfig.load(Optional.empty(), Map.of()).revocationCache()).isEmpty();
    assertThat(ServerConfig.builder().build().revocationCache()).as("the builder alone: none").isEmpty();
  }
}
