package dev.opsmind.inference.generate.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The JSON recognizer behind response_format json_object, checked against Jackson's parser. */
class JsonGrammarTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Feeds the text; returns how many bytes were taken before the first refusal. */
  static int feed(JsonGrammar g, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (!g.accept(bytes[i])) {
        return i;
      }
    }
    return bytes.length;
  }

  @Test
  void acceptsValidObjectsWholeAndCompletesAtTheirEnd() throws Exception {
    String[] valid = {
      "{}",
      "{\"a\":1}",
      "{\"a\": [1, -2.5e+3, 0, 0.25, 1E9, -0], \"b\": {\"c\": null, \"d\": true, \"e\": false}}",
      "{\"s\":\"quote \\\" slash \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\uD83D\\uDE00 é 磁盘\"}",
      "{\"nested\":[[[]],{},[{\"x\":[\"y\"]}]],\"n\":12345678901234567890}",
      "{\n  \"pretty\": [\n    1,\n    2\n  ]\n}",
    };
    for (String text : valid) {
      JsonGrammar g = new JsonGrammar();
      assertEquals(text.getBytes(StandardCharsets.UTF_8).length, feed(g, text), text);
      assertTrue(g.complete(), text);
      assertTrue(JSON.readTree(text).isObject(), "Jackson agrees: " + text);
    }
  }

  @Test
  void refusesWhatNoValidJsonObjectContinuesWith() {
    String[][] cases = { // text, the prefix that is still fine
      {"[1]", ""}, {"\"s\"", ""}, {"x", ""}, {" {}", ""}, {"{,", "{"}, {"{\"a\":1,}", "{\"a\":1,"}, {"{\"a\" 1}", "{\"a\" "},
      {"{\"a\":01}", "{\"a\":0"}, {"{\"a\":1.}", "{\"a\":1."}, {"{\"a\":-}", "{\"a\":-"}, {"{\"a\":tru}", "{\"a\":tru"},
      {"{\"a\":[1 2]}", "{\"a\":[1 "}, {"{\"a\":\"\\x\"}", "{\"a\":\"\\"}, {"{\"a\":\"\\u12g4\"}", "{\"a\":\"\\u12"},
      {"{\"a\":\"line\nbreak\"}", "{\"a\":\"line"}, {"{\"a\":1]", "{\"a\":1"}, {"{}x", "{}"}, {"{} ", "{}"},
      {"{1:2}", "{"}, {"{\"a\":1e}", "{\"a\":1e"}, {"{\"a\":+1}", "{\"a\":"},
    };
    for (String[] c : cases) {
      JsonGrammar g = new JsonGrammar();
      assertEquals(c[1].length(), feed(g, c[0]), c[0]);
    }
  }

  @Test
  void bytesTriedOnACopyLeaveTheOriginalAsItWas() {
    JsonGrammar g = new JsonGrammar();
    feed(g, "{\"a\":12");
    JsonGrammar probe = g.copy();
    assertFalse(probe.accept((byte) ':'));
    assertEquals(2, feed(g, "3}x"), "still in the number, then closes, then nothing more");
    assertTrue(g.complete());
  }

  @Test
  void depthAndWhitespaceAreBounded() {
    JsonGrammar deep = new JsonGrammar();
    String open = "{\"a\":" + "[".repeat(JsonGrammar.MAX_DEPTH - 1);
    assertEquals(open.length(), feed(deep, open));
    assertFalse(deep.accept((byte) '['), "no deeper than MAX_DEPTH");
    JsonGrammar spaces = new JsonGrammar();
    assertEquals(1 + JsonGrammar.MAX_WHITESPACE, feed(spaces, "{" + " ".repeat(JsonGrammar.MAX_WHITESPACE + 1)));
    assertTrue(spaces.accept((byte) '}'), "after the whitespace, the object may still close");
    JsonGrammar lines = new JsonGrammar();
    assertEquals(4, feed(lines, "{\n  \n"), "one line break per run of whitespace");
    assertEquals(8, feed(lines, "\"a\": 1\n}"), "pretty printing still works, the next run may break again");
    assertTrue(lines.complete());
  }

  @Test
  void randomWalksThroughTheGrammarAreJsonObjectsToJackson() throws Exception {
    byte[] alphabet = "{}[],:\"\\ \n0123456789-+.eEtrufalsnbx/éa".getBytes(StandardCharsets.UTF_8);
    SplittableRandom random = new SplittableRandom(7);
    int completed = 0;
    for (int walk = 0; walk < 400; walk++) {
      JsonGrammar g = new JsonGrammar();
      List<Byte> out = new ArrayList<>();
      for (int step = 0; step < 400 && !g.complete(); step++) {
        // prefer closing brackets later in a walk, so most walks end
        List<Byte> options = new ArrayList<>();
        for (byte b : alphabet) {
          JsonGrammar probe = g.copy();
          if (probe.accept(b)) {
            options.add(b);
          }
        }
        assertFalse(options.isEmpty(), "some byte always continues: " + g);
        byte pick = options.get(random.nextInt(options.size()));
        if (step > 60) {
          for (byte b : options) {
            if (b == '}' || b == ']' || b == '"') {
              pick = b;
            }
          }
        }
        assertTrue(g.accept(pick));
        out.add(pick);
      }
      if (g.complete()) {
        completed++;
        byte[] bytes = new byte[out.size()];
        for (int i = 0; i < bytes.length; i++) {
          bytes[i] = out.get(i);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        JsonNode parsed = JSON.readTree(text);
        assertTrue(parsed.isObject(), text);
      }
    }
    assertTrue(completed > 300, "most walks close their object: " + completed);
  }
}
