package dev.opsmind.inference.generate;

import dev.opsmind.inference.generate.json.JsonVocabulary;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.generate.sampling.TokenLogprob;
import dev.opsmind.inference.model.DecodeStep;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.KvCache;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import java.util.List;
import java.util.Set;

/**
 * Generates one sequence at a time on the calling thread: prefill the prompt, then decode token
 * by token until a stop token, a stop string, max_tokens or the end of the context. The CLI's
 * {@code generate} uses it; the server uses {@link Scheduler}, which batches many sequences.
 */
public final class Generator {
  private final Decoder decoder;
  private final TextTokenizer tokenizer;
  private final Set<Integer> eosIds;

  public Generator(Decoder decoder, TextTokenizer tokenizer, Set<Integer> eosIds) {
    this.decoder = decoder;
    this.tokenizer = tokenizer;
    this.eosIds = Set.copyOf(eosIds);
  }

  /** Runs to the end, streaming through {@code listener}; returns the same result it was given. */
  public GenerationResult generate(int[] prompt, SamplingParams params, GenerationListener listener) {
    checkFits(prompt.length, decoder.contextLength());
    long submitted = System.nanoTime();
    GenerationResult[] result = new GenerationResult[1];
    GenerationListener capture = new GenerationListener() {
      @Override
      public void onToken(int tokenId, String textDelta, TokenLogprob logprob) {
        listener.onToken(tokenId, textDelta, logprob);
      }

      @Override
      public void onFinish(GenerationResult r) {
        result[0] = r;
        listener.onFinish(r);
      }
    };
    Sequence seq = new Sequence(prompt, params, eosIds, tokenizer.continuation(prompt), tokenizer.vocabSize(),
        () -> new JsonVocabulary(tokenizer.vocabSize(), tokenizer::tokenBytes, tokenizer::isSpecial), capture, submitted);
    try (KvCache cache = decoder.newCache()) {
      float[] logits = decoder.forward(List.of(new DecodeStep(cache, prompt)))[0];
      while (!seq.accept(logits, cache.length() >= decoder.contextLength())) {
        logits = decoder.forward(List.of(new DecodeStep(cache, new int[] {seq.lastToken()})))[0];
      }
    }
    return result[0];
  }

  static void checkFits(int promptTokens, int contextLength) {
    if (promptTokens >= contextLength) {
      throw new IllegalArgumentException("prompt of " + promptTokens + " tokens leaves no room to generate in the"
          + " model's context of " + contextLength + " tokens");
    }
  }
}
