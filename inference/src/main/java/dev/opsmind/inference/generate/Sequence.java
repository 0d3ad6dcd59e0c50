package dev.opsmind.inference.generate;

import dev.opsmind.inference.generate.json.JsonConstraint;
import dev.opsmind.inference.generate.json.JsonVocabulary;
import dev.opsmind.inference.generate.sampling.Sampler;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.generate.sampling.StopMatcher;
import dev.opsmind.inference.generate.sampling.TokenLogprob;
import dev.opsmind.inference.tokenizer.Detokenizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One request's decoding state apart from its KV cache: sampler, incremental detokeniser, stop
 * matcher, counters and timing. Turns each step's logits into a token, a text delta and, at the
 * end, exactly one {@link GenerationListener#onFinish}. Used by {@link Generator} and
 * {@link Scheduler} alike, so a request behaves the same alone or batched.
 */
final class Sequence {
  private final int[] prompt;
  private final SamplingParams params;
  private final GenerationListener listener;
  private final Sampler sampler;
  private final Detokenizer detokenizer;
  private final StopMatcher stopMatcher;
  private final Set<Integer> stopIds;
  private final int tokenizerVocab;
  /** Non-null when the output must be JSON of a schema. */
  private final JsonConstraint json;
  private final StringBuilder text = new StringBuilder();
  private final long submittedNanos;
  private long firstTokenNanos;
  private long lastTokenNanos;
  private int generated;
  private int lastToken = -1;
  private int[] generatedTokens = new int[16];
  private int cachedPromptTokens;
  private FinishReason finished;

  /**
   * @param tokenizerVocab ids at or above it are never sampled: checkpoints pad the LM head past
   *     the tokenizer (Qwen2.5: 151936 rows, 151665 tokens), and those rows have no text
   * @param jsonVocabulary the tokenizer's tokens for JSON output; needed when the params ask for it
   */
  Sequence(int[] prompt, SamplingParams params, Set<Integer> eosIds, IntFunction<byte[]> tokenBytes,
      int tokenizerVocab, Supplier<JsonVocabulary> jsonVocabulary, GenerationListener listener, long submittedNanos) {
    if (prompt.length == 0) {
      throw new IllegalArgumentException("prompt is empty: at least one token is needed");
    }
    this.prompt = prompt.clone();
    this.params = params;
    this.listener = listener;
    this.sampler = new Sampler(params, prompt);
    this.detokenizer = new Detokenizer(tokenBytes);
    this.stopMatcher = new StopMatcher(params.stop());
    this.stopIds = new HashSet<>(params.stopTokenIds());
    if (!params.ignoreEos()) {
      stopIds.addAll(eosIds);
    }
    this.tokenizerVocab = tokenizerVocab;
    this.json = params.json() == null ? null : new JsonConstraint(jsonVocabulary.get(), params.json());
    this.submittedNanos = submittedNanos;
  }

  /**
   * Samples from one step's logits and reports the token; returns true once the sequence is done.
   * {@code contextFull}: the model has no room for another token, so this one must be the last.
   */
  boolean accept(float[] logits, boolean contextFull) {
    if (logits.length > tokenizerVocab) {
      Arrays.fill(logits, tokenizerVocab, logits.length, Float.NEGATIVE_INFINITY);
    }
    if (generated < params.minTokens()) {
      for (int id : stopIds) {
        if (id < logits.length) {
          logits[id] = Float.NEGATIVE_INFINITY;
        }
      }
    }
    Sampler.Sampled s = json == null ? sampler.sample(logits) : sampleJson(logits);
    if (s == null) {
      // nothing continues the JSON (e.g. a logit_bias banned it all): end rather than break it
      return finish(FinishReason.STOP);
    }
    long now = System.nanoTime();
    if (generated == 0) {
      firstTokenNanos = now;
    }
    lastTokenNanos = now;
    if (generated == generatedTokens.length) {
      generatedTokens = Arrays.copyOf(generatedTokens, 2 * generated);
    }
    generatedTokens[generated++] = s.tokenId();
    lastToken = s.tokenId();
    if (stopIds.contains(s.tokenId())) {
      // The stop token itself is not text the caller asked for; what was held back is.
      emit(s.tokenId(), drain().emit(), s.logprob());
      return finish(FinishReason.STOP);
    }
    StopMatcher.Result r = stopMatcher.accept(detokenizer.next(s.tokenId()));
    if (r.stopped()) {
      emit(s.tokenId(), r.emit(), s.logprob());
      return finish(FinishReason.STOP);
    }
    if (json != null) {
      json.accept(s.tokenId());
      if (json.complete()) { // the JSON value is closed: that is the whole answer
        StopMatcher.Result tail = drain();
        emit(s.tokenId(), r.emit() + tail.emit(), s.logprob());
        return finish(FinishReason.STOP);
      }
    }
    if (generated >= params.maxTokens() || contextFull) {
      StopMatcher.Result tail = drain();
      emit(s.tokenId(), r.emit() + tail.emit(), s.logprob());
      if (tail.stopped()) {
        return finish(FinishReason.STOP);
      }
      return finish(FinishReason.LENGTH);
    }
    emit(s.tokenId(), r.emit(), s.logprob());
    return false;
  }

  /**
   * A token the JSON constraint allows, or null when none is. The sampler's unmasked pick is kept
   * when it fits (exact, see {@link Sampler#proposes}): a real model's pick usually does, and the
   * 1–4 ms mask over the vocabulary is then skipped.
   */
  private Sampler.Sampled sampleJson(float[] logits) {
    if (sampler.proposes()) {
      int proposed = sampler.propose(logits.clone());
      if (json.allows(proposed)) {
        return sampler.keep(proposed);
      }
    }
    return json.mask(logits) == 0 ? null : sampler.sample(logits);
  }

  /** At the end: incomplete bytes and a possible-stop prefix held back are released (a stop string still cuts). */
  private StopMatcher.Result drain() {
    StopMatcher.Result tail = stopMatcher.accept(detokenizer.flush());
    return tail.stopped() ? tail : new StopMatcher.Result(tail.emit() + stopMatcher.flush(), false);
  }

  private void emit(int token, String delta, TokenLogprob logprob) {
    text.append(delta);
    listener.onToken(token, delta, logprob);
  }

  /** Ends the sequence (also from outside, e.g. cancelled); idempotent. */
  boolean finish(FinishReason reason) {
    if (finished != null) {
      return true;
    }
    finished = reason;
    long decode = generated > 0 ? lastTokenNanos - firstTokenNanos : 0;
    long ttft = generated > 0 ? firstTokenNanos - submittedNanos : 0;
    listener.onFinish(new GenerationResult(reason, text.toString(), prompt.length, cachedPromptTokens, generated, ttft,
        decode));
    return true;
  }

  void fail(Throwable error) {
    if (finished == null) {
      finished = FinishReason.CANCELLED;
      listener.onError(error);
    }
  }

  FinishReason finishReason() {
    return finished;
  }

  boolean isFinished() {
    return finished != null;
  }

  int[] prompt() {
    return prompt;
  }

  int lastToken() {
    return lastToken;
  }

  /** Prompt then generated tokens, in order. */
  int[] tokens() {
    int[] all = Arrays.copyOf(prompt, prompt.length + generated);
    System.arraycopy(generatedTokens, 0, all, prompt.length, generated);
    return all;
  }

  /** How many prompt tokens came from a cache instead of being prefilled (reported in the result). */
  void promptCached(int tokens) {
    cachedPromptTokens = tokens;
  }

  int generated() {
    return generated;
  }

  SamplingParams params() {
    return params;
  }

  long submittedNanos() {
    return submittedNanos;
  }

  long firstTokenNanos() {
    return firstTokenNanos;
  }
}
