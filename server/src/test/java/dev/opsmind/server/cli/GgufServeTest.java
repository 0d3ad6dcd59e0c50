package dev.opsmind.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomGguf;
import dev.opsmind.inference.gguf.GgmlType;
import dev.opsmind.inference.gguf.GgufFile;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import dev.opsmind.server.GeneratorServer;
import dev.opsmind.server.TinyLlamas;
import dev.opsmind.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GGUF files served like any checkpoint: through the API on the trained stories260K (its
 * published greedy continuation of BOS, also after {@code models quantize} to Q8_0) and on a
 * fabricated SentencePiece-vocabulary GGUF (so CI without ../shared still covers the logprob
 * token texts and the prefix-space rule); {@code models list} and {@code models quantize} on them.
 */
class GgufServeTest {
  private static final ServerConfig.Limits LIMITS = new ServerConfig.Limits(0, 0, 4, 16, 4096, 16);

  @TempDir Path tmp;

  /** The completion of {@code prompt} (a JSON value), greedy, with logprobs. */
  private static JsonNode complete(GeneratorServer s, String prompt, int maxTokens, String extra) {
    var reply = s.http().post("/v1/completions", "{\"model\":\"" + s.model() + "\",\"prompt\":" + prompt
        + ",\"max_tokens\":" + maxTokens + ",\"temperature\":0,\"logprobs\":2" + extra + "}");
    assertEquals(200, reply.status(), reply.body());
    return reply.json().get("choices").get(0);
  }

  private static String joined(JsonNode choice) {
    StringBuilder out = new StringBuilder();
    choice.get("logprobs").get("tokens").forEach(t -> out.append(t.asText()));
    return out.toString();
  }

  @Test
  void fabricatedGgufServesWithExactTokenTextsAndDropsTheDummyPrefixOnlyAfterABareBos() {
    Path file = tmp.resolve("tiny-spm.gguf");
    RandomGguf.write(file, ModelShapes.get("tiny-llama"), 5, 0.02);
    int a = RandomGguf.vocabulary(512).indexOf("\u2581a");
    int disk = RandomGguf.vocabulary(512).indexOf("\u2581disk");
    String force = ",\"logit_bias\":{\"" + a + "\":100}";
    try (GeneratorServer s = GeneratorServer.start(file, LIMITS, null)) {
      assertEquals("tiny-spm", s.model());
      var models = s.http().get("/v1/models");
      assertTrue(models.body().contains("\"tiny-spm\""), models.body());
      // after a bare BOS the first ▁a begins the text: "a a a a", its token "a", then " a"
      JsonNode afterBos = complete(s, "[1]", 4, force);
      assertEquals("a a a a", afterBos.get("text").asText());
      assertEquals(List.of("a", " a", " a", " a"), texts(afterBos.get("logprobs").get("tokens")));
      assertEquals(afterBos.get("text").asText(), joined(afterBos));
      // after text, every ▁a keeps its space: SentencePiece's ▁ is the space before the word
      JsonNode afterText = complete(s, "\"disk\"", 3, force);
      assertEquals(" a a a", afterText.get("text").asText());
      assertEquals(List.of(" a", " a", " a"), texts(afterText.get("logprobs").get("tokens")));
      // the same ids as a token prompt: [BOS, ▁disk] is text already, so no prefix is dropped
      JsonNode afterIds = complete(s, "[1," + disk + "]", 2, force);
      assertEquals(" a a", afterIds.get("text").asText());
      // the top alternatives (of the unbiased distribution) are exact piece texts too: ▁ read as a space
      List<String> vocab = RandomGguf.vocabulary(512);
      JsonNode top = afterText.get("logprobs").get("top_logprobs").get(0);
      top.fieldNames().forEachRemaining(k -> assertTrue(k.equals("\uFFFD") || vocab.contains(k.replace(' ', '\u2581')),
          k + " in " + top));
      assertTrue(top.toString().contains("\" "), "a ▁ piece among the alternatives keeps its space: " + top);
      // chat: the answer follows "assistant:" (text), so each ▁a is " a" in content and in logprobs alike
      var chat = s.http().post("/v1/chat/completions", "{\"model\":\"tiny-spm\",\"max_tokens\":3,\"temperature\":0,"
          + "\"logprobs\":true,\"top_logprobs\":1,\"messages\":[{\"role\":\"user\",\"content\":\"disk full\"}]" + force + "}");
      assertEquals(200, chat.status(), chat.body());
      JsonNode message = chat.json().get("choices").get(0);
      assertEquals(" a a a", message.get("message").get("content").asText());
      List<String> chatTokens = new java.util.ArrayList<>();
      message.get("logprobs").get("content").forEach(t -> chatTokens.add(t.get("token").asText()));
      assertEquals(List.of(" a", " a", " a"), chatTokens);
      assertEquals(List.of(32, 97), texts(message.get("logprobs").get("content").get(0).get("bytes")).stream()
          .map(Integer::parseInt).toList());
    }
  }

  @Test
  void listAndQuantizeAFabricatedGguf() throws IOException {
    Path models = Files.createDirectory(tmp.resolve("models"));
    Path file = models.resolve("tiny-spm.gguf");
    RandomGguf.write(file, ModelShapes.get("tiny-llama"), 5, 0.02);
    Path q4 = models.resolve("tiny-spm-q4_0.gguf");
    CliRun quantize = CliRun.of("models", "quantize", "--in", file.toString(), "--out", q4.toString(), "--type", "q4_0");
    assertEquals(0, quantize.code(), quantize.err());
    assertTrue(quantize.err().contains("21/21 tensors"), quantize.err()); // embeddings, 2 × 9 per layer, norm, head
    try (GgufFile f = GgufFile.open(q4)) {
      assertEquals(GgmlType.Q4_0, f.tensor("blk.0.attn_q.weight").type());
    }
    CliRun again = CliRun.of("models", "quantize", "--in", q4.toString(), "--out", models.resolve("x.gguf").toString(),
        "--type", "q8_0");
    assertEquals(2, again.code());
    assertTrue(again.err().contains("already quantized"), again.err());
    assertTrue(Files.notExists(models.resolve("x.gguf")) && Files.notExists(models.resolve("x.gguf.partial")));
    // q4_k_m on rows of 64 values: no whole 256-value K blocks, so the 32-value Q8_0 fallback
    Path km = models.resolve("tiny-spm-q4_k_m.gguf");
    CliRun kQuant = CliRun.of("models", "quantize", "--in", file.toString(), "--out", km.toString(), "--type", "q4_k_m");
    assertEquals(0, kQuant.code(), kQuant.err());
    try (GgufFile f = GgufFile.open(km)) {
      assertEquals(GgmlType.Q8_0, f.tensor("blk.0.attn_q.weight").type());
      assertEquals(15, f.integer("general.file_type", 0)); // llama.cpp's MOSTLY_Q4_K_M
    }
    CliRun unknown = CliRun.of("models", "quantize", "--in", file.toString(), "--out", models.resolve("y.gguf").toString(),
        "--type", "q3_k");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("use f16, bf16, q8_0, q4_0 or q4_k_m"), unknown.err());
    Files.writeString(models.resolve("gpt2.gguf"), "not a gguf file at all");
    CliRun list = CliRun.of("models", "list", "--dir", models.toString());
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains("tiny-spm ") && list.out().contains("F32"), list.out());
    assertTrue(list.out().contains("MEMORY"), list.out());
    assertTrue(list.out().contains("tiny-spm-q4_0") && list.out().contains("Q4_0"), list.out());
    assertTrue(list.out().contains("gpt2") && list.out().contains("unusable"), list.out());
  }

  @Test
  void stories260KThroughTheApiReproducesItsPublishedGreedyContinuation() throws IOException {
    Path dir = TinyLlamas.dir();
    JsonNode published = new ObjectMapper().readTree(dir.resolve("stories260K-greedy.json").toFile());
    String expected = published.get("greedy_text").asText();
    int n = published.get("new_tokens").asInt();
    int[] ids = new int[published.get("greedy_ids").size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = published.get("greedy_ids").get(i).asInt();
    }
    String first32;
    try (TextTokenizer tokenizer = TextTokenizer.load(dir.resolve("stories260K.gguf"))) {
      assertEquals(expected, tokenizer.decode(Arrays.copyOfRange(ids, 1, ids.length))); // the text is those ids'
      first32 = tokenizer.decode(Arrays.copyOfRange(ids, 1, 33));
    }
    try (GeneratorServer s = GeneratorServer.start(dir.resolve("stories260K.gguf"), LIMITS, null)) {
      assertEquals("stories260K", s.model());
      JsonNode choice = complete(s, "[1]", n, ",\"ignore_eos\":true");
      assertEquals(expected, choice.get("text").asText());
      assertEquals(n, choice.get("logprobs").get("tokens").size());
      assertEquals(expected, joined(choice));
      assertEquals("Once", choice.get("logprobs").get("tokens").get(0).asText());
      assertEquals(" upon", choice.get("logprobs").get("tokens").get(1).asText());
    }
    Path q8 = tmp.resolve("stories260K-q8_0.gguf");
    CliRun quantize = CliRun.of("models", "quantize", "--in", dir.resolve("stories260K.gguf").toString(), "--out",
        q8.toString(), "--type", "q8_0");
    assertEquals(0, quantize.code(), quantize.err());
    try (GeneratorServer s = GeneratorServer.start(q8, LIMITS, null)) {
      assertEquals("stories260K-q8_0", s.model());
      JsonNode choice = complete(s, "[1]", 32, "");
      JsonNode tokens = choice.get("logprobs").get("tokens");
      assertEquals(32, tokens.size());
      assertEquals(first32, choice.get("text").asText());
      assertEquals(first32, joined(choice));
    }
    // generate: an empty prompt is a bare BOS; greedy, its text is the published one from the first character
    CliRun generate = CliRun.of("generate", "--model", q8.toString(), "--prompt", "", "--max-tokens", "32",
        "--temperature", "0", "--threads", "1");
    assertEquals(0, generate.code(), generate.err());
    assertEquals(first32 + System.lineSeparator(), generate.out());
  }

  @Test
  void ggufFilesAreFoundRefusedOrServedByName() throws IOException {
    Path models = Files.createDirectory(tmp.resolve("models"));
    Path file = models.resolve("tiny-spm.gguf");
    RandomGguf.write(file, ModelShapes.get("tiny-llama"), 5, 0.02);
    Files.writeString(models.resolve("notes.txt"), "not a model");
    assertEquals(List.of(file.toString()), UpCommand.generatorsUnder(models));
    // a config entry may name the file under modelsDir with or without .gguf
    assertEquals(file, dev.opsmind.server.models.GeneratorModel.resolve("tiny-spm", models));
    assertEquals(file, dev.opsmind.server.models.GeneratorModel.resolve("tiny-spm.gguf", models));
    // ID=PATH names the id instead of the file name
    ServerConfig named = ServerConfig.defaults().withPort(0).withEmbedder("none")
        .withModels(List.of("assistant=" + file)).withLimits(LIMITS);
    try (dev.opsmind.server.OpsmindServer server = dev.opsmind.server.OpsmindServer.start(named)) {
      String cards = new dev.opsmind.server.TestHttp(server.port(), null).get("/v1/models").body();
      assertTrue(cards.contains("\"assistant\"") && !cards.contains("tiny-spm"), cards);
    }
    assertEquals(new dev.opsmind.server.models.GeneratorModel.Entry(null, file.toString()),
        dev.opsmind.server.models.GeneratorModel.Entry.parse(file.toString()));
    Path odd = Files.createDirectory(tmp.resolve("a=b"));
    assertEquals(null, dev.opsmind.server.models.GeneratorModel.Entry.parse(odd.toString()).id()); // an existing path stays whole
    Path gpt2 = models.resolve("gpt2.gguf");
    new dev.opsmind.inference.gguf.GgufWriter()
        .put("general.architecture", dev.opsmind.inference.gguf.GgufValue.string("gpt2"))
        .tensor("token_embd.weight", GgmlType.F32, new long[] {4, 4}, new float[16]).write(gpt2);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> GeneratorServer.start(gpt2, LIMITS, null).close());
    assertTrue(e.getMessage().contains("architecture 'gpt2' is not supported"), e.getMessage());
    CliRun generate = CliRun.of("generate", "--model", models.resolve("notes.txt").toString(), "--prompt", "x");
    assertEquals(2, generate.code());
    assertTrue(generate.err().contains("neither a checkpoint directory nor a .gguf file"), generate.err());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(t -> out.add(t.asText()));
    return out;
  }
}
