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
  void listShowsBrokenModelsWithTheReason() throws Exception {
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
    CliRun list = CliRun.of("models", "list", "--dir", tmp.toString());
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains("broken") && list.out().contains("unusable"), list.out());
  }
}
