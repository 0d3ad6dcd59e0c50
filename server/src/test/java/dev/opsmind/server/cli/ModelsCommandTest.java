package dev.opsmind.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelsCommandTest {
  @TempDir Path tmp;


  @Test
  void initRandomThenList() {
    Path model = tmp.resolve("tiny-qwen2");
    CliRun init = CliRun.of("models", "init-random", "--shape", "tiny-qwen2", "--out", model.toString(), "--seed", "3",
        "--dtype", "BF16", "--shards", "2");
    assertEquals(0, init.code(), init.err());
    for (String f : new String[] {"config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json",
        "model.safetensors.index.json", "model-00001-of-00002.safetensors"}) {
      assertTrue(Files.isRegularFile(model.resolve(f)), f);
    }
    CliRun list = CliRun.of("models", "list", "--dir", tmp.toString());
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains("tiny-qwen2") && list.out().contains("qwen2") && list.out().contains("BF16"), list.out());
  }

  @Test
  void badArgumentsExitWithTwo() throws Exception {
    CliRun unknown = CliRun.of("models", "init-random", "--shape", "gpt-5", "--out", tmp.resolve("x").toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unknown model shape 'gpt-5'"), unknown.err());
    Path dir = Files.createDirectory(tmp.resolve("full"));
    Files.writeString(dir.resolve("a"), "x");
    CliRun full = CliRun.of("models", "init-random", "--shape", "tiny-llama", "--out", dir.toString());
    assertEquals(2, full.code());
  }

  @Test
  void listShowsBundledAndOwnEmbeddersAndWhyOnesAreUnusable() throws Exception {
    Path own = embedderDirectory(tmp.resolve("my-bge"), "{\"dimension\": 512, \"pooling\": \"cls\", "
        + "\"max_tokens\": 512, \"query_instruction\": \"\", \"languages\": [\"zh\", \"en\"], "
        + "\"dynamically_quantized\": true}");
    // An optimum export keeps its config.json: the directory is an embedder, not a broken generator.
    Files.writeString(own.resolve("config.json"), "{\"model_type\": \"bert\"}");
    embedderDirectory(tmp.resolve("wrong-dim"), "{\"dimension\": 768, \"pooling\": \"cls\", "
        + "\"max_tokens\": 512, \"query_instruction\": \"\", \"languages\": [\"zh\"]}");
    embedderDirectory(tmp.resolve("no-pooling"), "{\"dimension\": 512, \"max_tokens\": 512, "
        + "\"query_instruction\": \"\", \"languages\": [\"zh\"]}");
    CliRun list = CliRun.of("models", "list", "--dir", tmp.toString());
    assertEquals(0, list.code(), list.err());
    String out = list.out();
    assertTrue(out.contains("bge-small-zh-v1.5") && out.contains("all-minilm-l6-v2") && out.contains("bundled (default)"),
        out);
    assertTrue(out.matches("(?s).*my-bge\\s+512\\s+zh,en\\s+512\\s+cls\\s+" + java.util.regex.Pattern.quote(own.toString())
        + "\n.*"), out);
    assertTrue(out.contains("dimension is 768 but") && out.contains("outputs 512 values per token"), out);
    assertTrue(out.contains("field 'pooling' is missing"), out);
    assertTrue(!out.contains("unusable: unsupported model_type") && !out.contains("bert"), out);
    assertEquals(java.util.List.of(), UpCommand.generatorsUnder(tmp), "up does not serve an embedder as a generator");
  }

  /** A real embedder directory: a bundled model's graph and tokenizer.json from the class path, and {@code json}. */
  static Path embedderDirectory(Path dir, String json) throws Exception {
    Files.createDirectories(dir);
    for (String[] file : new String[][] {{"bge-small-zh-v1.5-q.onnx", "model.onnx"},
        {"bge-small-zh-v1.5-q-tokenizer.json", "tokenizer.json"}}) {
      try (var in = ModelsCommandTest.class.getClassLoader().getResourceAsStream(file[0])) {
        Files.copy(in, dir.resolve(file[1]));
      }
    }
    Files.writeString(dir.resolve("opsmind-embedder.json"), json);
    return dir;
  }

  @Test
  void listShowsBrokenModelsWithTheReason() throws Exception {
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
    CliRun list = CliRun.of("models", "list", "--dir", tmp.toString());
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains("broken") && list.out().contains("unusable"), list.out());
  }
}
