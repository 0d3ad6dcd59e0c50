package dev.opsmind.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
  @TempDir static Path tmp;
  static Path model;


  @BeforeAll
  static void checkpoint() {
    model = tmp.resolve("tiny-llama");
    CliRun init = CliRun.of("models", "init-random", "--shape", "tiny-llama", "--out", model.toString(), "--seed", "9",
        "--std", "0.5");
    assertEquals(0, init.code(), init.err());
  }

  @Test
  void sameSeedSameTextAndStatsOnStderr() {
    String[] args = {"generate", "--model", model.toString(), "--prompt", "磁盘满了", "--chat", "--max-tokens", "12",
        "--seed", "4", "--temperature", "1.0", "--threads", "1"};
    CliRun a = CliRun.of(args);
    CliRun b = CliRun.of(args);
    assertEquals(0, a.code(), a.err());
    assertEquals(a.out(), b.out());
    assertFalse(a.out().isBlank());
    assertTrue(a.err().contains("prompt tokens: ") && a.err().contains("time to first token: ")
        && a.err().contains("tokens/s") && a.err().contains("(decode path: "), a.err());
    CliRun other = CliRun.of("generate", "--model", model.toString(), "--prompt", "磁盘满了", "--chat", "--max-tokens", "12",
        "--seed", "5", "--temperature", "1.0", "--threads", "1");
    assertNotEquals(a.out(), other.out());
  }

  @Test
  void aSafetensorsDirectoryQuantizedToGgufGeneratesLikeTheDirectory() throws java.io.IOException {
    Path bf16 = tmp.resolve("tiny-llama-bf16");
    CliRun init = CliRun.of("models", "init-random", "--shape", "tiny-llama", "--out", bf16.toString(), "--seed", "9",
        "--std", "0.5", "--dtype", "BF16");
    assertEquals(0, init.code(), init.err());
    Path gguf = tmp.resolve("tiny-llama-bf16.gguf");
    CliRun quantize = CliRun.of("models", "quantize", "--in", bf16.toString(), "--out", gguf.toString(), "--type", "bf16");
    assertEquals(0, quantize.code(), quantize.err());
    assertTrue(quantize.err().contains("(llama, BF16,F32)"), quantize.err());
    // BF16 kept as stored: the same logits, so the same sampled text, from the directory and the file
    // (top-p given: GGUF does not carry generation_config.json's sampling defaults, here top_p 0.8)
    String[] args = {"generate", "--prompt", "disk full", "--chat", "--max-tokens", "10", "--seed", "4", "--temperature",
        "1.0", "--top-p", "0.8", "--threads", "1", "--model"};
    CliRun fromDir = CliRun.of(with(args, bf16.toString()));
    CliRun fromGguf = CliRun.of(with(args, gguf.toString()));
    assertEquals(0, fromGguf.code(), fromGguf.err());
    assertEquals(fromDir.out(), fromGguf.out());
    Path q8 = tmp.resolve("tiny-llama-q8_0.gguf");
    CliRun q = CliRun.of("models", "quantize", "--in", model.toString(), "--out", q8.toString(), "--type", "q8_0",
        "--output-type", "q8_0");
    assertEquals(0, q.code(), q.err());
    try (dev.opsmind.inference.gguf.GgufFile f = dev.opsmind.inference.gguf.GgufFile.open(q8)) {
      assertEquals(dev.opsmind.inference.gguf.GgmlType.Q8_0, f.tensor("output.weight").type());
      assertEquals(dev.opsmind.inference.gguf.GgmlType.F16, f.tensor("token_embd.weight").type());
    }
    CliRun badType = CliRun.of("models", "quantize", "--in", model.toString(), "--out", tmp.resolve("z.gguf").toString(),
        "--type", "q8_0", "--embeddings-type", "q5_1");
    assertEquals(2, badType.code());
    assertTrue(badType.err().contains("type q5_1 is not supported"), badType.err());
    CliRun notACheckpoint = CliRun.of("models", "quantize", "--in", tmp.toString(), "--out",
        tmp.resolve("w.gguf").toString(), "--type", "q8_0");
    assertEquals(2, notACheckpoint.code());
    assertTrue(notACheckpoint.err().contains("neither a .gguf file nor a checkpoint directory"), notACheckpoint.err());
  }

  private static String[] with(String[] args, String last) {
    String[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = last;
    return out;
  }

  @Test
  void badSamplingValueExitsWithTwo() {
    CliRun r = CliRun.of("generate", "--model", model.toString(), "--prompt", "x", "--temperature", "3");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("temperature must be in [0.0, 2.0], got 3.0"), r.err());
  }

  @Test
  void libtorchDecodePathGivesTheSameGreedyTextAndABadPathExitsWithTwo() {
    String[] greedy = {"generate", "--model", model.toString(), "--prompt", "disk full", "--max-tokens", "8",
        "--temperature", "0", "--threads", "1"};
    CliRun auto = CliRun.of(greedy);
    String[] onLibtorch = java.util.Arrays.copyOf(greedy, greedy.length + 2);
    onLibtorch[greedy.length] = "--decode-path";
    onLibtorch[greedy.length + 1] = "libtorch";
    CliRun libtorch = CliRun.of(onLibtorch);
    assertEquals(0, libtorch.code(), libtorch.err());
    assertEquals(auto.out(), libtorch.out());
    assertTrue(libtorch.err().contains("(decode path: libtorch"), libtorch.err());
    CliRun bad = CliRun.of("generate", "--model", model.toString(), "--prompt", "x", "--decode-path", "gpu");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("decodePath must be auto, vector or libtorch, got: gpu"), bad.err());
  }
}
