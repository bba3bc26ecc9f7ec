package org.kyso.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Downloads the pinned certificates of a trust profile from their official addresses into a {@link TrustStore},
 * keeping only those whose SHA-256 fingerprint is the one kyso pins ({@link TrustPin}).
 *
 * <p>Everything is downloaded and checked before anything is written; each certificate is then written atomically,
 * so a refused or unreachable certificate leaves nothing behind and the others are installed whole. A download
 * whose certificate has another fingerprint is refused with a sentence naming both fingerprints.
 *
 * <pre>{@code
 * TrustUpdate.Result r = TrustUpdate.builder(TrustStore.defaultStore()).profile(TrustProfile.VN).build().run();
 * r.installed(); r.refused(); r.unreachable();
 * }</pre>
 *
 * <p>For {@code vn-gov} it also reads the government certificate trust list ({@link #GOVERNMENT_CTL}, a Microsoft
 * CTL): accepted only when its CMS signature verifies and its signer is, or chains to, a pinned certificate (one
 * downloaded in the same run or already in the store); the CA certificates it carries and lists are then installed
 * into {@code vn-gov}. A list that cannot be downloaded is noted, not an error; one that fails those checks is
 * refused and nothing from it is installed.
 */
public final class TrustUpdate {
  /** The government CA's certificate trust list. */
  public static final URI GOVERNMENT_CTL = URI.create("http://ca.gov.vn/pki/pub/ctl/gca.ctl");
  private static final int MAX_BYTES = 1 << 20;
  private final TrustStore store;
  private final TrustProfile profile;
  private final Optional<URI> mirror;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  private TrustUpdate(Builder b) {
    this.store = b.store;
    this.profile = b.profile;
    this.mirror = Optional.ofNullable(b.mirror);
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
  }

  public static Builder builder(TrustStore store) {
    return new Builder(store);
  }

  /** A certificate installed (or already present, unchanged). */
  public record Installed(TrustPin pin, URI from, boolean alreadyPresent) {}

  /** A pin that was not installed, and why, in one sentence. */
  public record Problem(TrustPin pin, String sentence) {}

  /** A certificate installed from the government trust list. */
  public record Listed(X509Certificate certificate, boolean alreadyPresent) {}

  /**
   * What became of the government trust list.
   *
   * @param accepted true when it was downloaded and its signature chained to a pinned certificate
   * @param sentence what happened, in one sentence (empty when accepted)
   * @param installed the certificates installed from it
   */
  public record TrustList(boolean accepted, Optional<String> sentence, List<Listed> installed) {
    public TrustList {
      Objects.requireNonNull(sentence, "sentence");
      installed = List.copyOf(installed);
    }

    /** True when the list was downloaded but refused (bad signature, signer not pinned, not a list). */
    public boolean refused() {
      return !accepted && sentence.isPresent() && sentence.get().contains("was refused");
    }
  }

  /**
   * What an update did.
   *
   * @param installed certificates now in the store
   * @param refused downloads whose certificate did not match its pin (nothing written for them)
   * @param unreachable pins that could not be downloaded, or have no official address
   */
  public record Result(List<Installed> installed, List<Problem> refused, List<Problem> unreachable,
      Optional<TrustList> trustList) {
    public Result {
      installed = List.copyOf(installed);
      refused = List.copyOf(refused);
      unreachable = List.copyOf(unreachable);
      Objects.requireNonNull(trustList, "trustList");
    }
  }

  /**
   * Downloads, checks and installs.
   *
   * @throws FileAccessException if the store cannot be written (certificates already written stay whole)
   */
  public Result run() throws KysoException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    List<Problem> refused = new ArrayList<>();
    List<Problem> unreachable = new ArrayList<>();
    List<X509Certificate> good = new ArrayList<>();
    List<TrustPin> goodPins = new ArrayList<>();
    List<URI> goodFrom = new ArrayList<>();
    for (TrustPin pin : profile.pins()) {
      if (pin.url().isEmpty()) {
        unreachable.add(new Problem(pin, "\"" + pin.name() + "\" has no official download address; install it with"
            + " 'kyso trust import FILE' after comparing its fingerprint " + TrustPin.colons(pin.sha256()) + "."));
        continue;
      }
      URI official = pin.url().get();
      URI from = address(official);
      byte[] body;
      try {
        body = download(http, from);
      } catch (IOException e) {
        unreachable.add(new Problem(pin, "\"" + pin.name() + "\" could not be downloaded from " + official + " ("
            + why(e) + "); nothing was installed for it."));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceUnavailableException("The trust update was interrupted; nothing more was installed.", e);
      }
      List<X509Certificate> certs;
      try {
        certs = parse(body);
      } catch (Exception e) {
        refused.add(new Problem(pin, "The file downloaded from " + official + " is not a certificate; \""
            + pin.name() + "\" was not installed."));
        continue;
      }
      X509Certificate match = null;
      for (X509Certificate c : certs) {
        if (TrustPin.sha256(c).equals(pin.sha256())) {
          match = c;
        }
      }
      if (match == null) {
        String got = certs.isEmpty() ? "no certificate" : "SHA-256 " + TrustPin.colons(TrustPin.sha256(certs.get(0)));
        refused.add(new Problem(pin, "The certificate downloaded from " + official + " has " + got
            + ", not the pinned " + TrustPin.colons(pin.sha256()) + " of \"" + pin.name()
            + "\"; it was refused and nothing was installed for it."));
        continue;
      }
      good.add(match);
      goodPins.add(pin);
      goodFrom.add(official);
    }
    List<String> present = new ArrayList<>();
    for (TrustStore.Entry e : store.entries()) {
      present.add(e.profile().label() + "/" + e.sha256());
    }
    List<Installed> installed = new ArrayList<>();
    for (int i = 0; i < good.size(); i++) {
      TrustPin pin = goodPins.get(i);
      boolean already = present.contains(pin.profile().label() + "/" + pin.sha256());
      store.add(good.get(i), pin.profile(), goodFrom.get(i).toString());
      installed.add(new Installed(pin, goodFrom.get(i), already));
    }
    Optional<TrustList> list = Optional.empty();
    if (profile.includes(TrustProfile.VN_GOV)) {
      list = Optional.of(trustList(http, good));
    }
    return new Result(installed, refused, unreachable, list);
  }

  private TrustList trustList(HttpClient http, List<X509Certificate> downloaded) throws KysoException {
    byte[] body;
    try {
      body = download(http, address(GOVERNMENT_CTL));
    } catch (IOException e) {
      return new TrustList(false, Optional.of("The government trust list " + GOVERNMENT_CTL + " could not be downloaded ("
          + why(e) + "); the certificates above come from their own addresses."), List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("The trust update was interrupted; nothing more was installed.", e);
    }
    List<X509Certificate> pinned = new ArrayList<>(downloaded);
    List<String> present = new ArrayList<>();
    for (TrustStore.Entry e : store.entries()) {
      if (e.pinned()) {
        pinned.add(e.certificate());
      }
      present.add(e.profile().label() + "/" + e.sha256());
    }
    org.kyso.core.internal.trust.CertificateTrustList.Verified v;
    try {
      v = org.kyso.core.internal.trust.CertificateTrustList.read(body, pinned);
    } catch (IllegalArgumentException e) {
      return new TrustList(false, Optional.of("The government trust list downloaded from " + GOVERNMENT_CTL
          + " was refused: " + e.getMessage() + "; nothing from it was installed."), List.of());
    }
    List<Listed> out = new ArrayList<>();
    String source = "listed in " + GOVERNMENT_CTL + " (signed by " + v.signer().getSubjectX500Principal().getName()
        + ")";
    for (X509Certificate c : v.certificates()) {
      boolean already = present.contains(TrustProfile.VN_GOV.label() + "/" + TrustPin.sha256(c));
      if (!already) {
        store.add(c, TrustProfile.VN_GOV, source);
      }
      out.add(new Listed(c, already));
    }
    return new TrustList(true, Optional.empty(), out);
  }

  /** The official address, or the same path under the mirror: {@code mirror/host/path}. */
  private URI address(URI official) {
    if (mirror.isEmpty()) {
      return official;
    }
    String base = mirror.get().toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + official.getHost() + official.getRawPath());
  }

  /**
   * Why a download failed, in words. The JDK's HTTP client throws some failures (a refused or unreachable
   * connection) without a message of their own, which printed as "(null)".
   */
  static String why(IOException e) {
    if (e instanceof java.net.http.HttpConnectTimeoutException) {
      return "connection timed out";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer in time";
    }
    if (e instanceof java.net.UnknownHostException) {
      return "unknown host" + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        String m = t.getMessage().strip();
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
      }
    }
    return e instanceof java.net.ConnectException ? "connection refused" : "network error";
  }

  private byte[] download(HttpClient http, URI from) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(from).timeout(readTimeout).GET().build();
    HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = res.body()) {
      if (res.statusCode() != 200) {
        throw new IOException("HTTP " + res.statusCode());
      }
      byte[] b = in.readNBytes(MAX_BYTES + 1);
      if (b.length > MAX_BYTES) {
        throw new IOException("larger than 1 MiB");
      }
      return b;
    }
  }

  private static List<X509Certificate> parse(byte[] body) throws Exception {
    List<X509Certificate> out = new ArrayList<>();
    for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(body))) {
      out.add((X509Certificate) c);
    }
    return out;
  }

  /** Builds a {@link TrustUpdate}. */
  public static final class Builder {
    private final TrustStore store;
    private TrustProfile profile = TrustProfile.VN;
    private URI mirror;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration readTimeout = Duration.ofSeconds(120);

    private Builder(TrustStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The profile to update ({@code vn} by default: both hierarchies). */
    public Builder profile(TrustProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * Downloads from a mirror instead of the official addresses: {@code http://ca.gov.vn/pki/pub/crt/x.crt} is
     * fetched from {@code <mirror>/ca.gov.vn/pki/pub/crt/x.crt}. The fingerprints are checked all the same.
     */
    public Builder mirror(URI mirror) {
      Objects.requireNonNull(mirror, "mirror");
      if (!"http".equals(mirror.getScheme()) && !"https".equals(mirror.getScheme())) {
        throw new IllegalArgumentException("A mirror is an http or https address.");
      }
      this.mirror = mirror;
      return this;
    }

    /** How long to wait for a connection (15 s by default). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d);
      return this;
    }

    /** How long to wait for a whole answer (2 minutes by default: the government servers can be slow). */
    public Builder readTimeout(Duration d) {
      this.readTimeout = positive(d);
      return this;
    }

    public TrustUpdate build() {
      return new TrustUpdate(this);
    }

    private static Duration positive(Duration d) {
      Objects.requireNonNull(d, "duration");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("A timeout must be positive.");
      }
      return d;
    }
  }
}
