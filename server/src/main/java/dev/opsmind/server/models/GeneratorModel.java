package dev.opsmind.server.models;

import dev.opsmind.inference.generate.FinishReason;
import dev.opsmind.inference.generate.Scheduler;
import dev.opsmind.inference.generate.SchedulerMetrics;
import dev.opsmind.inference.generate.SchedulerOptions;
import dev.opsmind.inference.generate.config.GenerationConfig;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.DecoderOptions;
import dev.opsmind.inference.model.GgufCheckpoint;
import dev.opsmind.inference.model.ModelCatalog;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.ops.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One loaded generator: its decoder, tokenizer, chat template (if the checkpoint has one),
 * generation config and the continuous-batching scheduler that owns the decoder.
 */
public final class GeneratorModel implements AutoCloseable {
  private final String id;
  private final Path dir;
  private final Decoder decoder;
  private final TextTokenizer tokenizer;
  private final ChatTemplate chatTemplate;
  private final GenerationConfig generationConfig;
  private final Scheduler scheduler;
  private final List<PromptPrefix> prefixes;

  private GeneratorModel(String id, Path dir, Decoder decoder, TextTokenizer tokenizer, ChatTemplate chatTemplate,
      GenerationConfig generationConfig, Scheduler scheduler, List<PromptPrefix> prefixes) {
    this.prefixes = prefixes;
    this.id = id;
    this.dir = dir;
    this.decoder = decoder;
    this.tokenizer = tokenizer;
    this.chatTemplate = chatTemplate;
    this.generationConfig = generationConfig;
    this.scheduler = scheduler;
  }

  /**
   * A {@code models:} entry split into the id it is served as and where it is: {@code ID=LOCATION}
   * names the id (e.g. {@code assistant=/srv/models/qwen2.5-7b-q8_0.gguf}); a plain LOCATION is
   * served under its directory or file name without {@code .gguf} ({@code id} null). An entry that
   * is itself an existing path is never split.
   */
  public record Entry(String id, String location) {
    private static final java.util.regex.Pattern NAMED = java.util.regex.Pattern.compile("([A-Za-z0-9][A-Za-z0-9._:-]*)=(.+)");

    public static Entry parse(String entry) {
      java.util.regex.Matcher m = NAMED.matcher(entry);
      if (m.matches() && !Files.exists(Path.of(entry))) {
        return new Entry(m.group(1), m.group(2));
      }
      return new Entry(null, entry);
    }
  }

  /**
   * A model entry of the config: an existing checkpoint directory or {@code .gguf} file, else a name
   * under {@code modelsDir} (a directory, or a GGUF file given with or without {@code .gguf}).
   */
  public static Path resolve(String entry, Path modelsDir) {
    Path asPath = Path.of(entry);
    if (Files.isRegularFile(asPath) && GgufCheckpoint.isGguf(asPath)) {
      return asPath;
    }
    if (Files.isDirectory(asPath) && Files.isRegularFile(asPath.resolve("config.json"))) {
      return asPath;
    }
    Path dir = modelsDir.resolve(entry);
    if (Files.isRegularFile(dir) && GgufCheckpoint.isGguf(dir)) {
      return dir;
    }
    Path gguf = modelsDir.resolve(entry + ".gguf");
    if (!Files.isDirectory(dir) && Files.isRegularFile(gguf)) {
      return gguf;
    }
    if (Files.isRegularFile(asPath)) {
      throw new IllegalArgumentException("model '" + entry + "': " + asPath.toAbsolutePath()
          + " is a file but not a .gguf checkpoint (give a GGUF file or a Hugging Face checkpoint directory)");
    }
    if (!Files.isRegularFile(dir.resolve("config.json"))) {
      throw new IllegalArgumentException("model '" + entry + "': no config.json in " + dir.toAbsolutePath()
          + " (give a Hugging Face checkpoint directory, a .gguf file, or a name under " + modelsDir + ")");
    }
    return dir;
  }

  /**
   * Loads the model in {@code dir} (a checkpoint directory or a {@code .gguf} file, its id the name
   * without {@code .gguf}); {@code cachedSystemPrompts}: system prompts many requests
   * start with, prefilled once here (see {@link PromptPrefix}) when the model has a chat template.
   */
  public static GeneratorModel load(Path dir, ServerConfig config, Metrics metrics, List<String> cachedSystemPrompts) {
    return load(dir, null, config, metrics, cachedSystemPrompts);
  }

  /** {@code id}: the id to serve it as; null = the directory or file name without {@code .gguf}. */
  public static GeneratorModel load(Path dir, String id, ServerConfig config, Metrics metrics,
      List<String> cachedSystemPrompts) {
    String name = id != null ? id : ModelCatalog.modelName(dir);
    Decoder decoder = Decoder.load(dir, DecoderOptions.defaults().withDevice(config.device()));
    TextTokenizer tokenizer = null;
    List<PromptPrefix> prefixes = new ArrayList<>();
    try {
      tokenizer = TextTokenizer.load(dir);
      ChatTemplate template = null;
      try {
        template = ChatTemplate.load(dir);
      } catch (IllegalArgumentException e) {
        // A base model without a chat template still serves /v1/completions.
      }
      GenerationConfig generationConfig = GenerationConfig.load(dir);
      // Before the scheduler exists: the decoder has a single owner at a time.
      if (template != null) {
        for (String systemPrompt : cachedSystemPrompts) {
          PromptPrefix prefix = PromptPrefix.compute(decoder, tokenizer, template, systemPrompt);
          if (prefix != null) {
            prefixes.add(prefix);
          }
        }
      }
      ServerConfig.Limits limits = config.limits();
      Scheduler scheduler = new Scheduler(decoder, tokenizer, generationConfig.eosTokenIds(),
          new SchedulerOptions(limits.maxBatch(), limits.maxQueue(), limits.kvBudgetTokens(), 256,
              limits.promptCacheTokens(), limits.batchWindowMillis()),
          new MicrometerSchedulerMetrics(name, metrics));
      GeneratorModel model = new GeneratorModel(name, dir, decoder, tokenizer, template, generationConfig, scheduler,
          List.copyOf(prefixes));
      metrics.gauge("opsmind.queue.depth", "requests waiting for a batch slot", name, scheduler::queueDepth);
      metrics.gauge("opsmind.batch.running", "sequences in the running batch", name, scheduler::runningBatchSize);
      return model;
    } catch (RuntimeException | Error e) {
      prefixes.forEach(PromptPrefix::close);
      if (tokenizer != null) {
        tokenizer.close();
      }
      decoder.close();
      throw e;
    }
  }

  public String id() {
    return id;
  }

  public Path directory() {
    return dir;
  }

  public TextTokenizer tokenizer() {
    return tokenizer;
  }

  public Optional<ChatTemplate> chatTemplate() {
    return Optional.ofNullable(chatTemplate);
  }

  public GenerationConfig generationConfig() {
    return generationConfig;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * The KV cache of {@code systemPrompt}, if it was one of the cached system prompts at load
   * (absent without a chat template).
   */
  public Optional<PromptPrefix> cachedPrefix(String systemPrompt) {
    return prefixes.stream().filter(p -> p.systemPrompt().equals(systemPrompt)).findFirst();
  }

  /** Who runs decode steps, and why (see {@code Decoder.decodePath()}). */
  public String decodePath() {
    return decoder.decodePath();
  }

  public int contextLength() {
    return decoder.contextLength();
  }

  /**
   * The prompt, if the context holds it with room for a new token; else OpenAI's
   * context_length_exceeded 400 naming {@code param}, the request field the prompt came from.
   */
  public int[] checkFits(int[] prompt, String param) {
    if (prompt.length >= contextLength()) {
      throw dev.opsmind.server.http.ApiException.contextLengthExceeded(param, prompt.length, contextLength());
    }
    return prompt;
  }

  /**
   * The longest text this model's tokenizer is given ({@value #MAX_CHARS_PER_TOKEN} characters
   * per context token): a text that long cannot fit the context, and tokenizing a multi-megabyte
   * text costs the native tokenizer gigabytes it does not give back.
   */
  public long maxInputChars() {
    return (long) contextLength() * MAX_CHARS_PER_TOKEN;
  }

  static final int MAX_CHARS_PER_TOKEN = 16;

  /**
   * Tokens of a prompt text, refused before tokenizing when it is longer than {@link #maxInputChars}
   * (400 context_length_exceeded naming {@code param}).
   */
  public int[] encode(String text, boolean addSpecialTokens, String param) {
    if (text.length() > maxInputChars()) {
      throw new dev.opsmind.server.http.ApiException(400, "invalid_request_error", "context_length_exceeded", param,
          "This model's maximum context length is " + contextLength() + " tokens; your '" + param + "' is "
              + text.length() + " characters, more than the " + maxInputChars()
              + " this server tokenizes for it. Please shorten it.", 0);
    }
    return tokenizer.encode(text, addSpecialTokens);
  }

  /** Tokens the model scores (its logits' length, config.json's vocab_size). */
  public int vocabSize() {
    return decoder.config().vocabSize();
  }

  @Override
  public void close() {
    scheduler.close();
    prefixes.forEach(PromptPrefix::close);
    tokenizer.close();
    decoder.close();
  }

  /** The scheduler's timing events as Micrometer meters. */
  private record MicrometerSchedulerMetrics(String model, Metrics metrics) implements SchedulerMetrics {
    @Override
    public void timeToFirstToken(long nanos) {
      metrics.timeToFirstToken(model, Duration.ofNanos(nanos));
    }

    @Override
    public void interTokenLatency(long nanos) {
      metrics.interTokenLatency(model, Duration.ofNanos(nanos));
    }

    @Override
    public void promptCacheHit(int tokens) {
      metrics.promptTokensCached(model, tokens);
    }

    @Override
    public void requestFinished(FinishReason reason, int promptTokens, int completionTokens) {
      metrics.tokensIn(model, promptTokens);
      metrics.tokensOut(model, completionTokens);
      metrics.generationFinished(model, reason.openAiName());
    }
  }
}
