package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestModels;
import dev.opsmind.server.TestRoots;
import dev.opsmind.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire format of every generation API, byte for byte: chat completions (whole, streamed, with
 * logprobs, with a forced tool call), legacy completions (echo, logprobs, several prompts), the
 * Responses API (message, function call, incomplete), grounded chat and responses (extractive,
 * generated, generator fallback), embeddings, models, and request errors. Each answer's body, with its ids and
 * timestamps replaced by placeholders, must equal the file under {@code golden/wire/} that the
 * code wrote before its response records were typed; run with {@code -Dopsmind.golden.write=true}
 * to rewrite them after an intended change of the wire format (and review the diff).
 *
 * <p>Every case's prompt starts differently, so no answer reuses another's prompt cache (greedy
 * decoding on the tiny random checkpoint is then the same run to run), and the cases run in one
 * test, in order.
 */
class WireGoldenTest {
  @TempDir static Path tmp;
  static OpsmindServer server;
  static TestHttp http;
  static String model;
  static final Path GOLDEN = Path.of("src/test/resources/golden/wire");
  static final boolean WRITE = Boolean.getBoolean("opsmind.golden.write");

  // enum parameters: a forced call's structure is fully determined, so it ends within a few tokens
  static final String CHAT_TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"restart_service\","
      + "\"description\":\"Restart a unit\",\"parameters\":{\"type\":\"object\",\"properties\":{"
      + "\"host\":{\"enum\":[\"web-1\",\"web-2\"]},\"now\":{\"type\":\"boolean\"}},\"required\":[\"host\",\"now\"],"
      + "\"additionalProperties\":false}}}]";
  static final String RESPONSES_TOOLS = "[{\"type\":\"function\",\"name\":\"restart_service\","
      + "\"description\":\"Restart a unit\",\"parameters\":{\"type\":\"object\",\"properties\":{"
      + "\"host\":{\"enum\":[\"web-1\",\"web-2\"]},\"now\":{\"type\":\"boolean\"}},\"required\":[\"host\",\"now\"],"
      + "\"additionalProperties\":false}}]";

  @BeforeAll
  static void start() throws IOException {
    Path generator = TestModels.tinyQwen2Long(tmp.resolve("models"));
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5")
        .withIndex(tmp.resolve("data").resolve("index"))
        .withModels(List.of(generator.toString()))
        .withLimits(new ServerConfig.Limits(0, 0, 8, 64, 65536, 32))
        .withSources(List.of(new ServerConfig.Source("runbooks", TestRoots.sampleRunbooks(), List.of("*"))));
    server = OpsmindServer.start(config);
    http = new TestHttp(server.port(), null);
    http.awaitReady();
    model = dev.opsmind.inference.model.ModelCatalog.modelName(generator);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  record Case(String name, String path, String body) {}

  static String chat(String tag, String extra) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"" + tag
        + " You are terse.\"},{\"role\":\"user\",\"content\":\"why is the disk full?\"}],\"temperature\":0" + extra + "}";
  }

  static String tools(String tag, String extra) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + tag
        + " restart nginx on web-1\"}],\"temperature\":0,\"max_tokens\":200,\"tools\":" + CHAT_TOOLS
        + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"restart_service\"}}" + extra + "}";
  }

  static String responses(String tag, String extra) {
    return "{\"model\":\"" + model + "\",\"instructions\":\"" + tag + " Be terse.\",\"input\":\"disk full on web-1\","
        + "\"temperature\":0" + extra + "}";
  }

  static String grounded(String model, String question, String extra) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]"
        + extra + "}";
  }

  static List<Case> cases() {
    String disk = "Node disk full: the node has no free disk space left, what should I do?";
    String alias = model + "+opsmind";
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("chat-whole", "/v1/chat/completions", chat("A1", ",\"max_tokens\":6,\"user\":\"u\"")));
    cases.add(new Case("chat-whole-logprobs", "/v1/chat/completions",
        chat("A2", ",\"max_tokens\":4,\"logprobs\":true,\"top_logprobs\":2,\"n\":2,\"seed\":3")));
    cases.add(new Case("chat-stream", "/v1/chat/completions",
        chat("A3", ",\"max_tokens\":5,\"stream\":true,\"stream_options\":{\"include_usage\":true}")));
    cases.add(new Case("chat-stream-logprobs", "/v1/chat/completions",
        chat("A4", ",\"max_tokens\":3,\"stream\":true,\"logprobs\":true,\"top_logprobs\":1")));
    cases.add(new Case("chat-tool-whole", "/v1/chat/completions", tools("B1", "")));
    cases.add(new Case("chat-tool-stream", "/v1/chat/completions",
        tools("B2", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}")));
    cases.add(new Case("completions-whole", "/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":[\"C1 the disk"
        + " is\",\"C1 restart the\"],\"max_tokens\":4,\"temperature\":0,\"echo\":true,\"logprobs\":2,\"n\":2,\"seed\":5}"));
    cases.add(new Case("completions-stream", "/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"C2 the disk"
        + " is\",\"max_tokens\":4,\"temperature\":0,\"echo\":true,\"logprobs\":1,\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true}}"));
    cases.add(new Case("completions-tokens", "/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":[1,40,41,42],"
        + "\"max_tokens\":3,\"temperature\":0}"));
    cases.add(new Case("responses-whole", "/v1/responses", responses("D1", ",\"max_output_tokens\":200,"
        + "\"metadata\":{\"k\":\"v\"},\"user\":\"u\",\"store\":false")));
    cases.add(new Case("responses-incomplete", "/v1/responses", responses("D2", ",\"max_output_tokens\":3")));
    cases.add(new Case("responses-stream", "/v1/responses", responses("D3", ",\"max_output_tokens\":4,\"stream\":true")));
    cases.add(new Case("responses-tool-whole", "/v1/responses", responses("D4", ",\"max_output_tokens\":200,\"tools\":"
        + RESPONSES_TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"name\":\"restart_service\"}")));
    cases.add(new Case("responses-tool-stream", "/v1/responses", responses("D5", ",\"max_output_tokens\":200,"
        + "\"stream\":true,\"tools\":" + RESPONSES_TOOLS + ",\"tool_choice\":\"required\"")));
    cases.add(new Case("grounded-extractive-whole", "/v1/chat/completions", grounded("opsmind-extractive", disk, "")));
    cases.add(new Case("grounded-extractive-stream", "/v1/chat/completions", grounded("opsmind-extractive", disk,
        ",\"stream\":true,\"stream_options\":{\"include_usage\":true}")));
    cases.add(new Case("grounded-generated-whole", "/v1/chat/completions", grounded(alias, "E1 " + disk,
        ",\"temperature\":0,\"max_tokens\":6")));
    cases.add(new Case("grounded-generated-stream", "/v1/chat/completions", grounded(alias, "E2 " + disk,
        ",\"temperature\":0,\"max_tokens\":6,\"stream\":true,\"opsmind\":{\"top_k\":3,\"mode\":\"bm25\"}")));
    cases.add(new Case("grounded-none", "/v1/chat/completions", grounded("opsmind-extractive",
        "What is the airspeed velocity of an unladen swallow?", "")));
    cases.add(new Case("grounded-responses-whole", "/v1/responses", "{\"model\":\"opsmind-extractive\",\"input\":\""
        + disk + "\"}"));
    cases.add(new Case("grounded-responses-stream", "/v1/responses", "{\"model\":\"opsmind-extractive\",\"input\":\""
        + disk + "\",\"stream\":true}"));
    cases.add(new Case("grounded-responses-generated", "/v1/responses", "{\"model\":\"" + alias + "\",\"input\":\"F1 "
        + disk + "\",\"temperature\":0,\"max_output_tokens\":5,\"stream\":true}"));
    cases.add(new Case("embeddings", "/v1/embeddings", "{\"model\":\"bge-small-zh-v1.5\",\"input\":[\"disk full\","
        + "\"磁盘满了\"]}"));
    cases.add(new Case("embeddings-base64", "/v1/embeddings", "{\"model\":\"bge-small-zh-v1.5\",\"input\":\"disk full\","
        + "\"encoding_format\":\"base64\"}"));
    // errors: each names its param
    cases.add(new Case("error-chat-temperature", "/v1/chat/completions", chat("X", ",\"temperature\":3")));
    cases.add(new Case("error-chat-messages", "/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[]}"));
    cases.add(new Case("error-chat-role", "/v1/chat/completions", "{\"model\":\"" + model
        + "\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"));
    cases.add(new Case("error-chat-tool-choice", "/v1/chat/completions", chat("X", ",\"tool_choice\":\"auto\"")));
    cases.add(new Case("error-chat-model", "/v1/chat/completions", "{\"model\":\"nope\",\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"x\"}]}"));
    cases.add(new Case("error-completions-prompt", "/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":[[]]}"));
    cases.add(new Case("error-completions-best-of", "/v1/completions", "{\"model\":\"" + model
        + "\",\"prompt\":\"x\",\"n\":2,\"best_of\":1}"));
    cases.add(new Case("error-responses-format", "/v1/responses", responses("X", ",\"text\":{\"format\":{\"type\":"
        + "\"yaml\"}}")));
    cases.add(new Case("error-responses-max-tokens", "/v1/responses", responses("X", ",\"max_output_tokens\":0")));
    cases.add(new Case("error-responses-input", "/v1/responses", "{\"model\":\"" + model + "\",\"input\":[{\"type\":"
        + "\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_image\"}]}]}"));
    cases.add(new Case("error-grounded-top-k", "/v1/chat/completions", grounded("opsmind-extractive", disk,
        ",\"opsmind\":{\"top_k\":99}")));
    cases.add(new Case("error-grounded-n", "/v1/chat/completions", grounded("opsmind-extractive", disk, ",\"n\":2")));
    return cases;
  }

  @Test
  void everyApiAnswersAsTheGoldenFilesSay() throws IOException {
    List<String> differing = new ArrayList<>();
    List<Case> all = new ArrayList<>(cases());
    all.add(new Case("models", "/v1/models", null));
    all.add(new Case("model", "/v1/models/" + model, null));
    for (Case c : all) {
      TestHttp.Reply reply = c.body() == null ? http.get(c.path()) : http.post(c.path(), c.body());
      String actual = (c.body() == null ? "GET " + c.path() + "\n" : "POST " + c.path() + "\n" + c.body() + "\n")
          + "\n" + reply.status() + "\n" + normalize(reply.body());
      Path file = GOLDEN.resolve(c.name() + ".txt");
      if (WRITE) {
        Files.createDirectories(GOLDEN);
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        continue;
      }
      assertTrue(Files.exists(file), "no golden file " + file + ": run with -Dopsmind.golden.write=true");
      String expected = Files.readString(file, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        differing.add(c.name() + "\n--- expected\n" + expected + "\n--- actual\n" + actual);
      }
    }
    assertEquals(List.of(), differing, "wire output differs from golden/wire");
  }

  /** Ids and times replaced: what stays is every field's name, order and value. */
  static String normalize(String body) {
    return body
        .replaceAll("chatcmpl-[0-9a-f]{32}", "chatcmpl-ID")
        .replaceAll("\"cmpl-[0-9a-f]{32}\"", "\"cmpl-ID\"")
        .replaceAll("resp_[0-9a-f]{32}", "resp_ID")
        .replaceAll("msg_[0-9a-f]{32}", "msg_ID")
        .replaceAll("call_[0-9a-f]{24}", "call_ID")
        .replaceAll("fc_[0-9a-f]{24}", "fc_ID")
        .replaceAll("\"created\":\\d+", "\"created\":0")
        .replaceAll("\"created_at\":\\d+", "\"created_at\":0");
  }
}
