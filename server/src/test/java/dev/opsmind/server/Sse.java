package dev.opsmind.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an SSE body into its JSON events: chat's (data only, ending with data: [DONE]) or the
 * Responses API's (each named by an event line that matches its data's type, no [DONE]).
 */
public final class Sse {
  private Sse() {}

  public static List<JsonNode> events(String body) {
    List<JsonNode> events = new ArrayList<>();
    boolean done = false;
    for (String block : body.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      if (!block.startsWith("data: ")) {
        throw new AssertionError("not an SSE data event: " + block);
      }
      String data = block.substring(6).trim();
      if (done) {
        throw new AssertionError("event after [DONE]: " + data);
      }
      if (data.equals("[DONE]")) {
        done = true;
        continue;
      }
      try {
        events.add(Json.MAPPER.readTree(data));
      } catch (IOException e) {
        throw new AssertionError("event is not JSON: " + data, e);
      }
    }
    if (!done) {
      throw new AssertionError("stream did not end with data: [DONE]: " + body);
    }
    return events;
  }

  /** Named events ({@code event: t} + {@code data: {"type": t, ...}}), checking each name against its type. */
  public static List<JsonNode> namedEvents(String body) {
    List<JsonNode> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      String[] lines = block.split("\n", 2);
      if (lines.length != 2 || !lines[0].startsWith("event: ") || !lines[1].startsWith("data: ")) {
        throw new AssertionError("not a named SSE event: " + block);
      }
      JsonNode event;
      try {
        event = Json.MAPPER.readTree(lines[1].substring(6));
      } catch (IOException e) {
        throw new AssertionError("event is not JSON: " + lines[1], e);
      }
      if (!event.path("type").asText().equals(lines[0].substring(7).trim())) {
        throw new AssertionError("event name differs from its type: " + block);
      }
      events.add(event);
    }
    return events;
  }
}
