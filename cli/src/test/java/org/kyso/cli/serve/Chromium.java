package org.kyso.cli.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.kyso.core.internal.json.Json;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket, JSON commands): enough to open a page,
 * give a file input a file, run JavaScript and take a screenshot. A fresh profile per instance, no network services.
 */
final class Chromium implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();

  private Chromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  @SuppressWarnings("unchecked")
  static Chromium open(URI page, Path profile) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-extensions", "--disable-default-apps", "--hide-scrollbars", "--window-size=1100,1400",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile,
        page.toString()));
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    String ws = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
      int at = line.indexOf("ws://");
      if (line.startsWith("DevTools listening on") && at >= 0) {
        ws = line.substring(at).trim();
        break;
      }
    }
    if (ws == null) {
      p.destroyForcibly();
      throw new IOException("chromium did not open its DevTools port");
    }
    Thread drain = new Thread(() -> {
      try {
        while (err.readLine() != null) {
          // chromium's log lines: not needed
        }
      } catch (IOException ignored) {
        // process ended
      }
    }, "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    URI browser = URI.create(ws);
    HttpClient http = HttpClient.newHttpClient();
    String pageWs = null;
    for (int i = 0; i < 100 && pageWs == null; i++) {
      String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + browser.getPort()
          + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body();
      for (Object o : (List<Object>) Json.parse(list, Json.Numbers.DECIMAL)) {
        Map<String, Object> t = (Map<String, Object>) o;
        if ("page".equals(t.get("type"))) {
          pageWs = (String) t.get("webSocketDebuggerUrl");
        }
      }
      if (pageWs == null) {
        Thread.sleep(100);
      }
    }
    Chromium[] self = new Chromium[1];
    StringBuilder partial = new StringBuilder();
    WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
        .buildAsync(URI.create(pageWs), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              String msg = partial.toString();
              partial.setLength(0);
              Map<String, Object> m = (Map<String, Object>) Json.parse(msg, Json.Numbers.DECIMAL);
              Object id = m.get("id");
              if (id != null && self[0] != null) {
                CompletableFuture<Map<String, Object>> f = self[0].pending.remove(
                    ((java.math.BigDecimal) id).intValue());
                if (f != null) {
                  f.complete(m);
                }
              }
            }
            w.request(1);
            return null;
          }
        }).get(30, TimeUnit.SECONDS);
    self[0] = new Chromium(p, socket);
    return self[0];
  }

  /** Sends a DevTools command and returns its result. */
  @SuppressWarnings("unchecked")
  Map<String, Object> send(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
    pending.put(id, f);
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("id", id);
    msg.put("method", method);
    msg.put("params", params);
    socket.sendText(Json.write(msg, Json.Escaping.HTML_SAFE), true).get(30, TimeUnit.SECONDS);
    Map<String, Object> answer = f.get(120, TimeUnit.SECONDS);
    if (answer.containsKey("error")) {
      throw new IOException(method + ": " + Json.write(answer.get("error"), Json.Escaping.HTML_SAFE));
    }
    return (Map<String, Object>) answer.get("result");
  }

  /** Runs a JavaScript expression in the page and returns its value. */
  @SuppressWarnings("unchecked")
  Object eval(String expression) throws Exception {
    Map<String, Object> r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
        "awaitPromise", true));
    if (r.containsKey("exceptionDetails")) {
      throw new IOException("page script failed: " + Json.write(r.get("exceptionDetails"), Json.Escaping.HTML_SAFE));
    }
    return ((Map<String, Object>) r.get("result")).get("value");
  }

  /** Waits until the expression is true in the page. */
  void await(String expression, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (!Boolean.TRUE.equals(eval(expression))) {
      if (System.nanoTime() > end) {
        throw new IOException("the page never reached: " + expression);
      }
      Thread.sleep(100);
    }
  }

  /** Gives the file input matching the selector this file, as a person choosing it would. */
  @SuppressWarnings("unchecked")
  void chooseFile(String selector, Path file) throws Exception {
    Map<String, Object> doc = send("DOM.getDocument", Map.of());
    Object rootId = ((Map<String, Object>) doc.get("root")).get("nodeId");
    Object nodeId = send("DOM.querySelector", Map.of("nodeId", rootId, "selector", selector)).get("nodeId");
    send("DOM.setFileInputFiles", Map.of("nodeId", nodeId, "files", List.of(file.toAbsolutePath().toString())));
  }

  void navigate(URI url) throws Exception {
    send("Page.navigate", Map.of("url", url.toString()));
  }

  /** A PNG of the whole page. */
  @SuppressWarnings("unchecked")
  byte[] screenshot() throws Exception {
    return screenshot("document.documentElement.scrollHeight");
  }

  /** A PNG of the page down to the height the expression gives (in CSS pixels). */
  byte[] screenshot(String heightExpression) throws Exception {
    Object height = eval("Math.ceil(" + heightExpression + ")");
    int h = Math.min(6000, ((java.math.BigDecimal) height).intValue());
    send("Emulation.setDeviceMetricsOverride", Map.of("width", 1100, "height", h, "deviceScaleFactor", 1,
        "mobile", false));
    Map<String, Object> r = send("Page.captureScreenshot", Map.of("format", "png"));
    return java.util.Base64.getDecoder().decode((String) r.get("data"));
  }

  @Override
  public void close() {
    try {
      socket.abort();
    } finally {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
