package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.opsmind.server.actions.ProposalRequest;
import dev.opsmind.server.grounded.FeedbackRequest;
import dev.opsmind.server.grounded.GroundedRequest;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.RequestReader;
import dev.opsmind.server.knowledge.CollectionRequest;
import dev.opsmind.server.knowledge.SearchQuery;
import dev.opsmind.server.logs.DiagnoseRequest;
import dev.opsmind.server.openai.protocol.EmbeddingsRequest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every error the request parsers give, word for word: golden/request-errors/errors.jsonl holds,
 * for valid requests of each API (bases.json: the OpenAI APIs, and search, grounded chat's {@code
 * opsmind} extension, tokenize/detokenize, collections, diagnose, feedback and the actions' bodies) with one field removed or set to another kind of
 * value, the param and message of the 400 (one case per distinct error; recorded from the
 * parsers as they were before the requests became Jackson-bound records). A changed text is a
 * changed API: clients match on these.
 */
class RequestErrorsGoldenTest {
  static JsonNode resource(String name) throws Exception {
    try (InputStream in = RequestErrorsGoldenTest.class.getResourceAsStream("/golden/request-errors/" + name)) {
      return name.endsWith(".jsonl") ? Json.MAPPER.readTree("[" + String.join(",",
          new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n")) + "]") : Json.MAPPER.readTree(in);
    }
  }

  /** Detokenize checks ids against the model's vocabulary: this one's size. */
  static final int VOCAB = 1000;

  static void parse(String api, ObjectNode body) {
    switch (api.replaceAll("\\d", "")) {
      case "chat" -> ChatCompletionRequest.read(body);
      case "completions" -> CompletionRequest.read(body);
      case "responses" -> ResponsesRequest.read(body, id -> List.of());
      case "embeddings" -> RequestReader.read(body, EmbeddingsRequest.class);
      case "search" -> SearchQuery.parse(body);
      case "grounded" -> GroundedRequest.of(ChatCompletionRequest.read(body), null);
      case "tokenize" -> TokenizeRequest.read(body);
      case "detokenize" -> DetokenizeRequest.read(body).ids(VOCAB);
      case "collection" -> CollectionRequest.parse(body);
      case "diagnose" -> DiagnoseRequest.of(body, false);
      case "feedback" -> FeedbackRequest.read(body);
      case "proposal" -> ProposalRequest.read(body);
      case "decision" -> ProposalRequest.Decision.read(body);
      case "run" -> ProposalRequest.Run.read(body);
      default -> throw new IllegalArgumentException(api);
    }
  }

  /** The body of case {@code c}: its base with one field removed or set ({"repeat": n} repeats a string set). */
  static JsonNode body(JsonNode bases, JsonNode c) {
    String base = c.get("base").asText();
    JsonNode body = bases.get(base).deepCopy();
    JsonNode set = c.has("repeat") ? TextNode.valueOf(c.get("set").asText().repeat(c.get("repeat").intValue()))
        : c.get("set");
    if (c.has("repeat_in_array")) {
      set = Json.MAPPER.createArrayNode().add(c.get("set").asText().repeat(c.get("repeat_in_array").intValue()));
    }
    JsonNode path = c.has("remove") ? c.get("remove") : c.get("at");
    if (path.isEmpty()) {
      return set;
    }
    JsonNode parent = body;
    for (int i = 0; i < path.size() - 1; i++) {
      parent = path.get(i).isInt() ? parent.get(path.get(i).intValue()) : parent.get(path.get(i).textValue());
    }
    JsonNode last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode o) {
      if (c.has("remove")) {
        o.remove(last.textValue());
      } else {
        o.set(last.textValue(), set);
      }
    } else if (c.has("remove")) {
      ((ArrayNode) parent).remove(last.intValue());
    } else {
      ((ArrayNode) parent).set(last.intValue(), set);
    }
    return body;
  }

  @Test
  void everyRecordedErrorKeepsItsParamAndWords() throws Exception {
    JsonNode bases = resource("bases.json");
    JsonNode cases = resource("errors.jsonl");
    List<String> failures = new ArrayList<>();
    for (JsonNode c : cases) {
      String base = c.get("base").asText();
      JsonNode body = body(bases, c);
      String expected = c.get("param").asText(null) + " | " + c.get("message").asText();
      try {
        parse(base, (ObjectNode) body);
        failures.add(base + " " + body + "\n  expected " + expected + "\n  but it was accepted");
      } catch (InvalidRequestException e) {
        String actual = e.param() + " | " + e.getMessage();
        if (!actual.equals(expected)) {
          failures.add(base + " " + body + "\n  expected " + expected + "\n  but got  " + actual);
        }
      } catch (RuntimeException e) {
        failures.add(base + " " + body + "\n  expected " + expected + "\n  but it threw " + e);
      }
    }
    assertTrue(cases.size() > 800, "the golden cases are there");
    assertEquals(List.of(), failures, failures.size() + " of " + cases.size() + " errors changed");
  }
}
