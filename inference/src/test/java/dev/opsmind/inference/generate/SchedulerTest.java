package dev.opsmind.inference.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.generate.config.GenerationConfig;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.generate.sampling.TokenLogprob;
import dev.opsmind.inference.model.DecodeStep;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.DecoderOptions;
import dev.opsmind.inference.model.KvCache;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on a tiny random Qwen2 checkpoint (model's RandomCheckpoint) through the real DJL decoder. */
class SchedulerTest {
  @TempDir static Path dir;
  static Decoder decoder;
  static TextTokenizer tokenizer;
  static GenerationConfig genConfig;

  @BeforeAll
  static void load() throws Exception {
    RandomCheckpoint.write(dir, ModelShapes.get("tiny-qwen2"), RandomCheckpoint.Options.defaults(11).withStd(0.3),
        line -> {});
    decoder = Decoder.load(dir, DecoderOptions.defaults().withThreads(1));
    tokenizer = TextTokenizer.load(dir);
    genConfig = GenerationConfig.load(dir);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
    decoder.close();
  }

  /** Collects one request's tokens and result; await() blocks until it finished. */
  static class Collector implements GenerationListener {
    final List<Integer> tokens = new CopyOnWriteArrayList<>();
    final StringBuilder text = new StringBuilder();
    final CompletableFuture<GenerationResult> done = new CompletableFuture<>();
    final CountDownLatch firstToken = new CountDownLatch(1);

    @Override
    public synchronized void onToken(int tokenId, String textDelta, TokenLogprob logprob) {
      tokens.add(tokenId);
      text.append(textDelta);
      firstToken.countDown();
    }

    @Override
    public void onFinish(GenerationResult result) {
      done.complete(result);
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    GenerationResult await() throws Exception {
      return done.get(5, TimeUnit.MINUTES);
    }
  }

  /** Holds the scheduler thread inside its first onToken until release(): makes ordering deterministic. */
  static class HoldingCollector extends Collector {
    final CountDownLatch released = new CountDownLatch(1);

    @Override
    public synchronized void onToken(int tokenId, String textDelta, TokenLogprob logprob) {
      super.onToken(tokenId, textDelta, logprob);
      if (tokens.size() == 1) {
        try {
          released.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    void release() {
      released.countDown();
    }
  }

  /** Records how many sequences each step ran. */
  static final class StepSizes implements SchedulerMetrics {
    final List<Integer> sizes = new CopyOnWriteArrayList<>();

    @Override
    public void step(int sequences, int tokens, long nanos) {
      sizes.add(sequences);
    }
  }

  private static int[] prompt(String text) {
    return tokenizer.encode(text);
  }

  private static SamplingParams greedy(int n) {
    // No EOS stop inside the test: random weights may pick it at any point.
    return SamplingParams.greedy(n);
  }

  private static Scheduler scheduler(int batch, int queue) {
    return new Scheduler(decoder, tokenizer, java.util.Set.of(), new SchedulerOptions(batch, queue, 4096, 16, 0, 0), null);
  }

  @Test
  void sameSeedSameTokensEndToEnd() {
    Generator g = new Generator(decoder, tokenizer, java.util.Set.of());
    SamplingParams p = SamplingParams.defaults().withSeed(5L).withMaxTokens(12).withTopK(50).withTopP(0.95);
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    List<Integer> c = new ArrayList<>();
    g.generate(prompt("重启服务 restart"), p, listener(a));
    g.generate(prompt("重启服务 restart"), p, listener(b));
    g.generate(prompt("重启服务 restart"), p.withSeed(6L), listener(c));
    assertEquals(12, a.size());
    assertEquals(a, b);
    assertNotEquals(a, c);
  }

  private static GenerationListener listener(List<Integer> sink) {
    return new GenerationListener() {
      @Override
      public void onToken(int tokenId, String textDelta, TokenLogprob logprob) {
        sink.add(tokenId);
      }

      @Override
      public void onFinish(GenerationResult result) {}
    };
  }

  @Test
  void greedyOutputIsTheSameAloneOrInAFullBatch() throws Exception {
    List<String> prompts = List.of("The disk is full", "磁盘满了", "restart nginx now please", "OOM 137",
        "Grafana shows p99 latency rising after the cache was flushed", "证书");
    List<List<Integer>> alone = new ArrayList<>();
    try (Scheduler s = scheduler(1, 16)) {
      for (String p : prompts) {
        Collector c = new Collector();
        s.submit(new GenerationRequest(prompt(p), greedy(10)), c);
        assertEquals(10, c.await().completionTokens());
        alone.add(new ArrayList<>(c.tokens));
      }
    }
    // Same greedy outputs via a single-sequence Generator...
    Generator g = new Generator(decoder, tokenizer, java.util.Set.of());
    List<Integer> viaGenerator = new ArrayList<>();
    g.generate(prompt(prompts.get(0)), greedy(10), listener(viaGenerator));
    assertEquals(alone.get(0), viaGenerator);
    // ...and all together in one batch, joining while others decode.
    java.util.concurrent.atomic.AtomicInteger widest = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger firstTokens = new java.util.concurrent.atomic.AtomicInteger();
    SchedulerMetrics metrics = new SchedulerMetrics() {
      @Override
      public void step(int sequences, int tokens, long nanos) {
        widest.accumulateAndGet(sequences, Math::max);
      }

      @Override
      public void timeToFirstToken(long nanos) {
        firstTokens.incrementAndGet();
      }
    };
    try (Scheduler s = new Scheduler(decoder, tokenizer, java.util.Set.of(),
        new SchedulerOptions(prompts.size(), 16, 4096, 16, 0, 0), metrics)) {
      List<Collector> cs = new ArrayList<>();
      for (String p : prompts) {
        Collector c = new Collector();
        s.submit(new GenerationRequest(prompt(p), greedy(10)), c);
        cs.add(c);
      }
      for (int i = 0; i < prompts.size(); i++) {
        GenerationResult r = cs.get(i).await();
        assertEquals(FinishReason.LENGTH, r.finishReason());
        assertEquals(prompt(prompts.get(i)).length, r.promptTokens());
        assertEquals(alone.get(i), cs.get(i).tokens, "prompt " + i);
      }
      assertEquals(prompts.size() * 10L, s.completionTokensTotal());
      assertTrue(widest.get() > 1, "requests should have shared steps, widest step " + widest.get());
      assertEquals(prompts.size(), firstTokens.get());
    }
  }

  @Test
  void prefixCacheGivesTheSameTokensAsAFullPrefill() throws Exception {
    int[] full = prompt("You are an ops assistant. Disk /var/log is full");
    int split = full.length / 2;
    try (KvCache prefix = decoder.newCache(); Scheduler s = scheduler(2, 4)) {
      // The prefix is computed before the scheduler thread uses the decoder for anything else.
      decoder.forward(List.of(new DecodeStep(prefix, java.util.Arrays.copyOf(full, split))));
      Collector withPrefix = new Collector();
      Collector without = new Collector();
      s.submit(new GenerationRequest(full, greedy(8), prefix), withPrefix);
      withPrefix.await();
      s.submit(new GenerationRequest(full, greedy(8)), without);
      without.await();
      assertEquals(without.tokens, withPrefix.tokens);
      assertEquals(split, prefix.length(), "the shared prefix is copied, never extended");
    }
  }

  @Test
  void promptCacheServesAChatsNextTurnWithTheSameTokens() throws Exception {
    // turn 2 sends turn 1's prompt and answer again, then a new question: the finished turn's
    // cache covers all of that, so only the new part is prefilled, with the same greedy result
    int[] turn1 = prompt("<system> You are an ops assistant for the storage team. <user> disk /var is full");
    try (Scheduler cached = new Scheduler(decoder, tokenizer, java.util.Set.of(),
        new SchedulerOptions(2, 4, 4096, 16, 2048, 0), null); Scheduler plain = scheduler(2, 4)) {
      Collector first = new Collector();
      cached.submit(new GenerationRequest(turn1, greedy(6)), first);
      GenerationResult r1 = first.await();
      assertEquals(0, r1.cachedPromptTokens());
      int[] answer = first.tokens.stream().mapToInt(Integer::intValue).toArray();
      int[] followUp = prompt(" <user> and inodes?");
      int[] turn2 = java.util.Arrays.copyOf(turn1, turn1.length + answer.length + followUp.length);
      System.arraycopy(answer, 0, turn2, turn1.length, answer.length);
      System.arraycopy(followUp, 0, turn2, turn1.length + answer.length, followUp.length);
      Collector second = new Collector();
      cached.submit(new GenerationRequest(turn2, greedy(6)), second);
      GenerationResult r2 = second.await();
      // the last answer token was sampled but never fed back: the cache holds all but it
      assertEquals(turn1.length + answer.length - 1, r2.cachedPromptTokens());
      Collector reference = new Collector();
      plain.submit(new GenerationRequest(turn2, greedy(6)), reference);
      assertEquals(0, reference.await().cachedPromptTokens());
      assertEquals(reference.tokens, second.tokens);
    }
  }

  @Test
  void announcedRequestsArrivingTogetherArePrefilledInOnePass() throws Exception {
    StepSizes steps = new StepSizes();
    List<Integer> stepSizes = steps.sizes;
    try (Scheduler s = new Scheduler(decoder, tokenizer, java.util.Set.of(), new SchedulerOptions(4, 4, 4096, 256, 0, 0),
        steps)) {
      Collector a = new Collector();
      Collector b = new Collector();
      Collector c = new Collector();
      try (Scheduler.Arrival comingA = s.arrival(); Scheduler.Arrival comingB = s.arrival();
          Scheduler.Arrival comingC = s.arrival()) {
        // a is submitted while b and c are still being prepared: the idle scheduler waits for them
        s.submit(new GenerationRequest(prompt("first of a burst"), greedy(2)), a);
        comingA.close();
        s.submit(new GenerationRequest(prompt("second of a burst"), greedy(2)), b);
        comingB.close();
        comingC.close(); // c is given up (e.g. a bad request): nobody waits for it any longer
      }
      a.await();
      b.await();
      assertEquals(2, stepSizes.get(0), "the first step prefilled both prompts: " + stepSizes);
      // a lone request: only its own announcement, closed right after submitting
      stepSizes.clear();
      try (Scheduler.Arrival coming = s.arrival()) {
        s.submit(new GenerationRequest(prompt("alone"), greedy(2)), c);
      }
      assertEquals(2, c.await().completionTokens());
      assertEquals(1, stepSizes.get(0));
    }
  }

  @Test
  void requestsWithinTheBatchWindowSharePrefill() throws Exception {
    StepSizes steps = new StepSizes();
    List<Integer> stepSizes = steps.sizes;
    // a window far longer than the test needs: a full batch (2) ends it, so nothing waits it out
    try (Scheduler s = new Scheduler(decoder, tokenizer, java.util.Set.of(), new SchedulerOptions(2, 4, 4096, 256, 0, 60_000),
        steps)) {
      Collector a = new Collector();
      Collector b = new Collector();
      s.submit(new GenerationRequest(prompt("first"), greedy(2)), a);
      Thread.sleep(50); // b comes a moment later, unannounced
      s.submit(new GenerationRequest(prompt("second"), greedy(2)), b);
      a.await();
      b.await();
      assertEquals(2, stepSizes.get(0), "both prompts in the first step: " + stepSizes);
    }
  }

  @Test
  void cancelledRequestLeavesAndOthersContinue() throws Exception {
    try (Scheduler s = scheduler(2, 4)) {
      HoldingCollector victim = new HoldingCollector();
      Collector other = new Collector();
      Scheduler.Handle h = s.submit(new GenerationRequest(prompt("long running"), greedy(100)), victim);
      s.submit(new GenerationRequest(prompt("short"), greedy(20)), other);
      assertTrue(victim.firstToken.await(5, TimeUnit.MINUTES));
      h.cancel(); // while the scheduler is still inside the step that produced token 1
      victim.release();
      GenerationResult r = victim.await();
      assertEquals(FinishReason.CANCELLED, r.finishReason());
      assertEquals(1, r.completionTokens(), "left before the next step");
      assertEquals(20, other.await().completionTokens());
    }
  }

  @Test
  void fullQueueRejectsWithATypedException() throws Exception {
    try (Scheduler s = scheduler(1, 1)) {
      HoldingCollector running = new HoldingCollector();
      Scheduler.Handle h = s.submit(new GenerationRequest(prompt("a"), greedy(100)), running);
      assertTrue(running.firstToken.await(5, TimeUnit.MINUTES)); // admitted: the batch of 1 is full
      Collector queued = new Collector();
      Scheduler.Handle q = s.submit(new GenerationRequest(prompt("b"), greedy(5)), queued);
      assertEquals(1, s.queueDepth());
      assertEquals(1, s.runningBatchSize());
      assertThrows(QueueFullException.class,
          () -> s.submit(new GenerationRequest(prompt("c"), greedy(5)), new Collector()));
      h.cancel();
      running.release();
      assertEquals(FinishReason.CANCELLED, running.await().finishReason());
      assertEquals(5, queued.await().completionTokens());
      assertTrue(!q.isCancelled());
    }
  }

  @Test
  void aThrowingListenerFailsOnlyItsOwnRequest() throws Exception {
    try (Scheduler s = scheduler(2, 4)) {
      Collector broken = new Collector() {
        @Override
        public synchronized void onToken(int tokenId, String textDelta, TokenLogprob logprob) {
          throw new IllegalStateException("client went away");
        }
      };
      Collector fine = new Collector();
      s.submit(new GenerationRequest(prompt("x"), greedy(50)), broken);
      s.submit(new GenerationRequest(prompt("y"), greedy(5)), fine);
      Exception e = assertThrows(java.util.concurrent.ExecutionException.class, broken::await);
      assertTrue(e.getCause().getMessage().contains("client went away"));
      assertEquals(5, fine.await().completionTokens());
      Collector later = new Collector();
      s.submit(new GenerationRequest(prompt("z"), greedy(3)), later);
      assertEquals(3, later.await().completionTokens());
    }
  }

  /** Records each step's (sequences, tokens). */
  static final class StepLog implements SchedulerMetrics {
    final List<int[]> steps = new CopyOnWriteArrayList<>();

    @Override
    public void step(int sequences, int tokens, long nanos) {
      steps.add(new int[] {sequences, tokens});
    }
  }

  @Test
  void longPromptIsPrefilledInChunksAlongsideRunningDecode() throws Exception {
    StepLog log = new StepLog();
    try (Scheduler s = new Scheduler(decoder, tokenizer, java.util.Set.of(), new SchedulerOptions(2, 4, 4096, 4, 0, 0), log)) {
      HoldingCollector running = new HoldingCollector();
      s.submit(new GenerationRequest(prompt("a"), greedy(40)), running);
      assertTrue(running.firstToken.await(5, TimeUnit.MINUTES));
      int[] longPrompt = new int[30];
      java.util.Arrays.fill(longPrompt, 65);
      Collector newcomer = new Collector();
      s.submit(new GenerationRequest(longPrompt, greedy(3)), newcomer);
      running.release();
      assertEquals(3, newcomer.await().completionTokens());
      assertEquals(40, running.await().completionTokens());
    }
    // The newcomer joined while the first had 39 tokens to go: its 30-token prompt went in as
    // 4-token chunks (7 full ones), each beside the running sequence's decode token.
    long mixed = log.steps.stream().filter(st -> st[0] == 2 && st[1] == 1 + 4).count();
    assertEquals(7, mixed, "mixed prefill+decode steps");
    assertTrue(log.steps.stream().allMatch(st -> st[1] <= 2 + 4), "no step beyond batch + chunk");
  }

  @Test
  void kvBudgetAdmitsOnlyWhatFits() throws Exception {
    StepLog log = new StepLog();
    // Each request reserves prompt + 10 tokens; the budget holds one at a time.
    int[] p = prompt("disk full");
    int budget = p.length + 10 + 5;
    try (Scheduler s = new Scheduler(decoder, tokenizer, java.util.Set.of(), new SchedulerOptions(4, 4, budget, 64, 0, 0), log)) {
      Collector a = new Collector();
      Collector b = new Collector();
      s.submit(new GenerationRequest(p, greedy(10)), a);
      s.submit(new GenerationRequest(p, greedy(10)), b);
      assertEquals(10, a.await().completionTokens());
      assertEquals(10, b.await().completionTokens());
      assertEquals(a.tokens, b.tokens);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> s.submit(new GenerationRequest(p, greedy(budget)), new Collector()));
      assertTrue(e.getMessage().contains("KV budget"), e.getMessage());
    }
    assertTrue(log.steps.stream().allMatch(st -> st[0] == 1), "never two sequences at once");
  }

  @Test
  void logprobsAreDeliveredPerToken() throws Exception {
    List<TokenLogprob> seen = new CopyOnWriteArrayList<>();
    Collector c = new Collector() {
      @Override
      public synchronized void onToken(int tokenId, String textDelta, TokenLogprob logprob) {
        super.onToken(tokenId, textDelta, logprob);
        seen.add(logprob);
      }
    };
    try (Scheduler s = scheduler(1, 1)) {
      s.submit(new GenerationRequest(prompt("log"), greedy(4).withLogprobs(true, 3)), c);
      c.await();
    }
    assertEquals(4, seen.size());
    for (int i = 0; i < 4; i++) {
      TokenLogprob lp = seen.get(i);
      assertEquals(c.tokens.get(i), lp.tokenId());
      assertEquals(3, lp.top().size());
      // Greedy without penalties picks the most likely token: the chosen one is the top alternative.
      assertEquals(lp.tokenId(), lp.top().get(0).tokenId());
      assertEquals(lp.logprob(), lp.top().get(0).logprob());
      assertTrue(lp.logprob() <= 0 && lp.top().get(1).logprob() <= lp.logprob());
    }
  }

  @Test
  void tooLongPromptIsRejectedUpFront() {
    try (Scheduler s = scheduler(1, 1)) {
      int[] huge = new int[decoder.contextLength()];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> s.submit(new GenerationRequest(huge, greedy(1)), new Collector()));
      assertTrue(e.getMessage().contains("context"), e.getMessage());
    }
  }
}
