package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Records golden request errors for the bases of bases.json that errors.jsonl has no case for
 * yet: every field of the base removed, or set to each value of a palette, and each distinct
 * (param, message) kept once, appended to errors.jsonl. Run by hand when an API is added (then
 * read the new lines: they are what clients will see):
 *
 * <pre>java -cp (server's test class path) dev.opsmind.server.openai.RequestErrorsRecorder server/src/test/resources/golden/request-errors</pre>
 */
final class RequestErrorsRecorder {
  private static final String PALETTE = """
      [0, 1, -1, -2, 3, 6, 17, 21, 1.5, 2.0, 1e20, 1000000000000, 99999999999999999999999, -1e308,
       "", " ", "x", "vector", "bm25", "hybrid", "yesterday", "ops:a.md", true, false, null,
       [], [1], [""], [" "], ["x"], [null], [-1], [1.5], [1000], [10000000000], [{}], [[1]],
       {}, {"a": 1}, {"a": {}}, {"path": "p"}, {"path": ""}, {"collection": "c"}]
      """;
  /** Strings longer than the limits (comment 4000, correct_source 1024, citations 16 KiB). */
  private static final int[] LONG = {1025, 4001};

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    JsonNode bases = Json.MAPPER.readTree(dir.resolve("bases.json").toFile());
    Path errors = dir.resolve("errors.jsonl");
    Set<String> covered = new LinkedHashSet<>();
    for (String line : Files.readAllLines(errors)) {
      covered.add(Json.MAPPER.readTree(line).get("base").asText());
    }
    JsonNode palette = Json.MAPPER.readTree(PALETTE);
    List<String> out = new ArrayList<>();
    for (var it = bases.fieldNames(); it.hasNext(); ) {
      String base = it.next();
      if (covered.contains(base)) {
        continue;
      }
      Set<String> seen = new LinkedHashSet<>();
      List<ArrayNode> paths = new ArrayList<>();
      walk(bases.get(base), Json.MAPPER.createArrayNode(), paths);
      for (ArrayNode path : paths) {
        List<ObjectNode> cases = new ArrayList<>();
        if (!path.isEmpty()) {
          cases.add(Json.object().put("base", base).set("remove", path));
        }
        for (JsonNode value : palette) {
          cases.add(Json.object().put("base", base).<ObjectNode>set("at", path).set("set", value));
        }
        for (int n : LONG) {
          cases.add(Json.object().put("base", base).<ObjectNode>set("at", path).put("set", "x").put("repeat", n));
        }
        cases.add(Json.object().put("base", base).<ObjectNode>set("at", path).put("set", "x")
            .put("repeat_in_array", 16_400));
        for (ObjectNode c : cases) {
          JsonNode body = RequestErrorsGoldenTest.body(bases, c);
          if (!(body instanceof ObjectNode object)) {
            continue;
          }
          try {
            RequestErrorsGoldenTest.parse(base, object);
          } catch (InvalidRequestException e) {
            if (seen.add(e.param() + " | " + e.getMessage())) {
              c.put("param", e.param()).put("message", e.getMessage());
              out.add(Json.MAPPER.writeValueAsString(c));
            }
          } catch (RuntimeException e) {
            System.err.println("not a 400: " + base + " " + c + ": " + e);
          }
        }
      }
      System.err.println(base + ": " + seen.size() + " errors");
    }
    Files.writeString(errors, String.join("\n", out) + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    System.err.println(out.size() + " cases appended");
  }

  private static void walk(JsonNode node, ArrayNode path, List<ArrayNode> paths) {
    paths.add(path);
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(name -> walk(node.get(name), path.deepCopy().add(name), paths));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path.deepCopy().add(i), paths);
      }
    }
  }
}
