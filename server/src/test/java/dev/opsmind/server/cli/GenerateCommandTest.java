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
