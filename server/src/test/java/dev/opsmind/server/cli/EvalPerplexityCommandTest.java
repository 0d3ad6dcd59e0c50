package dev.opsmind.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomGguf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval-perplexity} on a fabricated GGUF (no ../shared needed): a random model is about as
 * unsure as its vocabulary is large, and shorter windows score the same tokens.
 */
class EvalPerplexityCommandTest {
  @TempDir Path tmp;

  private static double perplexity(String out) {
    Matcher m = Pattern.compile("scored (\\d+), mean NLL [0-9.]+ nats, perplexity ([0-9.]+)").matcher(out);
    assertTrue(m.find(), out);
    return Double.parseDouble(m.group(2));
  }

  @Test
  void scoresATextFileAndRefusesBadInput() throws IOException {
    Path model = tmp.resolve("tiny-spm.gguf");
    RandomGguf.write(model, ModelShapes.get("tiny-llama"), 5, 0.02);
    Path text = tmp.resolve("story.txt");
    Files.writeString(text, "once upon a time there was a little girl named lily. she loved to play outside in the park.");
    CliRun run = CliRun.of("eval-perplexity", "--model", model.toString(), "--text", text.toString());
    assertEquals(0, run.code(), run.err());
    double ppl = perplexity(run.out());
    // random weights of std 0.02: nearly uniform over the 512 tokens
    assertTrue(ppl > 100 && ppl < 2000, run.out());
    CliRun windows = CliRun.of("eval-perplexity", "--model", model.toString(), "--text", text.toString(), "--window", "8");
    assertEquals(0, windows.code(), windows.err());
    assertTrue(windows.out().contains("scored " + run.out().replaceAll("(?s).*scored (\\d+),.*", "$1") + ","),
        windows.out() + " vs " + run.out());

    CliRun missing = CliRun.of("eval-perplexity", "--model", model.toString(), "--text", tmp.resolve("none.txt").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("is not a file"), missing.err());
    CliRun tooSmall = CliRun.of("eval-perplexity", "--model", model.toString(), "--text", text.toString(), "--window", "1");
    assertEquals(2, tooSmall.code());
    assertTrue(tooSmall.err().contains("window 1"), tooSmall.err());
  }
}
