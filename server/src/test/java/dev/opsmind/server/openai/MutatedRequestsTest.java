package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.GeneratorServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestModels;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never makes a 500: valid requests to every generation endpoint with each field (at
 * any depth) set in turn to each kind of value, and with several random changes at once (seeded,
 * so a failure repeats). Each answer must be a 2xx or an OpenAI error with a 4xx status.
 */
class MutatedRequestsTest {
  @TempDir static Path tmp;
  static GeneratorServer served;
  static TestHttp http;
  static String model;

  @BeforeAll
  static void start() {
    served = GeneratorServer.start(TestModels.tinyQwen2Long(tmp), new ServerConfig.Limits(0, 0, 8, 64, 16384, 8), null);
    http = served.http();
    model = served.model();
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  /** Valid requests using most fields each endpoint reads. */
  static Map<String, String> valid() {
    String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\","
        + "\"properties\":{\"a\":{\"enum\":[\"x\",\"y\"]}}}}}]";
    return Map.of(
        "/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"disk full\"}]}],\"max_tokens\":3,"
            + "\"temperature\":0.5,\"top_p\":0.9,\"n\":2,\"stop\":[\"\\n\"],\"seed\":1,\"logprobs\":true,\"top_logprobs\":2,"
            + "\"stream\":false,\"stream_options\":{\"include_usage\":true},\"logit_bias\":{\"5\":1},\"tools\":" + tools
            + ",\"tool_choice\":\"auto\",\"user\":\"u\",\"presence_penalty\":0.1,\"top_k\":5,\"min_p\":0.1,"
            + "\"repetition_penalty\":1.1,\"stop_token_ids\":[3],\"min_tokens\":1,\"response_format\":{\"type\":\"text\"}}",
        "/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":[\"disk full\",\"x\"],\"max_tokens\":3,\"echo\":true,"
            + "\"logprobs\":2,\"n\":2,\"stream\":false,\"suffix\":\"x\"}",
        "/v1/responses", "{\"model\":\"" + model + "\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
            + "\"text\":\"hi\"}]},{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"{}\"},"
            + "{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"ok\"}],\"instructions\":\"x\","
            + "\"max_output_tokens\":3,\"tools\":[{\"type\":\"function\",\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}],"
            + "\"tool_choice\":\"auto\",\"text\":{\"format\":{\"type\":\"text\"}},\"metadata\":{\"a\":\"b\"},\"stream\":false,"
            + "\"store\":true}",
        "/tokenize", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"add_generation_prompt\":true}",
        "/detokenize", "{\"model\":\"" + model + "\",\"tokens\":[1,2,3]}");
  }

  static final List<JsonNode> VALUES = List.of(JsonNodeFactory.instance.nullNode(), Json.MAPPER.valueToTree(0),
      Json.MAPPER.valueToTree(-1), Json.MAPPER.valueToTree(1.5), Json.MAPPER.valueToTree(1_000_000_000_000L),
      Json.MAPPER.valueToTree(""), Json.MAPPER.valueToTree("x"), Json.MAPPER.createArrayNode(),
      Json.MAPPER.valueToTree(List.of(1)), Json.MAPPER.valueToTree(List.of("x")), Json.object(),
      Json.object().put("a", 1), Json.MAPPER.valueToTree(true), Json.MAPPER.valueToTree(List.of(List.of(1))),
      Json.MAPPER.valueToTree("\uD83C\uDF89"), Json.MAPPER.valueToTree(-1e308));

  @Test
  void everyFieldSetToEveryKindOfValueGetsA2xxOrA4xx() throws Exception {
    // one change at a time: each field (at any depth, containers included) takes each value
    List<String> failures = new ArrayList<>();
    for (var endpoint : valid().entrySet()) {
      JsonNode original = Json.MAPPER.readTree(endpoint.getValue());
      List<List<Object>> paths = new ArrayList<>();
      paths(original, new ArrayList<>(), paths);
      for (List<Object> path : paths) {
        for (JsonNode value : SWEEP) {
          ObjectNode body = (ObjectNode) original.deepCopy();
          replace(body, path, value);
          check(endpoint.getKey(), body, failures);
        }
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " answers were not 2xx/4xx:\n" + String.join("\n", failures));
  }

  @Test
  void randomlyMutatedRequestsGetA2xxOrA4xx() throws Exception {
    SplittableRandom random = new SplittableRandom(2026);
    Map<String, String> valid = valid();
    List<String> endpoints = new ArrayList<>(valid.keySet());
    endpoints.sort(null);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String path = endpoints.get(random.nextInt(endpoints.size()));
      ObjectNode body = (ObjectNode) Json.MAPPER.readTree(valid.get(path));
      int mutations = 2 + random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        List<List<Object>> paths = new ArrayList<>();
        paths(body, new ArrayList<>(), paths);
        if (paths.isEmpty()) {
          break;
        }
        List<Object> target = paths.get(random.nextInt(paths.size()));
        replace(body, target, random.nextInt(7) == 0 ? null : VALUES.get(random.nextInt(VALUES.size())));
      }
      if (random.nextInt(4) == 0 && body.has("stream")) {
        body.put("stream", true);
      }
      check(path, body, failures);
    }
    assertTrue(failures.isEmpty(), failures.size() + " answers were not 2xx/4xx:\n" + String.join("\n", failures));
  }

  /** Values of each JSON kind, with the numbers most likely to slip past a range check. */
  static final List<JsonNode> SWEEP = List.of(JsonNodeFactory.instance.nullNode(), Json.MAPPER.valueToTree(0),
      Json.MAPPER.valueToTree(-1), Json.MAPPER.valueToTree(0.5), Json.MAPPER.valueToTree(Integer.MAX_VALUE),
      Json.MAPPER.valueToTree(""), Json.MAPPER.valueToTree("x"), Json.MAPPER.createArrayNode(), Json.object(),
      Json.MAPPER.valueToTree(true));

  private static void check(String path, ObjectNode body, List<String> failures) {
    var reply = http.post(path, Json.write(body));
    boolean errorShape = reply.status() < 400 || reply.body().contains("\"error\"");
    if (reply.status() >= 500 || !errorShape || reply.body().contains("server_error")) {
      failures.add(reply.status() + " " + path + " " + Json.write(body) + " -> " + reply.body());
    }
  }

  /** Every field name / array index path in the tree (containers too). */
  private static void paths(JsonNode node, List<Object> prefix, List<List<Object>> out) {
    if (node instanceof ObjectNode object) {
      object.fieldNames().forEachRemaining(name -> {
        List<Object> path = new ArrayList<>(prefix);
        path.add(name);
        out.add(path);
        paths(object.get(name), path, out);
      });
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        List<Object> path = new ArrayList<>(prefix);
        path.add(i);
        out.add(path);
        paths(array.get(i), path, out);
      }
    }
  }

  /** Sets the value at {@code path} (null removes a field). */
  private static void replace(JsonNode root, List<Object> path, JsonNode value) {
    JsonNode parent = root;
    for (Object step : path.subList(0, path.size() - 1)) {
      parent = step instanceof String name ? parent.get(name) : parent.get((Integer) step);
    }
    Object last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode object) {
      if (value == null) {
        object.remove((String) last);
      } else {
        object.set((String) last, value.deepCopy());
      }
    } else if (parent instanceof ArrayNode array) {
      array.set((Integer) last, value == null ? JsonNodeFactory.instance.nullNode() : value.deepCopy());
    }
  }
}
