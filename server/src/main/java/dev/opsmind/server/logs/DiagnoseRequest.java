package dev.opsmind.server.logs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.diagnose.LogDiagnosis;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A {@code POST /v1/diagnose} request: log text (JSON {@code logs}), uploaded files (multipart) or
 * the logs of an indexed collection ({@code log_collection}, optionally {@code path_prefix}), a
 * baseline collection of normal logs ({@code baseline_collection}),
 * the header format, session key patterns, a time window, runbook collections, and whether to
 * stream progress (SSE) before the report. The JSON body (or the multipart form's fields, put in
 * one) is bound as {@link Body}.
 */
public record DiagnoseRequest(String logs, String collection, String pathPrefix, String baselineCollection, String format,
    List<String> sessionKeys, LogDiagnosis.Window window, List<String> collections, boolean stream) {

  public DiagnoseRequest {
    sessionKeys = List.copyOf(sessionKeys);
    collections = List.copyOf(collections);
    if (format == null || format.isBlank()) format = "auto";
  }

  /** The request of {@code body}; without {@code filesUploaded} it must name logs to read. */
  public static DiagnoseRequest of(ObjectNode body, boolean filesUploaded) {
    Body b = RequestReader.read(body, Body.class);
    if (!filesUploaded && (b.logs() == null || b.logs().isBlank()) && (b.collection() == null || b.collection().isBlank())) {
      throw new InvalidRequestException("logs", "give the log text as 'logs' (a string), an indexed 'log_collection', "
          + "or upload files as multipart/form-data");
    }
    return new DiagnoseRequest(b.logs(), b.collection() == null || b.collection().isBlank() ? null : b.collection(),
        b.pathPrefix(), b.baselineCollection(), b.format(), b.sessionKeys(), window(b.since(), b.until()),
        b.collections(), b.stream());
  }

  private static LogDiagnosis.Window window(Long since, Long until) {
    try {
      return new LogDiagnosis.Window(since, until);
    } catch (IllegalArgumentException e) { // a 400 naming no one field, as ever
      throw new InvalidRequestException(null, e.getMessage());
    }
  }

  /** The fields as sent, each checked alone. */
  public record Body(String logs, String collection, String pathPrefix, String baselineCollection, String format,
      List<String> sessionKeys, Long since, Long until, List<String> collections, boolean stream) {
    @JsonCreator
    static Body of(@JsonProperty("logs") String logs, @JsonProperty("log_collection") String collection,
        @JsonProperty("path_prefix") String pathPrefix, @JsonProperty("baseline_collection") String baseline,
        @JsonProperty("format") String format, @JsonProperty("session_keys") JsonNode sessionKeys,
        @JsonProperty("since") String since, @JsonProperty("until") String until,
        @JsonProperty("collections") JsonNode collections, @JsonProperty("stream") Boolean stream) {
      return new Body(logs, collection, pathPrefix, baseline, format, Fields.stringOrList("session_keys", sessionKeys, 32),
          instant("since", since), instant("until", until),
          Fields.stringOrList("collections", collections, 64), stream != null && stream);
    }
  }

  private static Long instant(String name, String t) {
    if (t == null) return null;
    try {
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(name, "'" + name + "' must be an ISO-8601 instant like 2024-05-01T00:00:00Z");
    }
  }
}
