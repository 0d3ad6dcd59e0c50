package dev.opsmind.inference.generate.sampling;

import dev.opsmind.inference.generate.json.JsonSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one request samples. Values usually arrive from an HTTP request, so the constructor checks
 * every range and says which field is wrong. {@code temperature == 0} means greedy (argmax);
 * {@code topK == 0}, {@code topP == 1}, {@code minP == 0} and penalties of 1/0/0 switch those steps off.
 *
 * @param seed null → a fresh random seed; the same seed gives the same tokens
 * @param stop stop strings: generation ends before the first occurrence, which is not emitted
 * @param stopTokenIds extra token ids that end generation (the model's EOS ids are added unless
 *     {@code ignoreEos})
 * @param minTokens until this many tokens are out, the stop token ids (EOS included) cannot be sampled
 * @param ignoreEos the model's EOS ids do not end generation (vLLM's ignore_eos: for benchmarks and
 *     fixed-length output); stop strings, stop_token_ids and max_tokens still do
 * @param logprobs report the chosen token's log-probability
 * @param topLogprobs also report this many most likely alternatives (0..20; needs logprobs)
 * @param logitBias added to a token's logit before anything else (OpenAI's logit_bias: -100..100;
 *     -100 in effect bans a token, 100 all but forces it); ids past the logits are ignored
 * @param json null for free text; else decoding is constrained to one JSON value of this schema
 *     ({@link JsonSchema#ANY_OBJECT}: any object) and ends when it closes
 */
public record SamplingParams(
    double temperature,
    double topP,
    int topK,
    double minP,
    double repetitionPenalty,
    double frequencyPenalty,
    double presencePenalty,
    Long seed,
    int maxTokens,
    int minTokens,
    boolean ignoreEos,
    List<String> stop,
    Set<Integer> stopTokenIds,
    boolean logprobs,
    int topLogprobs,
    Map<Integer, Float> logitBias,
    JsonSchema json) {

  public static final int MAX_STOP_STRINGS = 16;
  public static final int MAX_TOP_LOGPROBS = 20;
  public static final int MAX_LOGIT_BIAS = 1024;

  public SamplingParams {
    range("temperature", temperature, 0, 2);
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
    }
    if (topK < 0) {
      throw new IllegalArgumentException("top_k must be >= 0 (0 = off), got " + topK);
    }
    if (!(minP >= 0 && minP < 1)) {
      throw new IllegalArgumentException("min_p must be in [0, 1), got " + minP);
    }
    if (!(repetitionPenalty > 0 && repetitionPenalty <= 10)) {
      throw new IllegalArgumentException("repetition_penalty must be in (0, 10], got " + repetitionPenalty);
    }
    range("frequency_penalty", frequencyPenalty, -2, 2);
    range("presence_penalty", presencePenalty, -2, 2);
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max_tokens must be >= 1, got " + maxTokens);
    }
    if (minTokens < 0 || minTokens > maxTokens) {
      throw new IllegalArgumentException("min_tokens must be in [0, max_tokens = " + maxTokens + "], got " + minTokens);
    }
    stop = stop == null ? List.of() : List.copyOf(stop);
    if (stop.size() > MAX_STOP_STRINGS) {
      throw new IllegalArgumentException("at most " + MAX_STOP_STRINGS + " stop strings, got " + stop.size());
    }
    for (String s : stop) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("stop strings must not be empty");
      }
    }
    stopTokenIds = stopTokenIds == null ? Set.of() : Set.copyOf(stopTokenIds);
    for (int id : stopTokenIds) {
      if (id < 0) {
        throw new IllegalArgumentException("stop_token_ids must be >= 0, got " + id);
      }
    }
    if (topLogprobs < 0 || topLogprobs > MAX_TOP_LOGPROBS) {
      throw new IllegalArgumentException("top_logprobs must be in [0, " + MAX_TOP_LOGPROBS + "], got " + topLogprobs);
    }
    if (topLogprobs > 0 && !logprobs) {
      throw new IllegalArgumentException("top_logprobs needs logprobs=true");
    }
    logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
    if (logitBias.size() > MAX_LOGIT_BIAS) {
      throw new IllegalArgumentException("at most " + MAX_LOGIT_BIAS + " logit_bias entries, got " + logitBias.size());
    }
    for (var e : logitBias.entrySet()) {
      if (e.getKey() < 0) {
        throw new IllegalArgumentException("logit_bias token ids must be >= 0, got " + e.getKey());
      }
      if (!(e.getValue() >= -100 && e.getValue() <= 100)) {
        throw new IllegalArgumentException("logit_bias values must be in [-100, 100], got " + e.getValue()
            + " for token " + e.getKey());
      }
    }
  }

  private static void range(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  /** Temperature 1, no truncation, no penalties, 256 tokens, random seed. */
  public static SamplingParams defaults() {
    return new SamplingParams(1.0, 1.0, 0, 0.0, 1.0, 0.0, 0.0, null, 256, 0, false, List.of(), Set.of(), false, 0, Map.of(),
        null);
  }

  public static SamplingParams greedy(int maxTokens) {
    return defaults().withTemperature(0).withMaxTokens(maxTokens);
  }

  public boolean isGreedy() {
    return temperature == 0;
  }

  public SamplingParams withTemperature(double t) {
    return with(b -> b.temperature = t);
  }

  public SamplingParams withTopP(double p) {
    return with(b -> b.topP = p);
  }

  public SamplingParams withTopK(int k) {
    return with(b -> b.topK = k);
  }

  public SamplingParams withMinP(double p) {
    return with(b -> b.minP = p);
  }

  public SamplingParams withPenalties(double repetition, double frequency, double presence) {
    return with(b -> {
      b.repetitionPenalty = repetition;
      b.frequencyPenalty = frequency;
      b.presencePenalty = presence;
    });
  }

  public SamplingParams withSeed(Long s) {
    return with(b -> b.seed = s);
  }

  public SamplingParams withMaxTokens(int n) {
    return with(b -> b.maxTokens = n);
  }

  public SamplingParams withMinTokens(int n) {
    return with(b -> b.minTokens = n);
  }

  public SamplingParams withIgnoreEos(boolean ignore) {
    return with(b -> b.ignoreEos = ignore);
  }

  public SamplingParams withStop(List<String> strings) {
    return with(b -> b.stop = strings);
  }

  public SamplingParams withStopTokenIds(Set<Integer> ids) {
    return with(b -> b.stopTokenIds = ids);
  }

  public SamplingParams withLogprobs(boolean enabled, int top) {
    return with(b -> {
      b.logprobs = enabled;
      b.topLogprobs = top;
    });
  }

  public SamplingParams withLogitBias(Map<Integer, Float> bias) {
    return with(b -> b.logitBias = bias);
  }

  public SamplingParams withJson(JsonSchema schema) {
    return with(b -> b.json = schema);
  }

  /** A copy with {@code change} applied to its fields (validated again by the constructor). */
  private SamplingParams with(java.util.function.Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new SamplingParams(f.temperature, f.topP, f.topK, f.minP, f.repetitionPenalty, f.frequencyPenalty,
        f.presencePenalty, f.seed, f.maxTokens, f.minTokens, f.ignoreEos, f.stop, f.stopTokenIds, f.logprobs, f.topLogprobs, f.logitBias, f.json);
  }

  /** The components as mutable fields, for {@link #with}. */
  private static final class Fields {
    double temperature;
    double topP;
    int topK;
    double minP;
    double repetitionPenalty;
    double frequencyPenalty;
    double presencePenalty;
    Long seed;
    int maxTokens;
    int minTokens;
    boolean ignoreEos;
    List<String> stop;
    Set<Integer> stopTokenIds;
    boolean logprobs;
    int topLogprobs;
    Map<Integer, Float> logitBias;
    JsonSchema json;

    Fields(SamplingParams p) {
      temperature = p.temperature;
      topP = p.topP;
      topK = p.topK;
      minP = p.minP;
      repetitionPenalty = p.repetitionPenalty;
      frequencyPenalty = p.frequencyPenalty;
      presencePenalty = p.presencePenalty;
      seed = p.seed;
      maxTokens = p.maxTokens;
      minTokens = p.minTokens;
      ignoreEos = p.ignoreEos;
      stop = p.stop;
      stopTokenIds = p.stopTokenIds;
      logprobs = p.logprobs;
      topLogprobs = p.topLogprobs;
      logitBias = p.logitBias;
      json = p.json;
    }
  }
}
