package dev.opsmind.server.cli;

import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.embed.EmbedderCatalog;
import dev.opsmind.inference.embed.EmbedderSpec;
import dev.opsmind.inference.model.DecoderConfig;
import dev.opsmind.inference.model.ModelCatalog;
import dev.opsmind.inference.model.TensorDType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code opsmind models list | init-random | quantize}: what is installed, random checkpoints for
 * tests and benchmarks, and GGUF files rewritten with block-quantized weights.
 */
@Command(name = "models", description = "List installed generators and embedders; write random-initialised checkpoints;"
    + " quantize GGUF files.", mixinStandardHelpOptions = true,
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.InitRandom.class, QuantizeCommand.class})
public final class ModelsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** models/ of the opsmind home (the launcher sets -Dopsmind.home), else ./models. */
  static Path defaultModelsDir() {
    return dev.opsmind.server.config.ServerConfig.home().resolve("models");
  }

  @Command(name = "list", description = "List generators under models/ (and --dir): checkpoint directories and .gguf"
      + " files, with architecture, size,"
      + " dtype, then the embedders: bundled ones and embedder directories (with opsmind-embedder.json).",
      mixinStandardHelpOptions = true)
  static final class ListModels implements Runnable {
    @Option(names = "--dir", description = "Another folder holding model directories (repeatable).")
    List<Path> dirs = new ArrayList<>();

    @Override
    public void run() {
      List<Path> roots = new ArrayList<>();
      roots.add(defaultModelsDir());
      roots.addAll(dirs);
      int found = 0;
      // MEMORY: what the weights take once loaded on the CPU (stored types kept, or widened to F32), KV cache apart
      System.out.printf("%-28s %-8s %10s %10s %10s %-8s %s%n", "NAME", "TYPE", "PARAMS", "SIZE", "MEMORY", "DTYPE",
          "PATH");
      for (Path root : roots) {
        for (ModelCatalog.Entry e : ModelCatalog.list(root)) {
          found++;
          if (e.problem() != null) {
            System.out.printf("%-28s %-8s %10s %10s %10s %-8s %s%n    unusable: %s%n", e.name(), "?", "-", "-", "-", "-",
                e.path(), e.problem());
          } else {
            System.out.printf("%-28s %-8s %10s %10s %10s %-8s %s%n", e.name(), e.modelType(), millions(e.parameters()),
                bytes(e.weightBytes()), bytes(e.memoryBytes()),
                String.join(",", e.dtypes()), e.path());
          }
        }
      }
      if (found == 0) {
        System.err.println("no model directories (with a config.json) or .gguf files under " + roots
            + "; see models/README.md to install one, or 'opsmind models init-random' for a random one");
      }
      System.out.println();
      System.out.printf("%-28s %6s %-8s %10s %-7s %s%n", "EMBEDDER", "DIM", "LANGS", "MAX TOKENS", "POOLING", "SOURCE");
      List<EmbedderCatalog.Entry> embedders = new ArrayList<>(EmbedderCatalog.bundled());
      for (Path root : roots) {
        embedders.addAll(EmbedderCatalog.list(root));
      }
      for (EmbedderCatalog.Entry e : embedders) {
        String source = e.path() == null ? "bundled" + (e.name().equals(EmbedderSpec.DEFAULT) ? " (default)" : "")
            : e.path().toString();
        EmbedderSpec s = e.spec();
        if (s == null) {
          System.out.printf("%-28s %6s %-8s %10s %-7s %s%n", e.name(), "-", "-", "-", "-", source);
        } else {
          System.out.printf("%-28s %6d %-8s %10d %-7s %s%n", e.name(), s.dimension(), String.join(",", s.languages()),
              s.maxTokens(), s.pooling().name().toLowerCase(Locale.ROOT), source);
        }
        if (e.problem() != null) {
          System.out.printf("    unusable: %s%n", e.problem());
        }
      }
    }

    private static String millions(long n) {
      return String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }

    private static String bytes(long n) {
      return n >= 1L << 30 ? String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30))
          : String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
    }
  }

  @Command(name = "init-random", mixinStandardHelpOptions = true,
      description = "Write a random-initialised checkpoint of a real architecture's shape (config.json, safetensors,"
          + " tokenizer.json, tokenizer_config.json, generation_config.json).")
  static final class InitRandom implements Runnable {
    @Option(names = "--shape", required = true,
        description = "tiny-llama, tiny-llama3, tiny-qwen2, tiny-mistral (tests); qwen2.5-0.5b, llama-3.2-1b, qwen2.5-7b (benchmarks).")
    String shape;

    @Option(names = "--out", required = true, description = "Directory to write (created; must be empty if it exists).")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dtype", defaultValue = "F32", description = "F32, F16 or BF16 (default: ${DEFAULT-VALUE}).")
    TensorDType dtype;

    @Option(names = "--shards", defaultValue = "1", description = "Number of safetensors files (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--std", defaultValue = "0.02", description = "Init standard deviation (default: ${DEFAULT-VALUE}).")
    double std;

    @Override
    public void run() {
      DecoderConfig config = ModelShapes.get(shape);
      if (Files.exists(out) && !isEmptyDir(out)) {
        throw new IllegalArgumentException("--out " + out + " exists and is not an empty directory");
      }
      RandomCheckpoint.Options options = new RandomCheckpoint.Options(seed, std, dtype, dtype, shards);
      RandomCheckpoint.write(out, config, options, line -> System.err.println("init-random: " + line));
      System.out.println(out.toAbsolutePath());
    }

    private static boolean isEmptyDir(Path p) {
      try (var s = Files.list(p)) {
        return s.findAny().isEmpty();
      } catch (java.io.IOException e) {
        return false;
      }
    }
  }
}
