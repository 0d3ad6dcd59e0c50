package dev.opsmind.server.ops;

import dev.opsmind.server.audit.AuditChain;
import dev.opsmind.server.audit.AuditLog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * GET /v1/audit (admins): audit entries, oldest first, filtered by {@code since} / {@code until}
 * (ISO-8601 instants or epoch seconds), {@code principal}, {@code event}; {@code after_seq} and
 * {@code limit} (1..1000, default 100) page through them. Read from the files on a worker.
 */
public final class AuditHandler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private final Path file;

  public AuditHandler(Path file) {
    this.file = file;
  }

  public void list(RoutingContext ctx) {
    AuthHandler.requireAdmin(ctx);
    var params = ctx.queryParams();
    Instant since = instant("since", params.get("since"));
    Instant until = instant("until", params.get("until"));
    String principal = params.get("principal");
    String event = params.get("event");
    long afterSeq = number("after_seq", params.get("after_seq"), 0, 0, Long.MAX_VALUE);
    int limit = (int) number("limit", params.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
    Blocking.run(ctx, () -> {
      ObjectNode body = Json.object().put("object", "list");
      ArrayNode data = body.putArray("data");
      boolean[] more = {false};
      AuditChain.forEach(file, located -> {
        JsonNode entry = located.entry();
        if (more[0] || entry == null || !entry.isObject() || entry.path("seq").asLong() <= afterSeq) {
          return;
        }
        if (principal != null && !principal.equals(entry.path("principal").asText(null))) {
          return;
        }
        if (event != null && !event.equals(entry.path("event").asText(null))) {
          return;
        }
        if (since != null || until != null) {
          Instant time;
          try {
            time = Instant.parse(entry.path("time").asText(""));
          } catch (DateTimeParseException e) {
            return;
          }
          if ((since != null && time.isBefore(since)) || (until != null && time.isAfter(until))) {
            return;
          }
        }
        if (data.size() == limit) {
          more[0] = true;
          return;
        }
        data.add(entry);
      });
      body.put("has_more", more[0]);
      return Json.write(body);
    }, json -> Json.replySerialized(ctx, 200, json));
  }

  private static Instant instant(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return value.matches("[0-9]+") ? Instant.ofEpochSecond(Long.parseLong(value)) : Instant.parse(value);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InvalidRequestException(name, "'" + name + "' must be an ISO-8601 instant (2026-12-03T10:00:00Z) "
          + "or epoch seconds");
    }
  }

  private static long number(String name, String value, long absent, long min, long max) {
    if (value == null) {
      return absent;
    }
    try {
      long n = Long.parseLong(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new InvalidRequestException(name, "'" + name + "' must be a whole number from " + min + " to " + max);
  }
}
