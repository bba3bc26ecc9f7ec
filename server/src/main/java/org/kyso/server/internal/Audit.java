package org.kyso.server.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.kyso.server.ServerConfig.ApiToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.kyso.core.internal.json.Json;

/**
 * The audit log: one JSON line per signature and registration (time, token name, organisation, action, SHA-256 of
 * the document, result, SHA-256 of what was produced). Never document content, a token or a PIN. To a file when
 * configured (appended, flushed per line), else to the {@code org.kyso.audit} logger.
 */
final class Audit {
  private static final Logger LOG = LoggerFactory.getLogger("org.kyso.audit");
  private final Optional<Path> file;

  Audit(Optional<Path> file) {
    this.file = file;
  }

  synchronized void write(ApiToken who, String action, String documentSha256, String result, String outputSha256) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", Instant.now().toString());
    m.put("token", who.name());
    m.put("organisation", who.organisation());
    m.put("action", action);
    m.put("documentSha256", documentSha256);
    m.put("result", result);
    if (outputSha256 != null) {
      m.put("outputSha256", outputSha256);
    }
    String line = Json.write(m, Json.Escaping.HTML_SAFE);
    if (file.isEmpty()) {
      LOG.info(line);
      return;
    }
    try (Writer w = Files.newBufferedWriter(file.get(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
      w.write(line);
      w.write('\n');
    } catch (IOException e) {
      LOG.error("the audit log {} cannot be written: {}", file.get(), e.getMessage());
      LOG.info(line);
    }
  }
}
