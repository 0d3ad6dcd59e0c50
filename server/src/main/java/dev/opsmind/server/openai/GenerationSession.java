package dev.opsmind.server.openai;

import dev.opsmind.inference.generate.FinishReason;
import dev.opsmind.inference.generate.GenerationListener;
import dev.opsmind.inference.generate.GenerationRequest;
import dev.opsmind.inference.generate.GenerationResult;
import dev.opsmind.inference.generate.sampling.TokenLogprob;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.models.GeneratorModel;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * One generation request's life: it submits its choices to the model's scheduler, streams their
 * text (SSE) or waits for it, and answers through its API's {@link Reply} — for chat completions,
 * completions, responses, plain and grounded alike. What a finished or failed generation becomes
 * is its {@link Policy}'s call: {@link Policy#PLAIN} answers with the model's reply (tool calls parsed
 * when tools were offered) and fails with an API error; grounded chat's policy cleans citations
 * and falls back to the extractive answer when the generator fails, refuses or runs past its
 * timeout.
 *
 * <p>The scheduler calls back on its own thread; every callback hops onto the request's Vert.x
 * context, so all state here is touched by one thread. A client that goes away cancels its
 * sequences.
 */
public final class GenerationSession {
  /** The generator ran past its policy's timeout. */
  public static final class TimedOut extends RuntimeException {
    TimedOut(long millis) {
      super("no answer within " + millis + " ms");
    }
  }

  private final RoutingContext ctx;
  private final GeneratorModel model;
  private final List<Choice> choices;
  private final boolean stream;
  private final Reply reply;
  private final Policy policy;
  private Context context;
  private SseStream sse;
  private int unsettled;
  private long timer = -1;
  private boolean over;

  /** {@code model} may be null when no choice generates (a prompt of null). */
  public GenerationSession(RoutingContext ctx, GeneratorModel model, List<Choice> choices, boolean stream,
      Reply reply, Policy policy) {
    this.ctx = ctx;
    this.model = model;
    this.choices = List.copyOf(choices);
    this.stream = stream;
    this.reply = reply;
    this.policy = policy;
  }

  /**
   * Submits every choice (on the request's context). Under {@link #PLAIN} a refusal (400, 429)
   * cancels the ones already in and is thrown; a policy that opens first is told instead.
   */
  public void start() {
    context = ctx.vertx().getOrCreateContext();
    unsettled = choices.size();
    if (ctx.response().closed()) {
      over = true; // the client left while its prompt was being prepared
      return;
    }
    if (policy.opensFirst()) {
      open();
    }
    try {
      for (Choice choice : choices) {
        if (choice.prompt != null) {
          choice.handle = model.scheduler().submit(new GenerationRequest(choice.prompt, choice.params, choice.prefix),
              listener(choice));
        }
      }
    } catch (RuntimeException e) {
      cancelGeneration();
      if (!policy.opensFirst()) {
        over = true;
        throw e;
      }
      policy.failed(this, e, false);
      return;
    }
    if (!policy.opensFirst()) {
      open();
    }
    if (choices.stream().anyMatch(c -> c.prompt == null)) {
      choices.stream().filter(c -> c.prompt == null).forEach(c -> policy.finished(this, c));
      return;
    }
    long timeout = policy.timeoutMillis();
    if (timeout > 0) {
      timer = ctx.vertx().setTimer(timeout, t -> {
        timer = -1;
        if (!over) {
          policy.failed(this, new TimedOut(timeout), true);
        }
      });
    }
  }

  private void open() {
    if (stream) {
      sse = SseStream.open(ctx, this::clientGone);
      reply.opened(sse, choices);
    } else {
      ctx.response().closeHandler(v -> clientGone());
    }
  }

  private GenerationListener listener(Choice choice) {
    return new GenerationListener() {
      /** The next text token begins the text (after a bare BOS): see TextTokenizer.startsText. */
      private boolean atTextStart = model.tokenizer().startsText(choice.prompt);

      @Override
      public void onToken(int tokenId, String textDelta, TokenLogprob logprob) {
        // Token texts need the tokenizer (native): resolved here, never on the event loop.
        Logprobs.TokenText resolved = logprob == null ? null
            : Logprobs.resolve(model.tokenizer(), logprob, atTextStart);
        if (!model.tokenizer().isSpecial(tokenId)) {
          atTextStart = false;
        }
        context.runOnContext(v -> token(choice, textDelta, resolved));
      }

      @Override
      public void onFinish(GenerationResult result) {
        context.runOnContext(v -> finish(choice, result));
      }

      @Override
      public void onError(Throwable error) {
        context.runOnContext(v -> {
          if (!over) {
            policy.failed(GenerationSession.this, error, true);
          }
        });
      }
    };
  }

  private void token(Choice choice, String delta, Logprobs.TokenText logprob) {
    if (over || (delta.isEmpty() && logprob == null)) {
      return;
    }
    String out = choice.next(delta);
    if (logprob != null) {
      choice.logprobs.add(logprob);
    }
    if (stream && (!out.isEmpty() || logprob != null)) {
      choice.streamedAny |= !out.isEmpty();
      reply.text(sse, choice, out, logprob);
    }
  }

  private void finish(Choice choice, GenerationResult result) {
    if (over) {
      return;
    }
    choice.result = result;
    if (result.finishReason() == FinishReason.CANCELLED) {
      return; // the client is gone: nothing to answer
    }
    policy.finished(this, choice);
  }

  // ---- for policies ----

  /** Whether the answer is settled or the client gone: late events are ignored. */
  public boolean over() {
    return over;
  }

  public RoutingContext context() {
    return ctx;
  }

  public boolean streamed() {
    return stream;
  }

  public Reply reply() {
    return reply;
  }

  public List<Choice> choices() {
    return choices;
  }

  /** Streams a piece of a choice's answer that the generator did not write (held text, a fallback). */
  public void stream(Choice choice, String text) {
    if (stream && !text.isEmpty()) {
      choice.streamedAny = true;
      reply.text(sse, choice, text, null);
    }
  }

  /** Settles a choice: its closing events go out when streamed. */
  public void settle(Choice choice, Reply.Settled settled) {
    choice.settled = settled;
    unsettled--;
    if (stream) {
      reply.settled(sse, choice);
    }
  }

  boolean allSettled() {
    return unsettled == 0;
  }

  /** Stops generating (timer and sequences) and ignores what is still on its way. */
  public void stop() {
    over = true;
    cancelGeneration();
  }

  /** The answer, streamed to its end or written whole. */
  public void complete(Reply.Answer answer) {
    over = true;
    cancelTimer();
    if (stream) {
      reply.end(sse, answer);
    } else {
      Object whole = reply.whole(answer);
      Reply.when(reply.acknowledged(), () -> Json.reply(ctx, 200, whole));
    }
  }

  /** Ends with an error: an error response, or an error event in the stream. */
  public void fail(Throwable error) {
    if (over) {
      return;
    }
    stop();
    if (stream) {
      reply.failed(sse, error);
    } else {
      ApiErrors.send(ctx, error);
    }
  }

  private void clientGone() {
    if (!over) {
      stop();
    }
  }

  private void cancelGeneration() {
    cancelTimer();
    for (Choice choice : choices) {
      if (choice.handle != null) {
        choice.handle.cancel();
      }
    }
  }

  private void cancelTimer() {
    if (timer >= 0) {
      ctx.vertx().cancelTimer(timer);
      timer = -1;
    }
  }
}
