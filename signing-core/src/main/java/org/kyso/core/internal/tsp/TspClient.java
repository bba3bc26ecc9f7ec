package org.kyso.core.internal.tsp;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import org.kyso.core.internal.http.PlainHttp;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.TimestampService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RFC 3161 client: asks the TSAs of a {@link TimestampService} in order until one returns a correct answer.
 *
 * <p>An answer is accepted only when the HTTP status is 200, it parses as a TimeStampResp with status granted,
 * and its token has the message imprint and nonce of the request, the requested policy (when one is configured),
 * a TSA certificate with the critical timeStamping extended key usage, and a signature that verifies with it.
 * Anything else makes the client try the next URL. Credentials are sent as HTTP headers and never logged or put in
 * a message. Plain {@code http://} addresses reached without a proxy go through {@link PlainHttp} (kept-alive
 * connections, bounded answers); {@code https://} and proxied ones through the JDK's HttpClient, made on first use.
 * Both bound the exchange by connect + read timeout and the answer by {@value #MAX_RESPONSE_BYTES} bytes. Thread-safe.
 */
public final class TspClient {
  private static final Logger LOG = LoggerFactory.getLogger(TspClient.class);
  /** A TimeStampResp is a few kilobytes; refuse anything absurdly large. */
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  private final TimestampService service;
  /** For {@code http://} addresses reached directly: kept-alive connections, little processor time per request. */
  private final PlainHttp plain;
  /** For {@code https://} addresses and those reached through a proxy: made on first use. */
  private volatile HttpClient http;
  private final SecureRandom random = new SecureRandom();
  /** The TSA certificates' checks that do not change from token to token, done once per certificate. */
  private final TsaCertificates.Verifiers verifiers = new TsaCertificates.Verifiers();

  public TspClient(TimestampService service) {
    this.service = Objects.requireNonNull(service, "service");
    this.plain = new PlainHttp(service.connectTimeout(), service.readTimeout(), MAX_RESPONSE_BYTES);
  }

  private HttpClient http() {
    HttpClient h = http;
    if (h == null) {
      synchronized (this) {
        h = http;
        if (h == null) {
          h = HttpClient.newBuilder()
              .connectTimeout(service.connectTimeout())
              .followRedirects(HttpClient.Redirect.NEVER)
              .version(HttpClient.Version.HTTP_1_1)
              .build();
          http = h;
        }
      }
    }
    return h;
  }

  /** Whether {@code url} is plain HTTP reached without a proxy (the JDK's proxy selector, as its HttpClient asks). */
  private static boolean plain(URI url) {
    return PlainHttp.reachesDirectly(url);
  }

  /** A correct answer of one TSA. */
  public record Stamp(URI tsa, byte[] response, TimeStampToken token) {
    /** The token alone (a CMS ContentInfo), DER-encoded, as embedded in signatures. */
    public byte[] tokenDer() {
      try {
        return token.getEncoded("DER");
      } catch (IOException e) {
        throw new IllegalStateException("cannot encode the timestamp token", e);
      }
    }

    public Instant genTime() {
      return token.getTimeStampInfo().getGenTime().toInstant();
    }
  }

  /**
   * Timestamps a digest.
   *
   * @param digestOid the OID of the algorithm {@code digest} was computed with
   * @throws ServiceUnavailableException if no TSA gave a correct answer; the message names the TSAs tried and why
   *     each failed
   */
  public Stamp timestamp(String digestOid, byte[] digest) throws ServiceUnavailableException {
    Objects.requireNonNull(digestOid, "digestOid");
    Objects.requireNonNull(digest, "digest");
    List<String> failures = new ArrayList<>();
    for (URI url : service.urls()) {
      try {
        Stamp s = ask(url, new ASN1ObjectIdentifier(digestOid), digest);
        LOG.debug("Timestamp obtained from {}", display(url));
        return s;
      } catch (TsaFailure f) {
        LOG.warn("The timestamp authority {} failed: {}", display(url), f.getMessage());
        failures.add(display(url) + " (" + f.getMessage() + ")");
      }
    }
    throw new ServiceUnavailableException("No timestamp authority gave a valid answer: " + String.join("; ", failures)
        + ". Check the TSA addresses and the network, or try again later.");
  }

  private Stamp ask(URI url, ASN1ObjectIdentifier digestOid, byte[] digest) throws TsaFailure {
    TimeStampRequestGenerator gen = new TimeStampRequestGenerator();
    gen.setCertReq(true);
    service.policyOid().ifPresent(p -> gen.setReqPolicy(new ASN1ObjectIdentifier(p)));
    BigInteger nonce = new BigInteger(63, random);
    TimeStampRequest request = gen.generate(digestOid, digest, nonce);
    byte[] body;
    try {
      body = request.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a timestamp request", e);
    }
    byte[] answer = post(url, body);
    TimeStampResponse response;
    try {
      response = new TimeStampResponse(answer);
    } catch (TSPException | IOException | RuntimeException e) {
      throw new TsaFailure("the answer is not a timestamp response");
    }
    int status = response.getStatus();
    if (status != 0 && status != 1) {
      String text = response.getStatusString();
      String name = switch (status) {
        case 2 -> "rejection";
        case 3 -> "waiting";
        case 4 -> "revocationWarning";
        case 5 -> "revocationNotification";
        default -> "status " + status;
      };
      throw new TsaFailure("the request was refused (" + name + (text != null ? ": " + clip(text) : "") + ")");
    }
    TimeStampToken token = response.getTimeStampToken();
    if (token == null) {
      throw new TsaFailure("the answer holds no timestamp token");
    }
    var info = token.getTimeStampInfo();
    if (!digestOid.equals(info.getMessageImprintAlgOID())
        || !MessageDigest.isEqual(digest, info.getMessageImprintDigest())) {
      throw new TsaFailure("the token timestamps another message imprint than the one sent");
    }
    if (!nonce.equals(info.getNonce())) {
      throw new TsaFailure("the token does not carry the nonce sent");
    }
    if (service.policyOid().isPresent() && !service.policyOid().get().equals(info.getPolicy().getId())) {
      throw new TsaFailure("the token has policy " + info.getPolicy().getId() + " instead of "
          + service.policyOid().get());
    }
    try {
      verifiers.verifyToken(token);
    } catch (TsaCertificates.BadToken e) {
      throw new TsaFailure(e.getMessage());
    }
    return new Stamp(display(url), answer, token);
  }

  private byte[] post(URI url, byte[] body) throws TsaFailure {
    if (plain(url)) {
      if (Thread.currentThread().isInterrupted()) {
        throw new TsaFailure("interrupted"); // as the JDK client's wait says it; blocking socket reads ignore interrupts
      }
      String auth = authorization().orElse(null);
      PlainHttp.Response r;
      try {
        r = auth == null
            ? plain.post(url, body, "Content-Type", "application/timestamp-query", "Accept",
                "application/timestamp-reply")
            : plain.post(url, body, "Content-Type", "application/timestamp-query", "Accept",
                "application/timestamp-reply", "Authorization", auth);
      } catch (PlainHttp.Failure e) {
        throw new TsaFailure(e.getMessage());
      }
      if (r.status() != 200) {
        throw new TsaFailure("HTTP " + r.status());
      }
      return r.body();
    }
    HttpRequest.Builder rb = HttpRequest.newBuilder(url)
        .timeout(service.readTimeout())
        .header("Content-Type", "application/timestamp-query")
        .header("Accept", "application/timestamp-reply")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    authorization().ifPresent(h -> rb.header("Authorization", h));
    CompletableFuture<HttpResponse<byte[]>> f = http().sendAsync(rb.build(), LimitedBody.handler(MAX_RESPONSE_BYTES));
    HttpResponse<byte[]> r;
    // the request timeout covers the wait for the headers only; bound the whole exchange as well
    Duration whole = service.connectTimeout().plus(service.readTimeout());
    try {
      r = f.get(whole.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new TsaFailure("no answer within " + whole.toSeconds() + " s");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new TsaFailure("interrupted");
    } catch (ExecutionException e) {
      throw new TsaFailure(describe(e.getCause()));
    }
    if (r.statusCode() != 200) {
      throw new TsaFailure("HTTP " + r.statusCode());
    }
    return r.body();
  }

  private static String describe(Throwable t) {
    if (t instanceof HttpConnectTimeoutException) {
      return "connection timed out";
    }
    if (t instanceof HttpTimeoutException) {
      return "no answer in time";
    }
    if (t instanceof ConnectException) {
      return "connection refused";
    }
    if (t instanceof LimitedBody.TooLarge) {
      return "the answer is too large";
    }
    if (t instanceof javax.net.ssl.SSLException) {
      return "TLS error: " + clip(String.valueOf(t.getMessage()));
    }
    if (t instanceof IOException) {
      return "network error: " + clip(String.valueOf(t.getMessage()));
    }
    return "error: " + t.getClass().getSimpleName();
  }

  private java.util.Optional<String> authorization() {
    if (service.username().isPresent()) {
      char[] pw = service.password().orElse(new char[0]);
      char[] joined = new char[service.username().get().length() + 1 + pw.length];
      service.username().get().getChars(0, service.username().get().length(), joined, 0);
      joined[service.username().get().length()] = ':';
      System.arraycopy(pw, 0, joined, service.username().get().length() + 1, pw.length);
      ByteBuffer utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(joined));
      byte[] bytes = new byte[utf8.remaining()];
      utf8.get(bytes);
      String header = "Basic " + Base64.getEncoder().encodeToString(bytes);
      Arrays.fill(pw, '\0');
      Arrays.fill(joined, '\0');
      Arrays.fill(bytes, (byte) 0);
      if (utf8.hasArray()) {
        Arrays.fill(utf8.array(), (byte) 0);
      }
      return java.util.Optional.of(header);
    }
    java.util.Optional<char[]> bearer = service.bearerToken();
    if (bearer.isPresent()) {
      char[] t = bearer.get();
      String header = "Bearer " + new String(t);
      Arrays.fill(t, '\0');
      return java.util.Optional.of(header);
    }
    return java.util.Optional.empty();
  }

  /** A URL as it may appear in messages and logs: without user info, query or fragment (they may hold secrets). */
  public static URI display(URI url) {
    try {
      return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null);
    } catch (java.net.URISyntaxException e) {
      return URI.create(url.getScheme() + "://" + url.getHost());
    }
  }

  private static String clip(String s) {
    String l = s.strip().lines().findFirst().orElse("");
    return l.length() > 120 ? l.substring(0, 120) + "…" : l;
  }

  /** One TSA's failure; the message is a short reason, without secrets. */
  static final class TsaFailure extends Exception {
    private static final long serialVersionUID = 1L;

    TsaFailure(String message) {
      super(message, null, false, false);
    }
  }
}
