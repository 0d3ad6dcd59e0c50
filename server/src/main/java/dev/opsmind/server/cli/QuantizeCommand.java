package dev.opsmind.server.cli;

import dev.opsmind.inference.gguf.GgufFile;
import dev.opsmind.inference.gguf.GgufQuantizer;
import dev.opsmind.inference.model.GgufCheckpoint;
import dev.opsmind.inference.model.GgufExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code opsmind models quantize}: a GGUF file, or a Hugging Face safetensors checkpoint directory
 * ({@link GgufExport}), written as a GGUF file with its matrices in Q8_0, Q4_0, the Q4_K_M mixture,
 * BF16 or F16 ({@link GgufQuantizer}: norms stay F32, matrices whose rows are not whole blocks fall
 * back to Q8_0 or F16). The output is checked to open as a checkpoint before the command reports success.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
    description = "Write a GGUF checkpoint, or a safetensors checkpoint directory, as a GGUF file with quantized"
        + " weights (q8_0, q4_0, q4_k_m) or as bf16/f16; progress on stderr.")
final class QuantizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--in", required = true, paramLabel = "FILE.gguf|DIR",
      description = "GGUF file, or checkpoint directory (config.json, safetensors, tokenizer.json), with F32, F16 or BF16 weights")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "FILE.gguf", description = "GGUF file to write (must not exist)")
  Path out;

  @Option(names = "--type", required = true, paramLabel = "q8_0|q4_0|q4_k_m|bf16|f16",
      description = "type of the matrices: q8_0, q4_0, q4_k_m (Q4_K with Q6_K where llama.cpp's Q4_K_M keeps it),"
          + " bf16 or f16")
  String type;

  @Option(names = "--embeddings-type", paramLabel = "TYPE", description = "type of the token embeddings (llama.cpp's"
      + " --token-embedding-type): f32, f16, bf16, q8_0, q4_0, q4_k, q6_k; default per --type (q8_0: f16)")
  String embeddingsType;

  @Option(names = "--output-type", paramLabel = "TYPE", description = "type of the LM head, or of the embeddings when"
      + " tied (llama.cpp's --output-tensor-type); default per --type (q8_0: f16, q4_0 and q4_k_m: q6_k)")
  String outputType;

  @Override
  public Integer call() throws IOException {
    GgufQuantizer.Plan target = new GgufQuantizer.Plan(GgufQuantizer.Scheme.parse(type),
        embeddingsType == null ? null : GgufQuantizer.parseType(embeddingsType),
        outputType == null ? null : GgufQuantizer.parseType(outputType));
    boolean directory = GgufExport.isCheckpointDirectory(in);
    if (!directory && (!GgufCheckpoint.isGguf(in) || !Files.isRegularFile(in))) {
      throw new IllegalArgumentException("--in " + in + " is neither a .gguf file nor a checkpoint directory with config.json");
    }
    if (!GgufCheckpoint.isGguf(out)) {
      throw new IllegalArgumentException("--out " + out + " must end in .gguf (models/ finds checkpoints by that name)");
    }
    if (Files.exists(out)) {
      throw new IllegalArgumentException("--out " + out + " exists; give a new file name");
    }
    PrintWriter err = spec.commandLine().getErr();
    long start = System.nanoTime();
    // Write beside the target and move at the end: an interrupted run leaves no half file that loads.
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    java.util.function.BiConsumer<Integer, Integer> bar = (done, total) -> {
      err.print(progress(done, total));
      err.flush();
    };
    try {
      if (directory) {
        GgufExport.write(in, partial, target, bar);
      } else {
        try (GgufFile file = GgufFile.open(in)) {
          GgufQuantizer.quantize(file, partial, target, bar);
        }
      }
      Files.move(partial, out);
    } finally {
      Files.deleteIfExists(partial);
    }
    err.println();
    try (GgufCheckpoint check = GgufCheckpoint.open(out)) {
      err.printf(Locale.ROOT, "quantize: %s (%s, %s) in %.1f s, %s → %s%n", out, check.config().modelType(),
          String.join(",", check.typeNames()), (System.nanoTime() - start) / 1e9, size(inputBytes(in)),
          size(Files.size(out)));
    }
    err.flush();
    spec.commandLine().getOut().println(out.toAbsolutePath());
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** One redrawn progress line: {@code \r[#####.....] 12/40 tensors}. */
  static String progress(int done, int total) {
    int width = 30;
    int filled = total == 0 ? width : done * width / total;
    return "\rquantize [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total + " tensors";
  }

  /** The input's size: the file, or a directory's files (safetensors and the rest). */
  private static long inputBytes(Path in) throws IOException {
    if (!Files.isDirectory(in)) {
      return Files.size(in);
    }
    try (var files = Files.list(in)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static String size(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
  }
}
