package dev.opsmind.server.cli;

import dev.opsmind.inference.generate.GenerationListener;
import dev.opsmind.inference.generate.GenerationResult;
import dev.opsmind.inference.generate.Generator;
import dev.opsmind.inference.generate.config.GenerationConfig;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.generate.sampling.TokenLogprob;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.DecoderOptions;
import dev.opsmind.inference.model.GgufCheckpoint;
import dev.opsmind.inference.tokenizer.ChatMessage;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code opsmind generate}: streams one completion from a local checkpoint to stdout. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate text from a local Hugging Face checkpoint or GGUF file; the text streams to stdout, stats to stderr.")
public final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR|FILE.gguf",
      description = "checkpoint directory (config.json, *.safetensors, tokenizer.json) or a .gguf file")
  Path model;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "the prompt (or the user message with --chat)")
  String prompt;

  @Option(names = "--chat", description = "wrap the prompt as a user message with the model's chat template")
  boolean chat;

  @Option(names = "--system", paramLabel = "TEXT", description = "system message (with --chat)")
  String system;

  @Option(names = "--max-tokens", paramLabel = "N", description = "most tokens to generate (default: generation_config or 256)")
  Integer maxTokens;

  @Option(names = "--temperature", paramLabel = "T", description = "0 = greedy; default from generation_config.json")
  Double temperature;

  @Option(names = "--top-p", paramLabel = "P")
  Double topP;

  @Option(names = "--top-k", paramLabel = "K")
  Integer topK;

  @Option(names = "--min-p", paramLabel = "P")
  Double minP;

  @Option(names = "--seed", paramLabel = "S", description = "same seed → same output")
  Long seed;

  @Option(names = "--stop", paramLabel = "STR", description = "stop string (repeatable)")
  List<String> stop = new ArrayList<>();

  @Option(names = "--device", paramLabel = "cpu|gpu|auto", defaultValue = "cpu")
  String device;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "compute threads (0 = all cores)")
  int threads;

  @Option(names = "--decode-path", paramLabel = "auto|vector|libtorch", defaultValue = "auto",
      description = "who runs decode steps on the CPU: Java Vector API kernels (vector, needs JDK 22+), libtorch, or auto")
  String decodePath;

  @Override
  public Integer call() {
    if (!Files.isDirectory(model) && !(Files.isRegularFile(model) && GgufCheckpoint.isGguf(model))) {
      throw new IllegalArgumentException("--model " + model + " is neither a checkpoint directory nor a .gguf file");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = spec.commandLine().getErr();
    SamplingParams params = params(GenerationConfig.load(model).defaults());
    try (TextTokenizer tokenizer = TextTokenizer.load(model);
        Decoder decoder = Decoder.load(model, DecoderOptions.defaults().withDevice(device).withThreads(threads).withDecodePath(decodePath))) {
      String text = prompt;
      if (chat) {
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
          messages.add(ChatMessage.system(system));
        }
        messages.add(ChatMessage.user(prompt));
        text = ChatTemplate.load(model).render(messages, true);
      }
      // A chat template writes BOS itself; raw text gets what the tokenizer's post-processor adds.
      int[] ids = tokenizer.encode(text, !chat);
      Generator generator = new Generator(decoder, tokenizer, GenerationConfig.eosIds(model, tokenizer));
      GenerationResult r = generator.generate(ids, params, new GenerationListener() {
        @Override
        public void onToken(int tokenId, String textDelta, TokenLogprob logprob) {
          out.print(textDelta);
          out.flush();
        }

        @Override
        public void onFinish(GenerationResult result) {
          out.println();
        }
      });
      err.printf("prompt tokens: %d, generated tokens: %d (finish: %s), time to first token: %.1f ms, decode: %.2f tokens/s"
          + " (decode path: %s)%n", r.promptTokens(), r.completionTokens(), r.finishReason().openAiName(),
          r.timeToFirstTokenNanos() / 1e6, r.decodeTokensPerSecond(), decoder.decodePath());
      err.flush();
    }
    return 0;
  }

  private SamplingParams params(SamplingParams p) {
    if (temperature != null) {
      p = p.withTemperature(temperature);
    }
    if (topP != null) {
      p = p.withTopP(topP);
    }
    if (topK != null) {
      p = p.withTopK(topK);
    }
    if (minP != null) {
      p = p.withMinP(minP);
    }
    if (maxTokens != null) {
      p = p.withMaxTokens(maxTokens);
    }
    if (seed != null) {
      p = p.withSeed(seed);
    }
    return p.withStop(stop);
  }
}
