package dev.opsmind.server.cli;

import dev.opsmind.inference.generate.Perplexity;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.DecoderOptions;
import dev.opsmind.inference.model.GgufCheckpoint;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code opsmind eval-perplexity}: a model's perplexity on a text file ({@link Perplexity}), the
 * measure that compares a quantized checkpoint with the one it was made from.
 */
@Command(name = "eval-perplexity", mixinStandardHelpOptions = true,
    description = "Perplexity of a model on a UTF-8 text file (BOS added as the tokenizer does, windows of --window"
        + " tokens); prints tokens, mean negative log-likelihood and perplexity.")
final class EvalPerplexityCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR|FILE.gguf", description = "checkpoint directory or GGUF file")
  Path model;

  @Option(names = "--text", required = true, paramLabel = "FILE", description = "UTF-8 text to score")
  Path text;

  @Option(names = "--window", paramLabel = "N", defaultValue = "512",
      description = "most tokens per window (capped at the model's context length; default ${DEFAULT-VALUE})")
  int window;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "compute threads (0 = all cores)")
  int threads;

  @Option(names = "--decode-path", paramLabel = "auto|vector|libtorch", defaultValue = "auto",
      description = "who runs the one-token passes on the CPU (as in generate)")
  String decodePath;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(model) && !(Files.isRegularFile(model) && GgufCheckpoint.isGguf(model))) {
      throw new IllegalArgumentException("--model " + model + " is neither a checkpoint directory nor a .gguf file");
    }
    if (!Files.isRegularFile(text)) {
      throw new IllegalArgumentException("--text " + text + " is not a file");
    }
    PrintWriter out = spec.commandLine().getOut();
    long start = System.nanoTime();
    try (TextTokenizer tokenizer = TextTokenizer.load(model);
        Decoder decoder = Decoder.load(model, DecoderOptions.defaults().withDevice("cpu").withThreads(threads)
            .withDecodePath(decodePath))) {
      int[] ids = tokenizer.encode(Files.readString(text, StandardCharsets.UTF_8), true);
      Perplexity.Result r = Perplexity.of(decoder, ids, Math.min(window, decoder.contextLength()));
      out.printf(Locale.ROOT, "tokens %d, scored %d, mean NLL %.5f nats, perplexity %.4f (%s, %s, %.1f s)%n", ids.length,
          r.scoredTokens(), r.meanNll(), r.perplexity(), model.getFileName(), decoder.decodePath(),
          (System.nanoTime() - start) / 1e9);
    }
    out.flush();
    return 0;
  }
}
