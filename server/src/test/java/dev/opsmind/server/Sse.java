package dev.opsmind.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Parses an SSE body into its JSON events, checking the final data: [DONE]. */
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
}
