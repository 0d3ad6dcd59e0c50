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

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err, true));
      int code = cli.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(old);
    }
  }

  @BeforeAll
  static void checkpoint() {
    model = tmp.resolve("tiny-llama");
    Result init = run("models", "init-random", "--shape", "tiny-llama", "--out", model.toString(), "--seed", "9",
        "--std", "0.5");
    assertEquals(0, init.code, init.err);
  }

  @Test
  void sameSeedSameTextAndStatsOnStderr() {
    String[] args = {"generate", "--model", model.toString(), "--prompt", "磁盘满了", "--chat", "--max-tokens", "12",
        "--seed", "4", "--temperature", "1.0", "--threads", "1"};
    Result a = run(args);
    Result b = run(args);
    assertEquals(0, a.code, a.err);
    assertEquals(a.out, b.out);
    assertFalse(a.out.isBlank());
    assertTrue(a.err.contains("prompt tokens: ") && a.err.contains("time to first token: ")
        && a.err.contains("tokens/s"), a.err);
    Result other = run("generate", "--model", model.toString(), "--prompt", "磁盘满了", "--chat", "--max-tokens", "12",
        "--seed", "5", "--temperature", "1.0", "--threads", "1");
    assertNotEquals(a.out, other.out);
  }

  @Test
  void badSamplingValueExitsWithTwo() {
    Result r = run("generate", "--model", model.toString(), "--prompt", "x", "--temperature", "3");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("temperature must be in [0.0, 2.0], got 3.0"), r.err);
  }
}
