package org.kyso.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The plain HTTP client against real sockets on 127.0.0.1, with servers that misbehave on purpose. */
class PlainHttpTest {
  private static final byte[] BODY = "query".getBytes(StandardCharsets.US_ASCII);
  private Server server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static PlainHttp client(int maxBody) {
    return new PlainHttp(Duration.ofSeconds(2), Duration.ofSeconds(3), maxBody);
  }

  @Test
  void keepsOneConnectionForSuccessiveRequestsAndSendsPathQueryAndLength() throws Exception {
    server = Server.start((request, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nanswer"));
      return true;
    });
    PlainHttp http = client(1 << 20);
    for (int i = 0; i < 5; i++) {
      PlainHttp.Response r = http.post(server.url("/tsa?x=1"), BODY, "Content-Type", "application/timestamp-query");
      assertThat(r.status()).isEqualTo(200);
      assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("answer");
    }
    assertThat(server.connections.get()).isEqualTo(1);
    String head = server.requests.get(0);
    assertThat(head).startsWith("POST /tsa?x=1 HTTP/1.1\r\n").contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
        .contains("\r\nContent-Length: 5\r\n").contains("\r\nContent-Type: application/timestamp-query\r\n");
  }

  @Test
  void readsChunkedAndReadToCloseBodies() throws Exception {
    server = Server.start((request, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
      return true;
    });
    assertThat(client(1 << 20).post(server.url("/"), BODY).body()).isEqualTo(ascii("abcde"));
    server.close();
    server = Server.start((request, out) -> {
      out.write(ascii("HTTP/1.0 200 OK\r\n\r\nuntil the end"));
      return false;
    });
    PlainHttp http = client(1 << 20);
    assertThat(http.post(server.url("/"), BODY).body()).isEqualTo(ascii("until the end"));
    assertThat(http.post(server.url("/"), BODY).body()).isEqualTo(ascii("until the end"));
    assertThat(server.connections.get()).as("a body read to the close is not followed by a reuse").isEqualTo(2);
  }

  @Test
  void refusesALargerContentLengthThanTheLimitBeforeReadingIt() throws Exception {
    server = Server.start((request, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2000000000\r\n\r\nabc"));
      return true;
    });
    assertThatThrownBy(() -> client(1_000).post(server.url("/"), BODY))
        .isInstanceOf(PlainHttp.Failure.class).hasMessage("the answer is too large");
  }

  @Test
  void refusesChunkedAndReadToCloseBodiesBeyondTheLimit() throws Exception {
    server = Server.start((request, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
      for (int i = 0; i < 20; i++) {
        out.write(ascii("64\r\n" + "x".repeat(100) + "\r\n"));
      }
      out.write(ascii("0\r\n\r\n"));
      return true;
    });
    assertThatThrownBy(() -> client(1_000).post(server.url("/"), BODY))
        .isInstanceOf(PlainHttp.Failure.class).hasMessage("the answer is too large");
    server.close();
    server = Server.start((request, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + "y".repeat(1_001)));
      return false;
    });
    assertThatThrownBy(() -> client(1_000).post(server.url("/"), BODY))
        .isInstanceOf(PlainHttp.Failure.class).hasMessage("the answer is too large");
  }

  @Test
  void refusesEndlessHeaders() throws Exception {
    server = Server.start((request, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\n"));
      for (int i = 0; i < 2_000; i++) {
        out.write(ascii("X-Filler-" + i + ": " + "z".repeat(40) + "\r\n"));
      }
      return false;
    });
    assertThatThrownBy(() -> client(1 << 20).post(server.url("/"), BODY))
        .isInstanceOf(PlainHttp.Failure.class).hasMessage("the answer's headers are too long");
  }

  @Test
  void aServerDrippingTheAnswerIsCutOffAtTheWholeExchangeBound() throws Exception {
    server = Server.start((request, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));
      out.flush();
      for (int i = 0; i < 1_000; i++) { // would take 100 s
        out.write('a');
        out.flush();
        Thread.sleep(100);
      }
      return true;
    });
    PlainHttp http = new PlainHttp(Duration.ofMillis(200), Duration.ofMillis(400), 1 << 20);
    assertThatThrownBy(() -> http.post(server.url("/"), BODY))
        .isInstanceOf(PlainHttp.Failure.class).hasMessageStartingWith("no answer within");
  }

  @Test
  void aServerThatNeverAnswersIsCutOffAtTheReadTimeout() throws Exception {
    server = Server.start((request, out) -> {
      Thread.sleep(30_000);
      return false;
    });
    PlainHttp http = new PlainHttp(Duration.ofSeconds(5), Duration.ofMillis(300), 1 << 20);
    assertThatThrownBy(() -> http.post(server.url("/"), BODY))
        .isInstanceOf(PlainHttp.Failure.class).hasMessage("no answer in time");
  }

  @Test
  void refusesWhatIsNotHttpOrIsMalformed() throws Exception {
    for (String answer : List.of("SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcde",
        "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")) {
      server = Server.start((request, out) -> {
        out.write(ascii(answer));
        return false;
      });
      assertThatThrownBy(() -> client(1 << 20).post(server.url("/"), BODY)).as(answer)
          .isInstanceOf(PlainHttp.Failure.class).hasMessageStartingWith("the answer");
      server.close();
    }
    server = null;
  }

  @Test
  void aConnectionClosedInTheMiddleOfTheAnswerFails() throws Exception {
    server = Server.start((request, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part"));
      return false;
    });
    assertThatThrownBy(() -> client(1 << 20).post(server.url("/"), BODY))
        .isInstanceOf(PlainHttp.Failure.class)
        .hasMessage("the server closed the connection in the middle of the answer");
  }

  @Test
  void anotherStatusIsReturnedAndItsConnectionNotReused() throws Exception {
    server = Server.start((request, out) -> {
      out.write(ascii("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops"));
      return true;
    });
    PlainHttp http = client(1 << 20);
    assertThat(http.post(server.url("/"), BODY).status()).isEqualTo(500);
    assertThat(http.post(server.url("/"), BODY).status()).isEqualTo(500);
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void anIdleConnectionTheServerClosedIsReplacedOnce() throws Exception {
    AtomicInteger answered = new AtomicInteger();
    server = Server.start((request, out) -> {
      // keep-alive promised, then the connection is closed after each answer (a server's idle timeout)
      answered.incrementAndGet(); // before the answer leaves: the client may check right after reading it
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
      return false;
    });
    PlainHttp http = client(1 << 20);
    assertThat(http.post(server.url("/"), BODY).body()).isEqualTo(ascii("ok"));
    Thread.sleep(100); // the close reaches the client's socket
    assertThat(http.post(server.url("/"), BODY).body()).isEqualTo(ascii("ok"));
    assertThat(answered.get()).isEqualTo(2);
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void neverSendsAHeaderValueWithALineBreak() throws Exception {
    server = Server.start((request, out) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
      return true;
    });
    assertThatThrownBy(() -> client(1 << 20).post(server.url("/"), BODY, "Authorization",
        "Bearer abc\r\nX-Injected: yes")).isInstanceOf(PlainHttp.Failure.class)
        .hasMessage("the request holds a character HTTP headers cannot carry")
        .message().doesNotContain("abc");
    assertThat(server.connections.get()).isZero();
  }

  @Test
  void aRefusedConnectionSaysSo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> client(1 << 20).post(URI.create("http://127.0.0.1:" + port + "/tsa"), BODY))
        .isInstanceOf(PlainHttp.Failure.class).hasMessage("connection refused");
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** What a test server does with one request: writes its answer; true to keep the connection for another. */
  @FunctionalInterface
  interface Handler {
    boolean answer(String requestHead, OutputStream out) throws Exception;
  }

  /** A server on 127.0.0.1 that reads each request (head and Content-Length body) and lets the handler answer. */
  static final class Server implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<Socket> open = new CopyOnWriteArrayList<>();
    final Handler handler;

    private Server(Handler handler) throws IOException {
      this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      this.handler = handler;
    }

    static Server start(Handler handler) throws IOException {
      Server s = new Server(handler);
      Thread t = new Thread(s::accept, "plain-http-test-server");
      t.setDaemon(true);
      t.start();
      return s;
    }

    int port() {
      return socket.getLocalPort();
    }

    URI url(String path) {
      return URI.create("http://127.0.0.1:" + port() + path);
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket c = socket.accept();
          connections.incrementAndGet();
          open.add(c);
          Thread t = new Thread(() -> serve(c), "plain-http-test-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket c) {
      try (c) {
        InputStream in = c.getInputStream();
        OutputStream out = c.getOutputStream();
        while (true) {
          String head = readHead(in);
          if (head == null) {
            return;
          }
          requests.add(head);
          int length = 0;
          for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(line.substring(15).strip());
            }
          }
          in.readNBytes(length);
          boolean keep = handler.answer(head, out);
          out.flush();
          if (!keep) {
            return;
          }
        }
      } catch (Exception e) {
        // the client went away, or the test ended
      }
    }

    private static String readHead(InputStream in) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int matched = 0;
      for (int c; (c = in.read()) >= 0; ) {
        b.write(c);
        matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        if (matched == 4) {
          return b.toString(StandardCharsets.ISO_8859_1);
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : open) {
        s.close();
      }
    }
  }
}
