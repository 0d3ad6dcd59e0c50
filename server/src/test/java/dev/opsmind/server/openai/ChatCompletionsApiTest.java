package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.GeneratorServer;
import dev.opsmind.server.Sse;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestModels;
import dev.opsmind.server.config.ServerConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat and completions through raw HTTP on a tiny random Qwen2 checkpoint and the real scheduler. */
class ChatCompletionsApiTest {
  @TempDir static Path tmp;
  static GeneratorServer served;
  static TestHttp http;
  static String model;

  @BeforeAll
  static void start() {
    served = GeneratorServer.start(TestModels.tinyQwen2(tmp), new ServerConfig.Limits(0, 0, 8, 64, 8192, 32), null);
    http = served.http();
    model = served.model();
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  static String chat(String content, String extra) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
        + "{\"role\":\"user\",\"content\":\"" + content + "\"}],\"temperature\":0" + extra + "}";
  }

  @Test
  void nonStreamedChatHasOpenAiFieldsAndUsage() {
    var reply = http.post("/v1/chat/completions", chat("why is the disk full?", ",\"max_tokens\":12,\"user\":\"u\",\"unknown_field\":[1]"));
    assertEquals(200, reply.status(), reply.body());
    JsonNode body = reply.json();
    assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
    assertEquals("chat.completion", body.get("object").asText());
    assertTrue(body.get("created").asLong() > 1_600_000_000L);
    assertEquals(model, body.get("model").asText());
    assertNotNull(body.get("system_fingerprint").asText());
    JsonNode choice = body.get("choices").get(0);
    assertEquals(0, choice.get("index").asInt());
    assertEquals("assistant", choice.get("message").get("role").asText());
    String finish = choice.get("finish_reason").asText();
    assertTrue(Set.of("stop", "length").contains(finish), finish);
    JsonNode usage = body.get("usage");
    int completion = usage.get("completion_tokens").asInt();
    assertTrue(completion >= 1 && completion <= 12, usage.toString());
    if (finish.equals("length")) {
      assertEquals(12, completion);
    }
    assertTrue(usage.get("prompt_tokens").asInt() > 5);
    assertEquals(usage.get("prompt_tokens").asInt() + completion, usage.get("total_tokens").asInt());
  }

  /**
   * A gzip request body (Content-Encoding: gzip, as OpenAI's API takes it) is answered as the
   * plain body is (it was a 400 "not valid JSON"); the body limit counts inflated bytes, so a small
   * gzip of more than maxBodyBytes is a 413.
   */
  @Test
  void gzipRequestBodyIsReadAsItsJson() throws Exception {
    String body = chat("disk full", ",\"max_tokens\":6");
    var plain = http.post("/v1/chat/completions", body);
    var gzipped = http.send(http.builder("/v1/chat/completions")
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    assertEquals(200, gzipped.status(), gzipped.body());
    assertEquals(plain.json().get("choices").get(0).get("message").get("content").asText(),
        gzipped.json().get("choices").get(0).get("message").get("content").asText());

    byte[] huge = new byte[(int) new ServerConfig.Limits(0, 0, 8, 64, 8192, 32).maxBodyBytes() + 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    byte[] bomb = gzip(huge);
    assertTrue(bomb.length < 64 * 1024, "compressed " + bomb.length);
    var tooBig = http.send(http.builder("/v1/chat/completions")
        .header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bomb)));
    assertEquals(413, tooBig.status(), tooBig.body());
  }

  private static byte[] gzip(byte[] bytes) throws java.io.IOException {
    var out = new java.io.ByteArrayOutputStream();
    try (var zip = new java.util.zip.GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void aSecondTurnReportsThePromptTokensTakenFromTheCache() {
    String system = "You run the payments cluster. Answer with one shell command and nothing else, ever.";
    String first = "{\"model\":\"" + model + "\",\"max_tokens\":4,\"temperature\":0,\"messages\":["
        + "{\"role\":\"system\",\"content\":\"" + system + "\"},{\"role\":\"user\",\"content\":\"disk full\"}]}";
    JsonNode one = http.post("/v1/chat/completions", first).json();
    assertEquals(0, one.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt(), one.toString());
    String answer = one.get("choices").get(0).get("message").get("content").asText();
    String second = "{\"model\":\"" + model + "\",\"max_tokens\":4,\"temperature\":0,\"messages\":["
        + "{\"role\":\"system\",\"content\":\"" + system + "\"},{\"role\":\"user\",\"content\":\"disk full\"},"
        + "{\"role\":\"assistant\",\"content\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(answer)
        + "},{\"role\":\"user\",\"content\":\"and inodes?\"}]}";
    JsonNode two = http.post("/v1/chat/completions", second).json();
    JsonNode usage = two.get("usage");
    int cached = usage.get("prompt_tokens_details").get("cached_tokens").asInt();
    // at least the system message is reused, never the whole prompt
    assertTrue(cached >= one.get("usage").get("prompt_tokens").asInt() / 2, usage.toString());
    assertTrue(cached < usage.get("prompt_tokens").asInt(), usage.toString());
    String metrics = http.get("/metrics").body();
    assertTrue(metrics.contains("opsmind_tokens_cached_total{model=\"" + model + "\"}"), metrics);
  }

  @Test
  void streamedChatConcatenatesToTheNonStreamedText() {
    JsonNode whole = http.post("/v1/chat/completions", chat("restart nginx", ",\"max_completion_tokens\":16")).json();
    var reply = http.post("/v1/chat/completions",
        chat("restart nginx", ",\"max_completion_tokens\":16,\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
    assertEquals(200, reply.status(), reply.body());
    assertTrue(reply.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<JsonNode> events = Sse.events(reply.body());
    Set<String> ids = new HashSet<>();
    StringBuilder text = new StringBuilder();
    int finishes = 0;
    for (JsonNode event : events) {
      ids.add(event.get("id").asText());
      assertEquals("chat.completion.chunk", event.get("object").asText());
      for (JsonNode choice : event.get("choices")) {
        JsonNode content = choice.get("delta").get("content");
        if (content != null && !content.isNull()) {
          text.append(content.asText());
        }
        if (!choice.get("finish_reason").isNull()) {
          finishes++;
          assertEquals(whole.get("choices").get(0).get("finish_reason").asText(), choice.get("finish_reason").asText());
        }
      }
    }
    assertEquals(1, ids.size(), "one id in every chunk");
    assertEquals("assistant", events.get(0).get("choices").get(0).get("delta").get("role").asText());
    assertEquals(1, finishes, "exactly one chunk carries a finish_reason");
    assertEquals(whole.get("choices").get(0).get("message").get("content").asText(), text.toString());
    JsonNode last = events.get(events.size() - 1);
    assertEquals(0, last.get("choices").size());
    for (String count : List.of("prompt_tokens", "completion_tokens", "total_tokens")) {
      assertEquals(whole.get("usage").get(count), last.get("usage").get(count), count);
    }
    // the same prompt again: all but its last token come from the prompt cache
    assertEquals(last.get("usage").get("prompt_tokens").asInt() - 1,
        last.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt());
  }

  @Test
  void contentPartsNAndSeedsAndLogprobs() {
    var reply = http.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"developer\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"be brief\"}]},{\"role\":\"user\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"hi\"},{\"type\":\"text\",\"text\":\"there\"}]}],\"n\":2,\"seed\":5,\"temperature\":1,\"top_p\":0.9,"
        + "\"max_tokens\":6,\"stop\":[\"\\n\\n\"],\"presence_penalty\":0.5,\"frequency_penalty\":0.5,"
        + "\"logprobs\":true,\"top_logprobs\":2}");
    assertEquals(200, reply.status(), reply.body());
    JsonNode choices = reply.json().get("choices");
    assertEquals(2, choices.size());
    assertEquals(1, choices.get(1).get("index").asInt());
    JsonNode content = choices.get(0).get("logprobs").get("content");
    assertEquals(reply.json().get("usage").get("completion_tokens").asInt(),
        choices.get(0).get("logprobs").get("content").size() + choices.get(1).get("logprobs").get("content").size());
    assertEquals(2, content.get(0).get("top_logprobs").size());
    assertTrue(content.get(0).get("logprob").asDouble() <= 0);
    var again = http.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"developer\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"be brief\"}]},{\"role\":\"user\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"hi\"},{\"type\":\"text\",\"text\":\"there\"}]}],\"n\":2,\"seed\":5,\"temperature\":1,\"top_p\":0.9,"
        + "\"max_tokens\":6,\"stop\":[\"\\n\\n\"],\"presence_penalty\":0.5,\"frequency_penalty\":0.5}");
    assertEquals(choices.get(0).get("message").get("content"), again.json().get("choices").get(0).get("message").get("content"),
        "the same seed gives the same text");
  }

  @Test
  void logprobsWithoutAlternativesAreTheChosenTokensOnly() {
    // logprobs: true without top_logprobs (chat), logprobs: 0 (completions): no alternatives
    var chat = http.post("/v1/chat/completions", chat("disk full", ",\"max_tokens\":3,\"logprobs\":true"));
    assertEquals(200, chat.status(), chat.body());
    JsonNode content = chat.json().get("choices").get(0).get("logprobs").get("content");
    assertEquals(chat.json().get("usage").get("completion_tokens").asInt(), content.size());
    assertEquals(0, content.get(0).get("top_logprobs").size());
    var legacy = http.post("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"disk\",\"max_tokens\":3,"
        + "\"logprobs\":0,\"temperature\":0}");
    assertEquals(200, legacy.status(), legacy.body());
    assertEquals(legacy.json().get("usage").get("completion_tokens").asInt(),
        legacy.json().get("choices").get(0).get("logprobs").get("token_logprobs").size());
    // legacy top_logprobs always hold the sampled token (OpenAI: up to logprobs+1 entries): here it alone
    JsonNode legacyLogprobs = legacy.json().get("choices").get(0).get("logprobs");
    for (int i = 0; i < legacyLogprobs.get("tokens").size(); i++) {
      JsonNode top = legacyLogprobs.get("top_logprobs").get(i);
      assertEquals(1, top.size(), top.toString());
      assertEquals(legacyLogprobs.get("token_logprobs").get(i).asDouble(),
          top.get(legacyLogprobs.get("tokens").get(i).asText()).asDouble(), 1e-6);
    }
  }

  @Test
  void completionsTakeOneChoicePerPromptAndStream() {
    var reply = http.post("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":[\"disk full\",\"dns fails\"],"
        + "\"max_tokens\":5,\"temperature\":0}");
    assertEquals(200, reply.status(), reply.body());
    JsonNode body = reply.json();
    assertEquals("text_completion", body.get("object").asText());
    assertEquals(2, body.get("choices").size());
    var streamed = http.post("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"dns fails\","
        + "\"max_tokens\":5,\"temperature\":0,\"stream\":true}");
    StringBuilder text = new StringBuilder();
    int finishes = 0;
    for (JsonNode event : Sse.events(streamed.body())) {
      JsonNode choice = event.get("choices").get(0);
      text.append(choice.get("text").asText());
      finishes += choice.get("finish_reason").isNull() ? 0 : 1;
    }
    assertEquals(1, finishes);
    assertEquals(body.get("choices").get(1).get("text").asText(), text.toString());
    var echo = http.post("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"dns fails\",\"echo\":true,"
        + "\"max_tokens\":5,\"temperature\":0}");
    assertEquals("dns fails" + text, echo.json().get("choices").get(0).get("text").asText());
  }

  /** A streamed completion's text_offset counts from the choice's start, echo included, as the whole answer's. */
  @Test
  void streamedCompletionLogprobsHaveTheWholeAnswersTextOffsets() {
    for (String echo : List.of("false", "true")) {
      String body = "{\"model\":\"" + model + "\",\"prompt\":\"dns fails\",\"echo\":" + echo
          + ",\"max_tokens\":5,\"temperature\":0,\"logprobs\":1";
      JsonNode whole = http.post("/v1/completions", body + "}").json().get("choices").get(0).get("logprobs");
      List<Integer> offsets = new ArrayList<>();
      List<String> tokens = new ArrayList<>();
      for (JsonNode event : Sse.events(http.post("/v1/completions", body + ",\"stream\":true}").body())) {
        JsonNode logprobs = event.get("choices").get(0).get("logprobs");
        if (logprobs != null && !logprobs.isNull()) {
          logprobs.get("text_offset").forEach(o -> offsets.add(o.asInt()));
          logprobs.get("tokens").forEach(t -> tokens.add(t.asText()));
        }
      }
      List<Integer> expected = new ArrayList<>();
      whole.get("text_offset").forEach(o -> expected.add(o.asInt()));
      assertEquals(5, expected.size(), whole.toString());
      assertEquals(expected, offsets, "echo " + echo + ", tokens " + tokens);
    }
  }

  @Test
  void aPromptTheContextCannotHoldIsContextLengthExceeded() {
    String longText = "disk full on /var ".repeat(200);
    String[][] cases = {
        {"/v1/chat/completions", chat(longText, ""), "messages"},
        {"/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"" + longText + "\"}", "prompt"},
        {"/v1/responses", "{\"model\":\"" + model + "\",\"input\":\"" + longText + "\"}", "input"},
    };
    for (String[] c : cases) {
      var reply = http.post(c[0], c[1]);
      assertEquals(400, reply.status(), reply.body());
      assertEquals("context_length_exceeded", reply.error().get("code").asText(), reply.body());
      assertEquals(c[2], reply.error().get("param").asText());
    }
  }

  @Test
  void aJsonBodyLabelledAsAFormIsReadAsJson() {
    // curl -d sends Content-Type application/x-www-form-urlencoded; a long body must still be JSON
    String body = "{\"model\":\"" + model + "\",\"prompt\":\"disk\",\"max_tokens\":1,\"pad\":\""
        + "x".repeat(100_000) + "\"}";
    var reply = http.send(http.builder("/v1/completions").header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(200, reply.status(), reply.body());
    assertEquals(1, reply.json().get("usage").get("completion_tokens").asInt());
  }

  @Test
  void completionsTakeTokenIdPrompts() throws Exception {
    var tokenizer = served.server().backends().generators().get(model).tokenizer();
    int[] disk = tokenizer.encode("disk full");
    int[] dns = tokenizer.encode("dns fails");
    String asText = "{\"model\":\"" + model + "\",\"prompt\":[\"disk full\",\"dns fails\"],\"max_tokens\":5,"
        + "\"temperature\":0}";
    String ids = json(disk);
    JsonNode byText = http.post("/v1/completions", asText).json();
    JsonNode byIds = http.post("/v1/completions", asText.replace("[\"disk full\",\"dns fails\"]",
        "[" + ids + "," + json(dns) + "]")).json();
    JsonNode single = http.post("/v1/completions", asText.replace("[\"disk full\",\"dns fails\"]", ids)
        .replace("}", ",\"echo\":true}")).json();
    for (int i = 0; i < 2; i++) {
      assertEquals(byText.get("choices").get(i).get("text"), byIds.get("choices").get(i).get("text"));
    }
    assertEquals(byText.get("usage"), byIds.get("usage"));
    assertEquals("disk full" + byText.get("choices").get(0).get("text").asText(),
        single.get("choices").get(0).get("text").asText(), "echo writes the ids' text back");
    for (String bad : new String[] {"[]", "[[]]", "[1,-2]", "[1,2.5]", "[[1],{\"a\":1}]", "[999999]"}) {
      var refused = http.post("/v1/completions", asText.replace("[\"disk full\",\"dns fails\"]", bad));
      assertEquals(400, refused.status(), bad + " -> " + refused.body());
      assertTrue(refused.json().get("error").get("param").asText().startsWith("prompt"), refused.body());
    }
    var empty = http.post("/v1/completions", asText.replace("[\"disk full\",\"dns fails\"]", "\"\""));
    assertEquals(400, empty.status(), empty.body());
    assertEquals("prompt", empty.json().get("error").get("param").asText());
  }

  private static String json(int[] ids) {
    return java.util.Arrays.toString(ids).replace(" ", "");
  }

  @Test
  void greedyOutputIsTheSameAloneAndInAFullBatch() throws Exception {
    String probe = chat("the pager says mysql replication lag", ",\"max_tokens\":24");
    String alone = http.post("/v1/chat/completions", probe).json().get("choices").get(0).get("message").get("content").asText();
    List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String body = i == 3 ? probe : chat("question number " + i + " about certificates", ",\"max_tokens\":" + (10 + 3 * i));
      batch.add(http.client().sendAsync(http.builder("/v1/chat/completions").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    for (var future : batch) {
      assertEquals(200, future.get().statusCode(), future.get().body());
    }
    JsonNode inBatch = dev.opsmind.server.http.Json.MAPPER.readTree(batch.get(3).get().body());
    assertEquals(alone, inBatch.get("choices").get(0).get("message").get("content").asText());
  }

  @Test
  void logitBiasAndVllmSamplingExtrasApply() {
    var tokenizer = served.server().backends().generators().get(model).tokenizer();
    // two ids that decode to distinct, whole characters
    int[] ids = java.util.stream.IntStream.range(0, 512)
        .filter(id -> tokenizer.decode(new int[] {id}).matches("[a-z]+")).limit(2).toArray();
    assertEquals(2, ids.length);
    int t = ids[0];
    int u = ids[1];
    // +100 makes greedy decoding pick a token whatever the prompt
    String forced = ",\"max_tokens\":3,\"logit_bias\":{\"" + t + "\":100}";
    for (String prompt : new String[] {"disk full", "nginx 502 on every route"}) {
      JsonNode reply = http.post("/v1/chat/completions", chat(prompt, forced)).json();
      assertEquals(tokenizer.decode(new int[] {t, t, t}), reply.get("choices").get(0).get("message").get("content").asText(),
          reply.toString());
    }
    // with that token as a stop token, generation ends at once
    JsonNode stopped = http.post("/v1/chat/completions", chat("disk full", forced + ",\"stop_token_ids\":[" + t + "]")).json();
    assertEquals("stop", stopped.get("choices").get(0).get("finish_reason").asText(), stopped.toString());
    assertEquals("", stopped.get("choices").get(0).get("message").get("content").asText());
    // of two tokens lifted alike, -100 on the one greedy picks leaves the other
    String both = "\"" + t + "\":60,\"" + u + "\":60";
    String first = http.post("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"x\",\"max_tokens\":1,"
        + "\"temperature\":0,\"logit_bias\":{" + both + "}}").json().get("choices").get(0).get("text").asText();
    int picked = first.equals(tokenizer.decode(new int[] {t})) ? t : u;
    int other = picked == t ? u : t;
    assertEquals(tokenizer.decode(new int[] {picked}), first);
    String second = http.post("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"x\",\"max_tokens\":1,"
        + "\"temperature\":0,\"logit_bias\":{" + both + ",\"" + picked + "\":-40}}").json().get("choices").get(0)
        .get("text").asText();
    assertEquals(tokenizer.decode(new int[] {other}), second);
    // vLLM / llama-server extras are accepted and sample
    var extras = http.post("/v1/chat/completions", chat("disk full",
        ",\"temperature\":0.8,\"seed\":3,\"top_k\":5,\"min_p\":0.05,\"repetition_penalty\":1.3,\"max_tokens\":4")
        .replace("\"temperature\":0,", ""));
    assertEquals(200, extras.status(), extras.body());
    assertEquals(200, http.post("/v1/chat/completions", chat("disk full", ",\"top_k\":-1,\"max_tokens\":2")).status());
  }

  @Test
  void minTokensAndIgnoreEosHoldOffTheEnd() {
    var generator = served.server().backends().generators().get(model);
    int eos = dev.opsmind.inference.generate.config.GenerationConfig.eosIds(generator.directory(), generator.tokenizer())
        .iterator().next();
    String forcedEos = ",\"max_tokens\":5,\"logit_bias\":{\"" + eos + "\":100}";
    JsonNode plain = http.post("/v1/chat/completions", chat("disk full", forcedEos)).json();
    assertEquals("stop", plain.get("choices").get(0).get("finish_reason").asText(), plain.toString());
    assertEquals(1, plain.get("usage").get("completion_tokens").asInt());
    // ignore_eos: the forced EOS no longer ends it, max_tokens does
    JsonNode ignored = http.post("/v1/chat/completions", chat("disk full", forcedEos + ",\"ignore_eos\":true")).json();
    assertEquals("length", ignored.get("choices").get(0).get("finish_reason").asText(), ignored.toString());
    assertEquals(5, ignored.get("usage").get("completion_tokens").asInt());
    // min_tokens: EOS cannot come before 3 tokens are out, then it does
    JsonNode held = http.post("/v1/chat/completions", chat("disk full", forcedEos + ",\"min_tokens\":3")).json();
    assertEquals("stop", held.get("choices").get(0).get("finish_reason").asText(), held.toString());
    assertEquals(4, held.get("usage").get("completion_tokens").asInt());
    var tooMany = http.post("/v1/chat/completions", chat("disk full", ",\"max_tokens\":2,\"min_tokens\":3"));
    assertEquals(400, tooMany.status(), tooMany.body());
    assertEquals("min_tokens", tooMany.json().get("error").get("param").asText());
    assertEquals(400, http.post("/v1/chat/completions", chat("disk full", ",\"ignore_eos\":\"yes\"")).status());
  }

  @Test
  void responseFormatJsonObjectGivesOneJsonObject() throws Exception {
    var tokenizer = served.server().backends().generators().get(model).tokenizer();
    int close = tokenizer.encode("}")[0];
    int quote = tokenizer.encode("\"")[0];
    // the random model, nudged towards closing strings and the object, must still write valid JSON
    String body = chat("list the disks as JSON", ",\"max_tokens\":64,\"response_format\":{\"type\":\"json_object\"},"
        + "\"logit_bias\":{\"" + close + "\":6,\"" + quote + "\":4}");
    JsonNode reply = http.post("/v1/chat/completions", body).json();
    JsonNode choice = reply.get("choices").get(0);
    assertEquals("stop", choice.get("finish_reason").asText(), reply.toString());
    String content = choice.get("message").get("content").asText();
    assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(content).isObject(), content);
    // streamed: the same text
    var streamed = http.post("/v1/chat/completions", body.replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\""));
    StringBuilder deltas = new StringBuilder();
    for (JsonNode event : Sse.events(streamed.body())) {
      for (JsonNode c : event.path("choices")) {
        deltas.append(c.path("delta").path("content").asText(""));
      }
    }
    assertEquals(content, deltas.toString());
    // +100 on '{' and '}': the object opens and closes at once (a schema without properties: any object)
    int open = tokenizer.encode("{")[0];
    JsonNode empty = http.post("/v1/chat/completions", chat("x", ",\"max_tokens\":8,\"logit_bias\":{\"" + close
        + "\":100,\"" + open + "\":100},\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"t\",\"schema\":{}}}")).json();
    assertEquals("{}", empty.get("choices").get(0).get("message").get("content").asText(), empty.toString());
    assertEquals("stop", empty.get("choices").get(0).get("finish_reason").asText());
    // json_schema: the output has the schema's keys, types, enum values and array bounds
    String schema = "{\"type\":\"object\",\"properties\":{\"status\":{\"enum\":[\"ok\",\"down\"]},"
        + "\"hosts\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"maxItems\":2},"
        + "\"note\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"status\",\"hosts\"],"
        + "\"additionalProperties\":false}";
    // (the random model would rather write whitespace and endless numbers: nudge it on)
    StringBuilder nudge = new StringBuilder("\"" + close + "\":6,\"" + quote + "\":4,\"" + tokenizer.encode("]")[0] + "\":6");
    for (String ws : new String[] {" ", "\n", "\t"}) {
      for (int id : tokenizer.encode(ws)) {
        nudge.append(",\"").append(id).append("\":-100");
      }
    }
    JsonNode typed = http.post("/v1/chat/completions", chat("status?", ",\"max_tokens\":96,\"logit_bias\":{" + nudge
        + "},\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\","
        + "\"strict\":true,\"schema\":" + schema + "}}")).json();
    assertEquals("stop", typed.get("choices").get(0).get("finish_reason").asText(), typed.toString());
    JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        typed.get("choices").get(0).get("message").get("content").asText());
    assertTrue(doc.get("status").asText().equals("ok") || doc.get("status").asText().equals("down"), doc.toString());
    assertTrue(doc.get("hosts").isArray() && doc.get("hosts").size() <= 2, doc.toString());
    doc.get("hosts").forEach(h -> assertTrue(h.isIntegralNumber(), doc.toString()));
    doc.fieldNames().forEachRemaining(name -> assertTrue(Set.of("status", "hosts", "note").contains(name), doc.toString()));
    // text is free text again
    assertEquals(200, http.post("/v1/chat/completions", chat("x", ",\"max_tokens\":2,\"response_format\":{\"type\":\"text\"}")).status());
  }

  @Test
  void malformedChatRequestsAre400NamingTheField() {
    String[][] cases = {
      {"{\"model\":\"" + model + "\"}", "messages"},
      {"{\"model\":\"" + model + "\",\"messages\":[]}", "messages"},
      {"{\"model\":\"" + model + "\",\"messages\":\"hi\"}", "messages"},
      {"{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", "messages[0].role"},
      {"{\"model\":\"" + model + "\",\"messages\":[{\"content\":\"x\"}]}", "messages[0].role"},
      {"{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\"}]}", "messages[0].content"},
      {"{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content"},
      {"{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}", "messages[0].content[0].type"},
      {"{\"model\":\"" + model + "\",\"messages\":[\"hi\"]}", "messages[0]"},
      {chat("x", ",\"temperature\":3").replace("\"temperature\":0,", ""), "temperature"},
      {chat("x", ",\"top_p\":1.5"), "top_p"},
      {chat("x", ",\"n\":0"), "n"},
      {chat("x", ",\"max_tokens\":\"ten\""), "max_tokens"},
      {chat("x", ",\"max_tokens\":0"), "max_tokens"},
      {chat("x", ",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"), "stop"},
      {chat("x", ",\"stop\":7"), "stop"},
      {chat("x", ",\"top_logprobs\":2"), "top_logprobs"},
      {chat("x", ",\"presence_penalty\":-3"), "presence_penalty"},
      {chat("x", ",\"seed\":\"s\""), "seed"},
      {chat("x", ",\"stream\":\"yes\""), "stream"},
      {"{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model"},
      {chat("x", ",\"logit_bias\":{\"abc\":1}"), "logit_bias"},
      {chat("x", ",\"logit_bias\":{\"5\":101}"), "logit_bias"},
      {chat("x", ",\"logit_bias\":{\"5\":\"up\"}"), "logit_bias"},
      {chat("x", ",\"logit_bias\":{\"99999\":1}"), "logit_bias"},
      {chat("x", ",\"logit_bias\":[1]"), "logit_bias"},
      {chat("x", ",\"top_k\":\"x\""), "top_k"},
      {chat("x", ",\"min_p\":1"), "min_p"},
      {chat("x", ",\"repetition_penalty\":0"), "repetition_penalty"},
      {chat("x", ",\"stop_token_ids\":[-1]"), "stop_token_ids"},
      {chat("x", ",\"stop_token_ids\":[99999]"), "stop_token_ids"},
      {chat("x", ",\"response_format\":{\"type\":\"yaml\"}"), "response_format.type"},
      {chat("x", ",\"response_format\":{}"), "response_format.type"},
      {chat("x", ",\"response_format\":\"json\""), "response_format"},
      {chat("x", ",\"response_format\":{\"type\":\"json_schema\"}"), "response_format.json_schema.schema"},
      {chat("x", ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{\"type\":\"array\"}}}"),
          "response_format.json_schema.schema"},
    };
    for (String[] c : cases) {
      var reply = http.post("/v1/chat/completions", c[0]);
      assertEquals(400, reply.status(), c[0] + " -> " + reply.body());
      assertEquals(c[1], reply.error().get("param").asText(), c[0] + " -> " + reply.body());
    }
    for (String bad : new String[] {"{", "[]", "42", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]",
        chat("x", "") + " {}", chat("x", "") + "x"}) {
      var reply = http.post("/v1/chat/completions", bad);
      assertEquals(400, reply.status(), bad);
      reply.error();
    }
    var unknown = http.post("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(404, unknown.status());
    assertEquals("model_not_found", unknown.error().get("code").asText());
    var huge = http.post("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"x\",\"max_tokens\":2147483647,\"temperature\":0}");
    assertEquals(200, huge.status(), huge.body());
    var emptyPrompt = http.post("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"\"}");
    assertEquals(400, emptyPrompt.status(), emptyPrompt.body());
    var tooLong = http.post("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"" + "word ".repeat(2000) + "\"}");
    assertEquals(400, tooLong.status(), tooLong.body());
    assertFalse(tooLong.error().get("message").asText().isBlank());
  }
}
