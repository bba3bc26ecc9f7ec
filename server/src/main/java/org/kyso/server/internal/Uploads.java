package org.kyso.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body into memory, never to disk, refusing it (413) as soon as it is larger than the limit and
 * (408) when it does not arrive before the deadline; splits a {@code multipart/form-data} body into its files.
 */
public final class Uploads {
  /** One uploaded file: the name the client gave and its bytes. */
  public record Upload(String name, byte[] bytes) {}

  private Uploads() {}

  /** The body, at most {@code limit} bytes, read before {@code deadlineNanos} ({@link System#nanoTime()}). */
  public static byte[] body(Request request, long limit, long deadlineNanos) throws ApiException {
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    // a body somewhat over the limit is read and thrown away, so that the client, still sending, gets the 413
    // instead of a broken connection; a far larger one is refused at once
    long drain = Math.max(limit * 4, 8L << 20);
    if (declared > drain) {
      throw tooLarge(limit);
    }
    try (InputStream in = Request.asInputStream(request)) {
      if (declared >= 0 && declared <= limit) {
        return exactly(in, (int) declared, deadlineNanos);
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(8192);
      byte[] buf = new byte[65536];
      long total = 0;
      int n;
      while ((n = in.read(buf)) >= 0) {
        total += n;
        if (System.nanoTime() - deadlineNanos > 0) {
          throw new ApiException(408, "request_timeout", "The upload did not arrive in time; send it again.");
        }
        if (total > drain) {
          throw tooLarge(limit);
        }
        if (total <= limit) {
          out.write(buf, 0, n);
        } else if (out.size() > 0) {
          out = new java.io.ByteArrayOutputStream(); // over the limit: nothing more is kept
        }
      }
      if (total > limit) {
        throw tooLarge(limit);
      }
      return out.toByteArray();
    } catch (IOException e) {
      if (e.getCause() instanceof TimeoutException || e instanceof java.io.InterruptedIOException
          || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")) {
        throw new ApiException(408, "request_timeout", "The upload did not arrive in time; send it again.");
      }
      throw new ApiException(400, "upload_broken", "The upload was cut off before its end; send it again.");
    }
  }

  /** A body of known length, read into one array of that size (no growing buffer, no copy). */
  private static byte[] exactly(InputStream in, int length, long deadlineNanos) throws IOException, ApiException {
    byte[] body = new byte[length];
    int off = 0;
    while (off < length) {
      int n = in.read(body, off, Math.min(65536, length - off));
      if (n < 0) {
        throw new ApiException(400, "upload_broken", "The upload was cut off before its end; send it again.");
      }
      off += n;
      if (System.nanoTime() - deadlineNanos > 0) {
        throw new ApiException(408, "request_timeout", "The upload did not arrive in time; send it again.");
      }
    }
    if (in.read() >= 0) {
      throw new ApiException(400, "upload_broken", "The upload is longer than its Content-Length.");
    }
    return body;
  }

  static ApiException tooLarge(long limit) {
    return new ApiException(413, "too_large", "The upload is larger than the " + (limit >> 20)
        + " MiB this service accepts; nothing was kept.");
  }

  /**
   * The files of a request: every part with a file name (or named {@code file}) of a multipart body, or the whole
   * body as one file named by the {@code name} query parameter, else {@code document}.
   */
  public static List<Upload> files(Request request, byte[] body, String rawName) throws ApiException {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    List<Upload> files = new ArrayList<>();
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      eachPart(type, body, 200, p -> {
        if (p.getFileName() != null || "file".equals(p.getName())) {
          files.add(new Upload(safeName(p.getFileName() == null ? p.getName() : p.getFileName()), bytes(p)));
        }
      });
      if (files.isEmpty()) {
        throw new ApiException(400, "no_file", "The request holds no file: send it as a part named file.");
      }
    } else {
      if (body.length == 0) {
        throw new ApiException(400, "no_file", "The request body is empty: send the PDF or XML file as the body.");
      }
      files.add(new Upload(safeName(rawName == null || rawName.isBlank() ? "document" : rawName), body));
    }
    return files;
  }

  /**
   * The named parts of a multipart body (the first of each name; a file part by its field name), or, for any other
   * body, the whole body as the part {@code file}.
   */
  public static java.util.Map<String, byte[]> parts(Request request, byte[] body) throws ApiException {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    java.util.Map<String, byte[]> out = new java.util.LinkedHashMap<>();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      out.put("file", body);
      return out;
    }
    eachPart(type, body, 50, p -> {
      if (p.getName() != null && !out.containsKey(p.getName())) {
        out.put(p.getName(), bytes(p));
      }
    });
    return out;
  }

  /** What {@link #eachPart} does with one part. */
  private interface PartHandler {
    void accept(MultiPart.Part part) throws IOException;
  }

  /**
   * Parses the multipart {@code body} (content type {@code type}, at most {@code maxParts} parts) and hands each part
   * to {@code handler}; a body that cannot be read is a 400 {@code bad_multipart}.
   */
  private static void eachPart(String type, byte[] body, int maxParts, PartHandler handler) throws ApiException {
    String boundary = MultiPart.extractBoundary(type);
    if (boundary == null) {
      throw new ApiException(400, "bad_multipart", "The multipart body names no boundary.");
    }
    MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
    parser.setMaxMemoryFileSize(body.length + 1L);
    parser.setMaxLength(body.length + 1L);
    parser.setMaxParts(maxParts);
    try (MultiPartFormData.Parts parts = parser.parse(new ByteBufferContentSource(ByteBuffer.wrap(body)))
        .get(30, TimeUnit.SECONDS)) {
      for (MultiPart.Part p : parts) {
        handler.accept(p);
      }
    } catch (ExecutionException | TimeoutException | IOException e) {
      throw new ApiException(400, "bad_multipart", "The multipart body cannot be read.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "shutting_down", "The service is stopping; send the request again.");
    }
  }

  private static byte[] bytes(MultiPart.Part p) throws IOException {
    ByteBuffer bb = Content.Source.asByteBuffer(p.getContentSource());
    byte[] bytes = new byte[bb.remaining()];
    bb.get(bytes);
    return bytes;
  }

  /** The last path element of a client's file name, without control characters. */
  static String safeName(String name) {
    String n = name.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n.length() && b.length() < 200; i++) {
      char c = n.charAt(i);
      if (c >= 0x20 && c != 0x7f) {
        b.append(c);
      }
    }
    return b.length() == 0 ? "document" : b.toString();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
