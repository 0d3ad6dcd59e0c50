package dev.opsmind.server.grounded;

import dev.opsmind.server.models.PromptPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.generate.GenerationListener;
import dev.opsmind.inference.generate.GenerationRequest;
import dev.opsmind.inference.generate.GenerationResult;
import dev.opsmind.inference.generate.Scheduler;
import dev.opsmind.inference.generate.SchedulerOptions;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.generate.sampling.TokenLogprob;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.DecoderConfig;
import dev.opsmind.inference.model.DecoderOptions;
import dev.opsmind.inference.model.KvCache;
import dev.opsmind.inference.tokenizer.ChatMessage;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import dev.opsmind.server.answer.GroundedPrompt;
import dev.opsmind.server.answer.SourcePassage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grounded system prompt's KV cache: a prompt started from it generates exactly what the
 * full prefill generates. Prints the time to first token with and without it (a measurement for
 * the README, never asserted).
 */
class PrefixCacheTest {
  @TempDir Path tmp;

  @Test
  void promptsStartedFromTheCachedSystemPromptGenerateTheSameTokens() throws Exception {
    DecoderConfig t = ModelShapes.get("tiny-qwen2");
    // Wider and deeper than tiny-qwen2 so prefill costs something; still random weights.
    DecoderConfig shape = new DecoderConfig(t.modelType(), t.vocabSize(), 256, 4, 4, 2, 64, 704, t.ropeTheta(),
        null, t.rmsNormEps(), 16384, true, true, 0);
    Path dir = tmp.resolve("small-qwen2");
    RandomCheckpoint.write(dir, shape, RandomCheckpoint.Options.defaults(11), line -> {});
    try (Decoder decoder = Decoder.load(dir, DecoderOptions.defaults().withDevice("cpu"));
        TextTokenizer tokenizer = TextTokenizer.load(dir)) {
      ChatTemplate template = ChatTemplate.load(dir);
      PromptPrefix prefix = PromptPrefix.compute(decoder, tokenizer, template, GroundedPrompt.SYSTEM_PROMPT);
      assertNotNull(prefix);
      try (prefix; Scheduler scheduler = new Scheduler(decoder, tokenizer, Set.of(), new SchedulerOptions(4, 8, 65536, 256, 0, 0),
          null)) {
        var source = new SourcePassage("runbooks", "disk-full.md", 1, 12, List.of("Node disk full", "Mitigation"),
            "Find the largest directories with `du -xh / | sort -h | tail`.\nRotate and compress old logs.\n"
                .repeat(6), "", 1, 0.8);
        List<ChatMessage> messages = GroundedPrompt.messages(List.of(ChatMessage.user("The node disk is full, what now?")),
            List.of(source, source, source)).stream().map(m -> new ChatMessage(m.role(), m.content())).toList();
        int[] prompt = tokenizer.encode(template.render(messages, true));
        KvCache cache = prefix.cacheFor(prompt);
        assertNotNull(cache, "the rendered grounded prompt starts with the cached system prompt tokens");
        assertNull(prefix.cacheFor(tokenizer.encode("<|im_start|>user\nhi<|im_end|>\n")));
        SamplingParams greedy = SamplingParams.greedy(8);
        List<Long> full = new ArrayList<>();
        List<Long> cached = new ArrayList<>();
        String fullText = null;
        for (int round = 0; round < 3; round++) {
          GenerationResult a = generate(scheduler, new GenerationRequest(prompt, greedy));
          GenerationResult b = generate(scheduler, new GenerationRequest(prompt, greedy, cache));
          assertEquals(a.text(), b.text(), "same greedy tokens from the cached prefix");
          assertEquals(a.promptTokens(), b.promptTokens());
          fullText = a.text();
          full.add(a.timeToFirstTokenNanos());
          cached.add(b.timeToFirstTokenNanos());
        }
        assertTrue(fullText != null);
        System.out.printf(Locale.ROOT, "prefix cache: prompt %d tokens, cached system prompt %d tokens; "
            + "TTFT full prefill %s ms, from the cache %s ms (median of 3)%n", prompt.length, prefix.length(),
            median(full), median(cached));
      }
    }
  }

  private static GenerationResult generate(Scheduler scheduler, GenerationRequest request) throws Exception {
    var done = new CompletableFuture<GenerationResult>();
    scheduler.submit(request, new GenerationListener() {
      @Override
      public void onToken(int tokenId, String textDelta, TokenLogprob logprob) {}

      @Override
      public void onFinish(GenerationResult result) {
        done.complete(result);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    return done.get();
  }

  private static String median(List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    return String.format(Locale.ROOT, "%.1f", sorted.get(sorted.size() / 2) / 1e6);
  }
}
