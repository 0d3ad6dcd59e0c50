package dev.opsmind.server.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.diagnose.LogDiagnosis;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A {@code POST /v1/diagnose} request: log text (JSON {@code logs}), uploaded files (multipart) or
 * the logs of an indexed collection ({@code log_collection}, optionally {@code path_prefix}), a
 * baseline collection of normal logs ({@code baseline_collection}),
 * the header format, session key patterns, a time window, runbook collections, and whether to
 * stream progress (SSE) before the report.
 */
public record DiagnoseRequest(String logs, String collection, String pathPrefix, String baselineCollection, String format,
    List<String> sessionKeys, LogDiagnosis.Window window, List<String> collections, boolean stream) {

  public DiagnoseRequest {
    sessionKeys = List.copyOf(sessionKeys);
    collections = List.copyOf(collections);
    if (format == null || format.isBlank()) format = "auto";
  }

  public static DiagnoseRequest of(ObjectNode body, boolean filesUploaded) {
    String logs = Fields.optString(body, "logs");
    String collection = Fields.optString(body, "log_collection");
    if (!filesUploaded && (logs == null || logs.isBlank()) && (collection == null || collection.isBlank())) {
      throw new InvalidRequestException("logs", "give the log text as 'logs' (a string), an indexed 'log_collection', "
          + "or upload files as multipart/form-data");
    }
    Boolean stream = Fields.optBoolean(body, "stream");
    return new DiagnoseRequest(logs, collection == null || collection.isBlank() ? null : collection,
        Fields.optString(body, "path_prefix"), Fields.optString(body, "baseline_collection"), Fields.optString(body, "format"), Fields.stringOrList(body, "session_keys", 32),
        new LogDiagnosis.Window(instant(body, "since"), instant(body, "until")), Fields.stringOrList(body, "collections", 64),
        stream != null && stream);
  }

  private static Long instant(ObjectNode body, String name) {
    String t = Fields.optString(body, name);
    if (t == null) return null;
    try {
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(name, "'" + name + "' must be an ISO-8601 instant like 2024-05-01T00:00:00Z");
    }
  }
}
