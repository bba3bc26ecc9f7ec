package org.kyso.core.internal.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.devpki.DevPki;
import org.kyso.core.testing.TestPki;

/**
 * The on-disk revocation cache of the pre-signing check: a later process (a new {@link RevocationSources} on the
 * same folder) reuses a CRL or OCSP answer still valid instead of asking the CA's loopback server again; expired,
 * damaged and foreign files are never used; the folder stays within its bounds.
 */
class RevocationDiskCacheTest {
  @TempDir
  Path dir;

  private RevocationSources sources(Path folder, Clock clock) {
    return RevocationSources.builder().clock(clock).cache(DiskRevocationCache.in(folder)).build();
  }

  private static long files(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.toString().endsWith(".rev")).count();
    }
  }

  @Test
  void aLaterProcessReusesTheCrlAndTheOcspAnswerWithoutTheNetwork() throws Exception {
    try (TestPki crl = TestPki.start(); TestPki ocsp = TestPki.startWithOcsp()) {
      for (TestPki pki : List.of(crl, ocsp)) {
        Path folder = dir.resolve(pki == crl ? "crl" : "ocsp");
        DevPki.Identity an = pki.pki().person("Nguyễn Văn An");
        Clock clock = Clock.systemUTC();
        RevocationSources first = sources(folder, clock);
        var outcome = PreSigningCheck.using(first).check(an.certificate(), an.chain(), List.of(), Instant.now());
        assertThat(outcome.status()).isEqualTo(PreSigningCheck.Status.GOOD);
        int asked = pki == crl ? pki.crlRequests() : pki.ocspRequests();
        assertThat(asked).isPositive();
        assertThat(files(folder)).isPositive();

        RevocationSources later = sources(folder, clock);
        var again = PreSigningCheck.using(later).check(an.certificate(), an.chain(), List.of(), Instant.now());
        assertThat(again.status()).isEqualTo(PreSigningCheck.Status.GOOD);
        assertThat(again.source()).isEqualTo(outcome.source());
        assertThat(pki == crl ? pki.crlRequests() : pki.ocspRequests()).as("no new request").isEqualTo(asked);
        assertThat(later.cacheHits()).isPositive();

        // after the answer's nextUpdate (a week for the CRL, a day for OCSP) the network is asked again
        Clock afterNextUpdate = Clock.offset(clock, Duration.ofDays(8));
        RevocationSources stale = sources(folder, afterNextUpdate);
        try {
          PreSigningCheck.using(stale).check(an.certificate(), an.chain(), List.of(), Instant.now());
        } catch (SignerCertificateException e) {
          // the loopback CA's answer may look stale to this clock; what matters is that it was asked
        }
        assertThat(stale.cacheHits()).isZero();
        assertThat(pki == crl ? pki.crlRequests() : pki.ocspRequests()).isGreaterThan(asked);
      }
    }
  }

  @Test
  void aCachedAnswerIsCheckedAgainAndARevocationIsStillSeen() throws Exception {
    try (TestPki ocsp = TestPki.startWithOcsp()) {
      Path folder = dir.resolve("revoked");
      DevPki.Identity an = ocsp.pki().person("Nguyễn Văn An");
      ocsp.revoke(an.certificate(), Instant.now().minusSeconds(3600));
      assertThatThrownBy(() -> PreSigningCheck.using(sources(folder, Clock.systemUTC()))
          .check(an.certificate(), an.chain(), List.of(), Instant.now()))
          .isInstanceOf(SignerCertificateException.class).hasMessageContaining("revoked");
      int asked = ocsp.ocspRequests();
      RevocationSources later = sources(folder, Clock.systemUTC());
      assertThatThrownBy(() -> PreSigningCheck.using(later)
          .check(an.certificate(), an.chain(), List.of(), Instant.now()))
          .isInstanceOf(SignerCertificateException.class).hasMessageContaining("revoked");
      assertThat(ocsp.ocspRequests()).isEqualTo(asked);
      assertThat(later.cacheHits()).isEqualTo(1);
    }
  }

  @Test
  void aDamagedCacheFileIsIgnoredAndTheNetworkAsked() throws Exception {
    try (TestPki crl = TestPki.start()) {
      Path folder = dir.resolve("damaged");
      DevPki.Identity an = crl.pki().person("Nguyễn Văn An");
      PreSigningCheck.using(sources(folder, Clock.systemUTC())).check(an.certificate(), an.chain(), List.of(),
          Instant.now());
      try (Stream<Path> s = Files.list(folder)) {
        for (Path f : s.filter(p -> p.toString().endsWith(".rev")).toList()) {
          byte[] b = Files.readAllBytes(f);
          b[b.length - 10] ^= 0x55; // inside the CRL's signature
          Files.write(f, b);
        }
      }
      int asked = crl.crlRequests();
      RevocationSources later = sources(folder, Clock.systemUTC());
      var outcome = PreSigningCheck.using(later).check(an.certificate(), an.chain(), List.of(), Instant.now());
      // the damaged CRL fails its signature check, so the answer comes from the network
      assertThat(outcome.status()).isEqualTo(PreSigningCheck.Status.GOOD);
      assertThat(later.cacheHits()).isZero();
      assertThat(crl.crlRequests()).isGreaterThan(asked);
    }
  }

  @Test
  void anotherCasCrlAtTheSameAddressIsNotTaken() throws Exception {
    Path folder = dir.resolve("two-cas");
    try (TestPki first = TestPki.start()) {
      DevPki.Identity an = first.pki().person("Nguyễn Văn An");
      PreSigningCheck.using(sources(folder, Clock.systemUTC())).check(an.certificate(), an.chain(), List.of(),
          Instant.now());
    }
    // the cache is keyed by issuer as well as address: a new CA (even on a reused port) gets its own entry
    try (TestPki second = TestPki.start()) {
      DevPki.Identity binh = second.pki().person("Trần Thị Bình");
      RevocationSources later = sources(folder, Clock.systemUTC());
      var outcome = PreSigningCheck.using(later).check(binh.certificate(), binh.chain(), List.of(), Instant.now());
      assertThat(outcome.status()).isEqualTo(PreSigningCheck.Status.GOOD);
      assertThat(later.cacheHits()).isZero();
      assertThat(second.crlRequests()).isPositive();
    }
  }

  @Test
  void theFolderKeepsWithinItsBoundsAndRefusesForeignOrExpiredFiles() throws Exception {
    Path folder = dir.resolve("bounded");
    DiskRevocationCache cache = DiskRevocationCache.in(folder, 5, 1 << 20);
    Instant now = Instant.parse("2026-12-06T00:00:00Z");
    for (int i = 0; i < 12; i++) {
      cache.put("k" + i, ("answer " + i).getBytes(StandardCharsets.US_ASCII), now.plusSeconds(60));
    }
    assertThat(files(folder)).isLessThanOrEqualTo(5);
    assertThat(cache.get("k11", now)).hasValueSatisfying(b ->
        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("answer 11"));
    assertThat(cache.get("k11", now.plusSeconds(60))).as("expired at nextUpdate").isEmpty();
    assertThat(cache.get("k11", now)).as("and deleted").isEmpty();

    // too large for the bounds: not kept
    DiskRevocationCache small = DiskRevocationCache.in(dir.resolve("small"), 5, 4096);
    small.put("big", new byte[2000], now.plusSeconds(60));
    assertThat(small.get("big", now)).isEmpty();

    // a file whose stored key is another's (a copy, a collision) or that is not a cache file is not used
    cache.put("a", new byte[] {1}, now.plusSeconds(60));
    cache.put("b", new byte[] {2}, now.plusSeconds(60));
    Path a = fileOf(folder, "a");
    Path b = fileOf(folder, "b");
    Files.copy(b, a, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(cache.get("a", now)).isEmpty();
    Files.writeString(b, "garbage");
    assertThat(cache.get("b", now)).isEmpty();
    assertThat(Files.exists(b)).as("a damaged file is deleted").isFalse();

    // a file one byte short or one byte long (an interrupted copy, an append) is not used either
    for (int delta : new int[] {-1, 1}) {
      cache.put("c", new byte[] {1, 2, 3, 4}, now.plusSeconds(60));
      Path c = fileOf(folder, "c");
      Files.write(c, java.util.Arrays.copyOf(Files.readAllBytes(c), (int) Files.size(c) + delta));
      assertThat(cache.get("c", now)).as("length %+d", delta).isEmpty();
      assertThat(Files.exists(c)).isFalse();
    }
  }

  private static Path fileOf(Path folder, String key) throws Exception {
    byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    return folder.resolve(java.util.HexFormat.of().formatHex(h) + ".rev");
  }

  @Test
  void anUnwritableFolderIsAnEmptyCache() throws Exception {
    Path blocked = dir.resolve("blocked");
    Files.writeString(blocked, "a file where the folder should be");
    DiskRevocationCache cache = DiskRevocationCache.in(blocked.resolve("cache"));
    cache.put("k", new byte[] {1, 2, 3}, Instant.now().plusSeconds(60));
    assertThat(cache.get("k", Instant.now())).isEmpty();
  }
}
