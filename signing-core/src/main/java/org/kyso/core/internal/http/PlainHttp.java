package org.kyso.core.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small HTTP/1.1 client for plain {@code http://} addresses (timestamp authorities; CRL, OCSP and CA-certificate
 * addresses): one GET or POST per call on a blocking socket, connections kept alive and reused. A batch keeps
 * dozens of requests in flight, each on a thread that only waits; the JDK's {@code HttpClient} spends 2–3 ms of processor time per such request (its selector,
 * executor and futures) and loads hundreds of classes before the first, where this spends a few tens of
 * microseconds. A one-document command that fetches one CRL would otherwise start DSS's Apache client (some 360
 * classes, the JDK's trust store read for TLS it does not use): about 0.1 s of processor time.
 *
 * <p>What it guarantees against a hostile or broken server, as the JDK client is used elsewhere: the connection is
 * bounded by the connect timeout, the wait from the request to the end of the headers by the read timeout, and the
 * whole exchange by connect + read timeout (a server dripping one byte at a time cannot hold a thread longer); the status line and headers take at most {@value #MAX_HEAD_BYTES} bytes and the body at most the
 * limit given (a larger {@code Content-Length} is refused before reading it); {@code Content-Length},
 * {@code chunked} and read-to-close bodies are understood, anything else is refused; no redirect is followed. Every
 * failure is a {@link Failure} whose message is a short reason without the address's secrets. A connection is put
 * back only after a complete, well-delimited 200 answer that does not ask to close it; one idle for more than
 * {@value #IDLE_MILLIS} ms is closed instead of used; a reused connection that turns out to be closed by the server
 * before any byte of the answer is replaced by a new one once (a timestamp request may be sent twice: a second token
 * is harmless).
 *
 * <p>Thread-safe. Idle connections, at most {@value #MAX_IDLE} per address, are closed when next looked at.
 */
public final class PlainHttp {
  /** Status line and headers of an answer, at most. */
  static final int MAX_HEAD_BYTES = 16 * 1024;
  /** Idle connections kept per address, at most (a batch keeps 64 requests in flight by default). */
  static final int MAX_IDLE = 64;
  /** A connection idle longer than this is not reused: many servers close theirs after 5 s. */
  static final long IDLE_MILLIS = 4_000;

  private final int connectMillis;
  private final long readMillis;
  private final long wholeMillis;
  private final int maxBody;
  private final Map<String, ArrayDeque<Conn>> idle = new HashMap<>();

  public PlainHttp(Duration connectTimeout, Duration readTimeout, int maxBody) {
    this.connectMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis()));
    this.readMillis = Math.max(1, readTimeout.toMillis());
    this.wholeMillis = Math.max(1, connectTimeout.plus(readTimeout).toMillis());
    this.maxBody = maxBody;
  }

  /** An answer: its status and body (the body of a status other than 200 is not read). */
  public record Response(int status, byte[] body) {}

  /** Why an exchange failed: a short reason, without secrets. */
  public static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;

    Failure(String reason) {
      super(reason, null);
    }
  }

  /**
   * POSTs {@code body} to {@code url} (an {@code http} URI) with the headers given (names and values in US-ASCII,
   * without line breaks) and returns the answer.
   *
   * @throws Failure if no complete answer came: refused, timed out, too large, malformed, or the network failed
   */
  public Response post(URI url, byte[] body, String... headers) throws Failure {
    return call("POST", url, body, headers);
  }

  /**
   * GETs {@code url} (an {@code http} URI) with the headers given and returns the answer; as {@link #post}.
   *
   * @throws Failure if no complete answer came
   */
  public Response get(URI url, String... headers) throws Failure {
    return call("GET", url, null, headers);
  }

  /**
   * Whether {@code url} is a plain {@code http} address this client reaches directly: not when the JVM's proxy
   * selector sends it through a proxy (then the caller's usual client goes, which knows proxies).
   */
  public static boolean reachesDirectly(URI url) {
    if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
      return false;
    }
    ProxySelector proxies = ProxySelector.getDefault();
    if (proxies == null) {
      return true;
    }
    try {
      List<Proxy> chosen = proxies.select(url);
      return chosen == null || chosen.isEmpty() || chosen.get(0).type() == Proxy.Type.DIRECT;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Response call(String method, URI url, byte[] body, String... headers) throws Failure {
    long deadline = System.nanoTime() + wholeMillis * 1_000_000L;
    String host = url.getHost();
    if (host == null) {
      throw new Failure("the address has no host");
    }
    int port = url.getPort() < 0 ? 80 : url.getPort();
    String key = host.toLowerCase(Locale.ROOT) + ":" + port;
    byte[] head = requestHead(method, url, host, port, body == null ? -1 : body.length, headers);
    if (body == null) {
      body = new byte[0];
    }
    Conn reused = takeIdle(key);
    if (reused != null) {
      try {
        return exchange(reused, key, head, body, deadline);
      } catch (Stale e) {
        // the server closed the idle connection before reading the request: once more on a new connection
      }
    }
    Conn fresh = connect(host, port, deadline);
    try {
      return exchange(fresh, key, head, body, deadline);
    } catch (Stale e) {
      throw new Failure("the server closed the connection without answering");
    }
  }

  /** The server closed a connection before the first byte of the answer. */
  private static final class Stale extends Exception {
    private static final long serialVersionUID = 1L;

    Stale() {
      super(null, null, false, false);
    }
  }

  private Response exchange(Conn c, String key, byte[] head, byte[] body, long deadline) throws Failure, Stale {
    boolean keep = false;
    try {
      try {
        OutputStream out = c.socket.getOutputStream();
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        out.write(all);
        out.flush();
        quickAck(c.socket);
      } catch (IOException e) {
        if (c.reused) {
          throw new Stale();
        }
        throw network(e);
      }
      // the read timeout bounds the wait for the status line and headers, connect + read the whole exchange
      Reader in = new Reader(c, Math.min(deadline, System.nanoTime() + readMillis * 1_000_000L));
      Head h;
      try {
        h = readHead(in);
      } catch (EndOfStream e) {
        if (in.total == 0) {
          if (c.reused) {
            throw new Stale();
          }
          throw new Failure("the server closed the connection without answering");
        }
        throw new Failure("the server closed the connection in the middle of the answer");
      } catch (SocketTimeoutException e) {
        throw new Failure("no answer in time");
      } catch (IOException e) {
        if (c.reused && in.total == 0) {
          throw new Stale();
        }
        throw e instanceof Failure f ? f : network(e);
      }
      if (h.status != 200) {
        return new Response(h.status, new byte[0]); // not read: the connection is closed below
      }
      byte[] b;
      in.deadline = deadline;
      try {
        b = readBody(in, h);
      } catch (EndOfStream e) {
        throw new Failure("the server closed the connection in the middle of the answer");
      } catch (SocketTimeoutException e) {
        throw timeout();
      } catch (IOException e) {
        throw e instanceof Failure f ? f : network(e);
      }
      keep = h.reusable && h.delimited() && in.drained(); // bytes beyond the answer: not a connection to reuse
      return new Response(200, b);
    } finally {
      if (keep) {
        putIdle(key, c);
      } else {
        c.close();
      }
    }
  }

  private Failure timeout() {
    return new Failure("no answer within " + Math.max(1, wholeMillis / 1000) + " s");
  }

  /**
   * Asks Linux to acknowledge the answer's first segment at once (TCP_QUICKACK; elsewhere nothing). A server that
   * writes its status line and headers, then its body, in two small writes without TCP_NODELAY (the JDK's own HTTP
   * server does) holds the body until the first is acknowledged, and a delayed acknowledgement made each loopback CRL
   * fetch wait ~40 ms. The kernel leaves quick-ack mode by itself, so it is asked for after each request.
   */
  private static void quickAck(Socket s) {
    if (QUICK_ACK) {
      try {
        s.setOption(jdk.net.ExtendedSocketOptions.TCP_QUICKACK, true);
      } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
        // an optimisation only
      }
    }
  }

  private static final boolean QUICK_ACK = quickAckSupported();

  private static boolean quickAckSupported() {
    try (Socket probe = new Socket()) {
      return probe.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_QUICKACK);
    } catch (IOException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static Failure network(IOException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String line = m.strip().lines().findFirst().orElse("");
    return new Failure("network error: " + (line.length() > 120 ? line.substring(0, 120) + "…" : line));
  }

  private Conn connect(String host, int port, long deadline) throws Failure {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    Socket s = new Socket();
    try {
      InetSocketAddress address = new InetSocketAddress(bare, port);
      if (address.isUnresolved()) {
        throw new UnknownHostException(bare);
      }
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      s.connect(address, (int) Math.max(1, Math.min(connectMillis, left)));
      s.setTcpNoDelay(true); // one small request: no Nagle wait
      return new Conn(s, false);
    } catch (SocketTimeoutException e) {
      close(s);
      throw new Failure("connection timed out");
    } catch (ConnectException e) {
      close(s);
      throw new Failure("connection refused");
    } catch (UnknownHostException e) {
      close(s);
      throw new Failure("unknown host");
    } catch (IOException | IllegalArgumentException | SecurityException e) {
      close(s);
      throw e instanceof IOException io ? network(io) : new Failure("cannot connect: " + e.getClass().getSimpleName());
    }
  }

  /** The request line and headers; {@code length} -1: no body and no Content-Length (a GET). */
  private static byte[] requestHead(String method, URI url, String host, int port, int length, String[] headers)
      throws Failure {
    if (!url.toString().chars().allMatch(c -> c < 0x80)) {
      url = URI.create(url.toASCIIString()); // other characters of the path and query percent-encoded
    }
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    StringBuilder h = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
        .append(host);
    if (port != 80) {
      h.append(':').append(port);
    }
    if (length >= 0) {
      h.append("\r\nContent-Length: ").append(length);
    }
    h.append("\r\nConnection: keep-alive\r\n");
    for (int i = 0; i + 1 < headers.length; i += 2) {
      checkHeader(headers[i]);
      checkHeader(headers[i + 1]);
      h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
    }
    h.append("\r\n");
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c > 0x7E || (c < 0x20 && c != '\r' && c != '\n')) {
        throw new Failure("the request holds a character HTTP headers cannot carry");
      }
    }
    return h.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Printable US-ASCII only (a line break in a value would smuggle another header): checked before anything is sent. */
  private static void checkHeader(String text) throws Failure {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new Failure("the request holds a character HTTP headers cannot carry");
      }
    }
  }

  // ---- reading

  /** What the status line and headers said. */
  private static final class Head {
    int status;
    long contentLength = -1;
    boolean chunked;
    boolean reusable;

    boolean delimited() {
      return chunked || contentLength >= 0;
    }
  }

  /** The end of the stream came too early. */
  private static final class EndOfStream extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private Head readHead(Reader in) throws IOException {
    int headBytes = 0;
    for (int informational = 0; ; informational++) {
      String status = in.line(MAX_HEAD_BYTES - headBytes);
      headBytes += status.length() + 2;
      Head h = new Head();
      if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' '
          || (status.length() > 12 && status.charAt(12) != ' ')) {
        throw new Failure("the answer is not HTTP");
      }
      boolean http11 = status.charAt(7) == '1';
      if (!http11 && status.charAt(7) != '0') {
        throw new Failure("the answer is not HTTP");
      }
      h.status = digits(status, 9, 12, "the answer is not HTTP");
      h.reusable = http11;
      while (true) {
        String line = in.line(MAX_HEAD_BYTES - headBytes);
        headBytes += line.length() + 2;
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new Failure("the answer has a malformed header");
        }
        String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        switch (name) {
          case "content-length" -> {
            long n = number(value, "the answer has a malformed Content-Length");
            if (h.contentLength >= 0 && h.contentLength != n) {
              throw new Failure("the answer has two different Content-Length headers");
            }
            h.contentLength = n;
          }
          case "transfer-encoding" -> {
            if (!value.equalsIgnoreCase("chunked")) {
              throw new Failure("the answer uses an unsupported transfer encoding");
            }
            h.chunked = true;
          }
          case "connection" -> {
            for (String token : value.split(",")) {
              if (token.strip().equalsIgnoreCase("close")) {
                h.reusable = false;
              }
            }
          }
          default -> {
            // other headers do not matter here
          }
        }
      }
      if (h.status >= 200 || informational >= 4) {
        if (h.chunked) {
          h.contentLength = -1; // RFC 9112 6.3: chunked wins over a length
        }
        return h;
      }
      // 100 Continue and other 1xx: the real answer follows
    }
  }

  /** A decimal number of up to 18 digits (a length beyond the limit is refused by the caller, not here). */
  private static long number(String s, String error) throws Failure {
    if (s.isEmpty() || s.length() > 18) {
      throw new Failure(error);
    }
    return s.length() <= 9 ? digits(s, 0, s.length(), error)
        : digits(s, 0, s.length() - 9, error) * 1_000_000_000L + digits(s, s.length() - 9, s.length(), error);
  }

  private static int digits(String s, int from, int to, String error) throws Failure {
    if (to <= from || to - from > 9) {
      throw new Failure(error);
    }
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new Failure(error);
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private byte[] readBody(Reader in, Head h) throws IOException {
    if (h.contentLength >= 0) {
      if (h.contentLength > maxBody) {
        throw tooLarge();
      }
      byte[] b = new byte[(int) h.contentLength];
      in.readFully(b, 0, b.length);
      return b;
    }
    Body out = new Body(maxBody);
    if (h.chunked) {
      while (true) {
        String line = in.line(1_024, "the answer has a malformed chunk");
        int semi = line.indexOf(';');
        String hex = (semi >= 0 ? line.substring(0, semi) : line).strip();
        if (hex.isEmpty() || hex.length() > 7) {
          throw hex.length() > 7 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? tooLarge()
              : new Failure("the answer has a malformed chunk");
        }
        int size;
        try {
          size = Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
          throw new Failure("the answer has a malformed chunk");
        }
        if (size == 0) {
          int trailer = 0;
          for (String t; !(t = in.line(MAX_HEAD_BYTES - trailer)).isEmpty(); ) {
            trailer += t.length() + 2;
          }
          return out.bytes();
        }
        out.read(in, size);
        if (!in.line(2, "the answer has a malformed chunk").isEmpty()) {
          throw new Failure("the answer has a malformed chunk");
        }
      }
    }
    // neither: the body runs to the end of the connection
    h.reusable = false;
    while (out.readSome(in)) {
      // until the server closes
    }
    return out.bytes();
  }

  private Failure tooLarge() {
    return new Failure("the answer is too large");
  }

  /** A body being collected, refused beyond the limit. */
  private final class Body {
    private final int limit;
    private byte[] buf = new byte[8_192];
    private int size;

    Body(int limit) {
      this.limit = limit;
    }

    private final byte[] one = new byte[1];

    void read(Reader in, int n) throws IOException {
      ensure(n);
      in.readFully(buf, size, n);
      size += n;
    }

    boolean readSome(Reader in) throws IOException {
      if (size == limit) {
        if (in.readSome(one, 0, 1) < 0) {
          return false;
        }
        throw tooLarge();
      }
      ensure(1);
      int n = in.readSome(buf, size, buf.length - size);
      if (n < 0) {
        return false;
      }
      size += n;
      return true;
    }

    private void ensure(int n) throws Failure {
      if ((long) size + n > limit) {
        throw tooLarge();
      }
      if (size + n > buf.length) {
        byte[] b = new byte[(int) Math.min(limit, Math.max((long) size + n, 2L * buf.length))];
        System.arraycopy(buf, 0, b, 0, size);
        buf = b;
      }
    }

    byte[] bytes() {
      byte[] b = new byte[size];
      System.arraycopy(buf, 0, b, 0, size);
      return b;
    }
  }

  /** Buffered reads from a connection, each bounded by the exchange's deadline. */
  private final class Reader {
    private final Conn conn;
    long deadline;
    private final byte[] buf = new byte[8_192];
    private int pos;
    private int lim;
    /** Bytes received so far. */
    long total;

    Reader(Conn conn, long deadline) {
      this.conn = conn;
      this.deadline = deadline;
    }

    private boolean fill() throws IOException {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        throw new SocketTimeoutException();
      }
      conn.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
      InputStream in = conn.socket.getInputStream();
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        return false;
      }
      pos = 0;
      lim = n;
      total += n;
      return true;
    }

    /** Whether every byte received was read. */
    boolean drained() {
      return pos == lim;
    }

    /** One line without its CRLF (or LF), at most {@code max} bytes. */
    String line(int max) throws IOException {
      return line(max, "the answer's headers are too long");
    }

    /** One line without its CRLF (or LF); longer than {@code max} bytes: a failure saying {@code tooLong}. */
    String line(int max, String tooLong) throws IOException {
      StringBuilder s = new StringBuilder(64);
      while (true) {
        if (pos == lim && !fill()) {
          throw new EndOfStream();
        }
        byte b = buf[pos++];
        if (b == '\n') {
          int end = s.length();
          if (end > 0 && s.charAt(end - 1) == '\r') {
            s.setLength(end - 1);
          }
          return s.toString();
        }
        if (s.length() >= max) {
          throw new Failure(tooLong);
        }
        s.append((char) (b & 0xFF));
      }
    }

    void readFully(byte[] b, int off, int n) throws IOException {
      while (n > 0) {
        int r = readSome(b, off, n);
        if (r < 0) {
          throw new EndOfStream();
        }
        off += r;
        n -= r;
      }
    }

    int readSome(byte[] b, int off, int n) throws IOException {
      if (pos == lim && !fill()) {
        return -1;
      }
      int r = Math.min(n, lim - pos);
      System.arraycopy(buf, pos, b, off, r);
      pos += r;
      return r;
    }
  }

  // ---- connections

  /** One connection; {@code reused} when it served an answer before. */
  private static final class Conn {
    final Socket socket;
    final boolean reused;
    long idleSince;

    Conn(Socket socket, boolean reused) {
      this.socket = socket;
      this.reused = reused;
    }

    void close() {
      PlainHttp.close(socket);
    }
  }

  private Conn takeIdle(String key) {
    long now = System.nanoTime();
    Conn found = null;
    ArrayDeque<Conn> expired = new ArrayDeque<>();
    synchronized (idle) {
      ArrayDeque<Conn> q = idle.get(key);
      while (q != null && !q.isEmpty()) {
        Conn c = q.pollLast(); // the most recently used: the least likely to have been closed by the server
        if (now - c.idleSince > IDLE_MILLIS * 1_000_000L) {
          expired.add(c);
          expired.addAll(q); // older still
          q.clear();
        } else {
          found = c;
        }
        if (found != null) {
          break;
        }
      }
    }
    expired.forEach(Conn::close);
    return found == null ? null : new Conn(found.socket, true);
  }

  private void putIdle(String key, Conn c) {
    c.idleSince = System.nanoTime();
    Conn dropped = null;
    synchronized (idle) {
      ArrayDeque<Conn> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
      q.addLast(c);
      if (q.size() > MAX_IDLE) {
        dropped = q.pollFirst();
      }
    }
    if (dropped != null) {
      dropped.close();
    }
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
