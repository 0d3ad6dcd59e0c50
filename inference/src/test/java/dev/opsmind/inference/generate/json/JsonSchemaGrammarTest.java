package dev.opsmind.inference.generate.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** response_format json_schema: the grammar compiled from a schema, against hand-written and random documents. */
class JsonSchemaGrammarTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An incident summary: every enforced keyword once. */
  static final String SCHEMA = """
      {"type": "object",
       "properties": {
         "service": {"type": "string"},
         "severity": {"enum": ["low", "high", 3]},
         "hosts": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3},
         "owner": {"anyOf": [{"type": "string"}, {"type": "null"}]},
         "ok": {"type": "boolean"},
         "ratio": {"type": "number"},
         "cause": {"$ref": "#/$defs/cause"}
       },
       "required": ["service", "severity", "hosts", "cause"],
       "additionalProperties": false,
       "$defs": {"cause": {"type": "object", "properties": {"kind": {"const": "disk"}, "detail": {}},
                           "required": ["kind"]}}}
      """;

  private static JsonSchema schema() throws Exception {
    return JsonSchema.compile(JSON.readTree(SCHEMA));
  }

  @Test
  void documentsOfTheSchemaAreTakenWhole() throws Exception {
    JsonSchema s = schema();
    assertFalse(s.partial(), "every keyword of this schema is enforced");
    String[] valid = {
      "{\"service\":\"db\",\"severity\":\"low\",\"hosts\":[1],\"cause\":{\"kind\":\"disk\"}}",
      "{ \"service\" : \"db \\\"x\\\"\", \"severity\": 3, \"hosts\": [1, -20, 300], \"owner\": null, \"ok\": true,"
          + " \"ratio\": -0.5e3, \"cause\": {\"kind\": \"disk\", \"detail\": [1, {\"any\": \"thing\"}]} }",
      "{\"service\":\"\",\"severity\":\"high\",\"hosts\":[0],\"owner\":\"ana\",\"cause\":{\"kind\":\"disk\",\"detail\":null}}",
    };
    for (String text : valid) {
      JsonGrammar g = new JsonGrammar(s);
      assertEquals(text.getBytes(StandardCharsets.UTF_8).length, JsonGrammarTest.feed(g, text), text);
      assertTrue(g.complete(), text);
    }
  }

  @Test
  void whatTheSchemaForbidsIsRefusedWhereItStarts() throws Exception {
    JsonSchema s = schema();
    String ok = "{\"service\":\"db\",\"severity\":\"low\",";
    String[][] cases = { // text, the prefix still fine
      {"{\"servic\":", "{\"servic"}, // a name not declared
      {"{\"severity\":", "{\"se"}, // required "service" must come first (declared order)
      {"{\"service\":1", "{\"service\":"}, // a number where a string goes
      {"{\"service\":\"db\"}", "{\"service\":\"db\""}, // closing before the required rest
      {ok + "\"hosts\":[]", ok + "\"hosts\":["}, // minItems 1
      {ok + "\"hosts\":[1,2,3,4]", ok + "\"hosts\":[1,2,3"}, // maxItems 3
      {ok + "\"hosts\":[1.5]", ok + "\"hosts\":[1"}, // integers only
      {"{\"service\":\"db\",\"severity\":\"mid\"", "{\"service\":\"db\",\"severity\":\""}, // not in the enum
      {"{\"service\":\"db\",\"severity\":33", "{\"service\":\"db\",\"severity\":3"}, // 3, not 33
      {ok + "\"hosts\":[1],\"owner\":5", ok + "\"hosts\":[1],\"owner\":"}, // string or null
      {ok + "\"hosts\":[1],\"cause\":{\"kind\":\"net\"", ok + "\"hosts\":[1],\"cause\":{\"kind\":\""}, // const
      {ok + "\"hosts\":[1],\"cause\":{\"kind\":\"disk\"},\"extra\"", ok + "\"hosts\":[1],\"cause\":{\"kind\":\"disk\"}"},
    };
    for (String[] c : cases) {
      JsonGrammar g = new JsonGrammar(s);
      assertEquals(c[1].length(), JsonGrammarTest.feed(g, c[0]), c[0]);
    }
  }

  @Test
  void schemasThatCannotBeUsedAreRefusedWithTheReason() throws Exception {
    for (String[] c : new String[][] {
      {"{\"type\": \"array\", \"items\": {}}", "root must be an object"},
      {"{\"type\": \"object\", \"properties\": {\"a\": {}}, \"required\": [\"b\"]}", "[b]"},
      {"{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"http://x/y\"}}}", "local $refs"},
      {"{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"#/$defs/none\"}}}", "points at nothing"},
      {"{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"decimal\"}}}", "unknown type"},
    }) {
      var e = assertThrows(IllegalArgumentException.class, () -> JsonSchema.compile(JSON.readTree(c[0])));
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
    }
    JsonSchema loose = JsonSchema.compile(JSON.readTree(
        "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", \"pattern\": \"^x\"}}}"));
    assertTrue(loose.partial(), "a pattern is not enforced, and the schema says so");
  }

  @Test
  void randomWalksThroughASchemaGiveConformingDocuments() throws Exception {
    JsonSchema s = schema();
    JsonNode schema = JSON.readTree(SCHEMA);
    byte[] alphabet = "{}[],:\" \n0123456789-.eEtrufalsnbdiwkhgyvcoxp".getBytes(StandardCharsets.UTF_8);
    SplittableRandom random = new SplittableRandom(11);
    int completed = 0;
    String unfinished = "";
    for (int walk = 0; walk < 300; walk++) {
      JsonGrammar g = new JsonGrammar(s);
      StringBuilder out = new StringBuilder();
      for (int step = 0; step < 600 && !g.complete(); step++) {
        List<Byte> options = new ArrayList<>();
        for (byte b : alphabet) {
          if (g.copy().accept(b)) {
            options.add(b);
          }
        }
        assertFalse(options.isEmpty(), "some byte always continues: " + out + " " + g);
        byte pick = options.get(random.nextInt(options.size()));
        if (step > 80) { // head for the end: close strings, then containers
          String order = g.inPlainString() ? "\"" : "}]\",";
          search:
          for (char want : order.toCharArray()) {
            for (byte b : options) {
              if (b == want) {
                pick = b;
                break search;
              }
            }
          }
        }
        assertTrue(g.accept(pick));
        out.append((char) pick);
      }
      if (!g.complete() && unfinished.isEmpty()) {
        unfinished = out + " " + g;
      }
      if (g.complete()) {
        completed++;
        JsonNode doc = JSON.readTree(out.toString());
        conforms(doc, schema, schema, out.toString());
      }
    }
    assertTrue(completed > 200, "most walks finish: " + completed + "; e.g. " + unfinished);
  }

  /** A small validator for the keywords this schema uses. */
  private static void conforms(JsonNode value, JsonNode s, JsonNode document, String text) {
    if (s.has("$ref")) {
      conforms(value, document.at(s.get("$ref").asText().substring(1)), document, text);
      return;
    }
    if (s.has("const")) {
      assertEquals(s.get("const"), value, text);
      return;
    }
    if (s.has("enum")) {
      boolean found = false;
      for (JsonNode v : s.get("enum")) {
        found |= v.equals(value);
      }
      assertTrue(found, value + " in " + s.get("enum") + ": " + text);
      return;
    }
    if (s.has("anyOf")) {
      boolean string = value.isTextual();
      assertTrue(string || value.isNull(), text);
      return;
    }
    switch (s.path("type").asText("")) {
      case "object" -> {
        assertTrue(value.isObject(), text);
        JsonNode props = s.path("properties");
        value.fieldNames().forEachRemaining(name -> assertTrue(props.has(name), "declared: " + name + " in " + text));
        s.path("required").forEach(r -> assertTrue(value.has(r.asText()), "required " + r + ": " + text));
        value.fields().forEachRemaining(e -> conforms(e.getValue(), props.get(e.getKey()), document, text));
      }
      case "array" -> {
        assertTrue(value.isArray(), text);
        assertTrue(value.size() >= s.path("minItems").asInt(0) && value.size() <= s.path("maxItems").asInt(99), text);
        value.forEach(item -> conforms(item, s.get("items"), document, text));
      }
      case "string" -> assertTrue(value.isTextual(), text);
      case "integer" -> assertTrue(value.isIntegralNumber(), text);
      case "number" -> assertTrue(value.isNumber(), text);
      case "boolean" -> assertTrue(value.isBoolean(), text);
      default -> { } // {}: anything
    }
  }
}
