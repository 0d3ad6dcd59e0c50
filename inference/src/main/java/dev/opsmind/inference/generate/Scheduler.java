package dev.opsmind.inference.generate;

import dev.opsmind.inference.generate.json.JsonVocabulary;
import dev.opsmind.inference.model.DecodeStep;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.KvCache;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Continuous batching: one thread owns the {@link Decoder} and runs step after step over all
 * running sequences. Newcomers join at the next token boundary (nobody waits for a batch to
 * finish); their prompts are prefilled in chunks inside the same steps as the others' decode, so
 * decode is never starved; finished or cancelled sequences leave at once. Admission is bounded by
 * batch size and a KV token budget; the wait queue is bounded (full → {@link QueueFullException}).
 *
 * <p>Listeners are called on the scheduler thread and must hand work off quickly.
 */
public final class Scheduler implements AutoCloseable {
  private final Decoder decoder;
  private final TextTokenizer tokenizer;
  private JsonVocabulary jsonVocabulary;
  private final Set<Integer> eosIds;
  private final SchedulerOptions options;
  private final SchedulerMetrics metrics;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final ArrayDeque<Handle> queue = new ArrayDeque<>();
  private final List<Running> running = new ArrayList<>(); // scheduler thread only
  private final PromptCache promptCache; // scheduler thread only
  private final Thread thread;
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong completionTokens = new AtomicLong();
  /** Requests being prepared (chat template, tokenizer) that will be submitted soon. */
  private final AtomicInteger arriving = new AtomicInteger();
  private volatile int runningSize;
  private volatile boolean closed;
  private int reservedTokens; // scheduler thread only

  public Scheduler(Decoder decoder, TextTokenizer tokenizer, Set<Integer> eosIds, SchedulerOptions options,
      SchedulerMetrics metrics) {
    this.decoder = decoder;
    this.tokenizer = tokenizer;
    this.eosIds = Set.copyOf(eosIds);
    this.options = options;
    this.metrics = metrics == null ? SchedulerMetrics.NONE : metrics;
    this.promptCache = new PromptCache(options.promptCacheTokens());
    this.thread = Thread.ofPlatform().name("opsmind-scheduler").daemon(true).unstarted(this::loop);
    thread.start();
  }

  /**
   * Longest an idle scheduler waits for announced requests ({@link #arrival}) before its first
   * step: a prompt is prepared in milliseconds, so this only matters when something goes wrong.
   */
  static final long ARRIVAL_WAIT_NANOS = 200_000_000L;

  /**
   * Announces a request that is being prepared and will be submitted (or given up) soon; close
   * it once submitted or failed. An idle scheduler that wakes for a request waits for the
   * announced ones before its first step, so requests that arrive together are prefilled in one
   * pass: prefill on a CPU is compute-bound, and the first of a burst prefilled alone delays the
   * others by a whole pass. A lone request (nothing announced besides itself) never waits.
   */
  public Arrival arrival() {
    arriving.incrementAndGet();
    return new Arrival();
  }

  /** See {@link #arrival}; closing twice counts once. */
  public final class Arrival implements AutoCloseable {
    private final AtomicBoolean closed = new AtomicBoolean();

    private Arrival() {}

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        arriving.decrementAndGet();
        lock.lock();
        try {
          work.signal();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** A submitted request: cancel() makes it leave within one step (finish reason CANCELLED). */
  public static final class Handle {
    private final GenerationRequest request;
    private final GenerationListener listener;
    private final long submittedNanos = System.nanoTime();
    private volatile boolean cancelled;
    private int reserved; // KV tokens reserved at admission; scheduler thread only

    private Handle(GenerationRequest request, GenerationListener listener) {
      this.request = request;
      this.listener = listener;
    }

    public void cancel() {
      cancelled = true;
    }

    public boolean isCancelled() {
      return cancelled;
    }
  }

  private final class Running {
    final Handle handle;
    final Sequence seq;
    final KvCache cache;
    final int reserved;
    int prefilled; // prompt tokens in the cache
    long lastTokenNanos;

    Running(Handle handle, Sequence seq, KvCache cache, int reserved) {
      this.handle = handle;
      this.seq = seq;
      this.cache = cache;
      this.reserved = reserved;
      this.prefilled = cache.length();
    }
  }

  /**
   * Queues a request. Bad requests (prompt too long for the context or the KV budget) throw
   * IllegalArgumentException; a full queue throws {@link QueueFullException}.
   */
  public Handle submit(GenerationRequest request, GenerationListener listener) {
    Generator.checkFits(request.prompt().length, decoder.contextLength());
    if (reservation(request) > options.kvTokenBudget()) {
      throw new IllegalArgumentException("prompt (" + request.prompt().length + " tokens) + max_tokens ("
          + request.params().maxTokens() + ") exceeds the KV budget of " + options.kvTokenBudget() + " tokens");
    }
    Handle h = new Handle(request, listener);
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("scheduler is closed");
      }
      if (queue.size() >= options.maxQueueLength() && runningSize >= options.maxBatchSize()) {
        throw new QueueFullException(queue.size());
      }
      queue.addLast(h);
      work.signal();
    } finally {
      lock.unlock();
    }
    return h;
  }

  private int reservation(GenerationRequest r) {
    return Math.min(decoder.contextLength(), r.prompt().length + r.params().maxTokens());
  }

  public int queueDepth() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  public int runningBatchSize() {
    return runningSize;
  }

  public long promptTokensTotal() {
    return promptTokens.get();
  }

  public long completionTokensTotal() {
    return completionTokens.get();
  }

  private void loop() {
    while (true) {
      List<Handle> admitted;
      lock.lock();
      try {
        while (!closed && queue.isEmpty() && running.isEmpty()) {
          work.awaitUninterruptibly();
        }
        if (closed) {
          break;
        }
        if (running.isEmpty()) {
          gatherArrivals();
        }
        admitted = admit();
      } finally {
        lock.unlock();
      }
      try {
        for (Handle h : admitted) {
          start(h);
        }
        dropCancelled();
        if (!running.isEmpty()) {
          step();
        }
      } catch (RuntimeException e) {
        // A listener or the decoder failed outside a sequence's own handling: fail the batch,
        // keep the thread alive for the requests still queued.
        failAll(e);
      }
    }
    shutdown();
  }

  private void failAll(RuntimeException e) {
    for (Running r : running) {
      try {
        r.seq.fail(e);
      } catch (RuntimeException ignored) {
        // the listener that failed may fail again; the cache must still be closed
      }
      r.cache.close();
      reservedTokens -= r.reserved;
    }
    running.clear();
    runningSize = 0;
  }

  /**
   * Idle until now: lets requests sent together join the queue before the first step (lock
   * held). Waits until the batch window has passed since the oldest queued request arrived, then
   * for requests still announced as being prepared; either ends once the batch is full.
   */
  private void gatherArrivals() {
    long windowEnd = queue.isEmpty() ? System.nanoTime()
        : queue.peekFirst().submittedNanos + options.batchWindowMillis() * 1_000_000L;
    if (awaitWhile(windowEnd, () -> true)) {
      awaitWhile(System.nanoTime() + ARRIVAL_WAIT_NANOS, () -> arriving.get() > 0);
    }
  }

  /**
   * Waits (lock held) while {@code more} holds, the scheduler is open and the batch has room,
   * until {@code deadline}; false when interrupted.
   */
  private boolean awaitWhile(long deadline, BooleanSupplier more) {
    while (!closed && more.getAsBoolean() && queue.size() < options.maxBatchSize()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      try {
        work.awaitNanos(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Takes queued requests while the batch and the KV budget have room; cancelled ones leave. */
  private List<Handle> admit() {
    List<Handle> out = new ArrayList<>();
    for (Iterator<Handle> it = queue.iterator(); it.hasNext(); ) {
      Handle h = it.next();
      if (h.cancelled) {
        it.remove();
        out.add(h); // start() reports the cancellation on this thread
        continue;
      }
      int need = reservation(h.request);
      if (running.size() + countLive(out) >= options.maxBatchSize() || reservedTokens + need > options.kvTokenBudget()) {
        break; // first come, first served: do not let later small requests overtake
      }
      reservedTokens += need;
      h.reserved = need;
      it.remove();
      out.add(h);
    }
    return out;
  }

  private static int countLive(List<Handle> hs) {
    int n = 0;
    for (Handle h : hs) {
      n += h.cancelled ? 0 : 1;
    }
    return n;
  }

  private void start(Handle h) {
    Sequence seq;
    try {
      seq = new Sequence(h.request.prompt(), h.request.params(), eosIds, tokenizer.continuation(h.request.prompt()),
          tokenizer.vocabSize(), this::jsonVocabulary, h.listener, h.submittedNanos);
    } catch (RuntimeException e) {
      reservedTokens -= h.reserved;
      h.listener.onError(e);
      return;
    }
    if (h.cancelled) {
      reservedTokens -= h.reserved;
      seq.finish(FinishReason.CANCELLED);
      metrics.requestFinished(FinishReason.CANCELLED, h.request.prompt().length, 0);
      return;
    }
    KvCache cache = startingCache(h.request, seq);
    running.add(new Running(h, seq, cache, h.reserved));
    runningSize = running.size();
    promptTokens.addAndGet(h.request.prompt().length);
  }

  /** The tokenizer's tokens for JSON output, built at the first request that asks for it (scheduler thread). */
  private JsonVocabulary jsonVocabulary() {
    if (jsonVocabulary == null) {
      jsonVocabulary = new JsonVocabulary(tokenizer.vocabSize(), tokenizer::tokenBytes, tokenizer::isSpecial);
    }
    return jsonVocabulary;
  }

  /** The request's own prefix, else the longest cached prefix of its prompt, else an empty cache. */
  private KvCache startingCache(GenerationRequest request, Sequence seq) {
    if (request.prefix() != null) {
      seq.promptCached(request.prefix().length());
      return request.prefix().copy();
    }
    PromptCache.Hit hit = promptCache.lookup(request.prompt());
    if (hit == null) {
      return decoder.newCache();
    }
    seq.promptCached(hit.tokens());
    metrics.promptCacheHit(hit.tokens());
    return hit.cache();
  }

  private void dropCancelled() {
    for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
      Running r = it.next();
      if (r.handle.cancelled) {
        r.seq.finish(FinishReason.CANCELLED);
        leave(r, true);
        it.remove();
      }
    }
    runningSize = running.size();
  }

  /** One forward pass: a decode token for every prefilled sequence, prompt chunks for the others. */
  private void step() {
    List<DecodeStep> steps = new ArrayList<>(running.size());
    List<Running> members = new ArrayList<>(running.size());
    int prefillLeft = options.prefillChunk();
    int tokens = 0;
    for (Running r : running) {
      int[] prompt = r.seq.prompt();
      int[] input;
      if (r.prefilled < prompt.length) {
        if (prefillLeft == 0) {
          continue; // waits for the next step; decoders keep going
        }
        int n = Math.min(prefillLeft, prompt.length - r.prefilled);
        input = Arrays.copyOfRange(prompt, r.prefilled, r.prefilled + n);
        prefillLeft -= n;
      } else {
        input = new int[] {r.seq.lastToken()};
      }
      steps.add(new DecodeStep(r.cache, input));
      members.add(r);
      tokens += input.length;
    }
    long t0 = System.nanoTime();
    float[][] logits;
    try {
      logits = decoder.forward(steps);
    } catch (RuntimeException e) {
      // The batch's caches are in an unknown state: fail its members, keep serving others.
      for (Running r : members) {
        r.seq.fail(e);
        leave(r, false);
        running.remove(r);
      }
      runningSize = running.size();
      return;
    }
    metrics.step(members.size(), tokens, System.nanoTime() - t0);
    for (int i = 0; i < members.size(); i++) {
      Running r = members.get(i);
      int fed = steps.get(i).tokens().length;
      if (r.prefilled < r.seq.prompt().length) {
        r.prefilled += fed;
        if (r.prefilled < r.seq.prompt().length) {
          continue; // mid-prompt logits are not sampled
        }
      }
      boolean done;
      completionTokens.incrementAndGet(); // before accept(): listeners may read totals once finished
      try {
        done = r.seq.accept(logits[i], r.cache.length() >= decoder.contextLength());
      } catch (RuntimeException e) {
        r.seq.fail(e);
        done = true;
      }
      long now = System.nanoTime();
      if (r.seq.generated() == 1) {
        metrics.timeToFirstToken(now - r.handle.submittedNanos);
      } else {
        metrics.interTokenLatency(now - r.lastTokenNanos);
      }
      r.lastTokenNanos = now;
      if (done) {
        leave(r, true); // the pass went through: the cache is sound even if a listener failed
        running.remove(r);
      }
    }
    runningSize = running.size();
  }

  /** A sequence leaves; its cache goes to the prompt cache when its contents are sound. */
  private void leave(Running r, boolean reusable) {
    if (reusable) {
      promptCache.offer(r.seq.tokens(), r.cache);
    } else {
      r.cache.close();
    }
    reservedTokens -= r.reserved;
    metrics.requestFinished(r.seq.finishReason(), r.seq.prompt().length,
        r.seq.generated());
  }

  private void shutdown() {
    IllegalStateException closing = new IllegalStateException("scheduler closed");
    for (Running r : running) {
      r.seq.fail(closing);
      r.cache.close();
    }
    running.clear();
    runningSize = 0;
    promptCache.close();
    lock.lock();
    try {
      for (Handle h : queue) {
        h.listener.onError(closing);
      }
      queue.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Stops the scheduler thread; running and queued requests get onError. Does not close the decoder. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
