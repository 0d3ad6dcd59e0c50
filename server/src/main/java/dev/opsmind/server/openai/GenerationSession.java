package dev.opsmind.server.openai;

import dev.opsmind.inference.generate.FinishReason;
import dev.opsmind.inference.generate.GenerationListener;
import dev.opsmind.inference.generate.GenerationRequest;
import dev.opsmind.inference.generate.GenerationResult;
import dev.opsmind.inference.generate.Scheduler;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.generate.sampling.TokenLogprob;
import dev.opsmind.server.models.GeneratorModel;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.SseStream;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the choices of one chat, completions or responses request on the model's scheduler and
 * answers, streamed (SSE) or whole, through its {@link Reply}. The scheduler calls back on its
 * own thread; every callback hops onto the request's Vert.x context, so all state here is touched
 * by one thread. A client that goes away cancels its sequences.
 */
final class GenerationSession {
  /** One choice: a prompt (shared by its n siblings) and how to sample it. */
  static final class Choice {
    final int index;
    final int promptIndex;
    final int[] prompt;
    final SamplingParams params;
    final String echo;
    final StringBuilder text = new StringBuilder();
    final List<Logprobs.TokenText> logprobs = new ArrayList<>();
    GenerationResult result;
    Scheduler.Handle handle;

    Choice(int index, int promptIndex, int[] prompt, SamplingParams params, String echo) {
      this.index = index;
      this.promptIndex = promptIndex;
      this.prompt = prompt;
      this.params = params;
      this.echo = echo;
    }
  }

  /**
   * How a session's answer is written: chat and completions chunks ({@link ChoicesReply}) or the
   * Responses API's events ({@link ResponsesReply}). Called on the request's context.
   */
  interface Reply {
    /** The stream is open: its first events. */
    void opened(SseStream sse, List<Choice> choices);

    /** New text of a choice (already in {@code choice.text}), with its log-probability when asked for. */
    void token(SseStream sse, Choice choice, String delta, Logprobs.TokenText logprob);

    /** A streamed choice's result is in. */
    void finished(SseStream sse, Choice choice);

    /** Every streamed choice is done: the last events, and the end of the stream. */
    void end(SseStream sse, List<Choice> choices);

    /** The whole answer, when not streamed: a wire record. */
    Object whole(List<Choice> choices);

    /** The stream ends with an error (its status line is already out). */
    default void failed(SseStream sse, Throwable error) {
      sse.fail(error);
    }
  }

  /** Token counts over all choices: a prompt counts once (n siblings share it), completions per choice. */
  record Usage(long prompt, long cached, long completion) {
    static Usage of(List<Choice> choices) {
      long prompt = 0;
      long cached = 0;
      long completion = 0;
      int lastPrompt = -1;
      for (Choice choice : choices) {
        if (choice.promptIndex != lastPrompt) {
          prompt += choice.prompt.length;
          // the prompt's first choice ran first; the others may have found its cache
          cached += choice.result == null ? 0 : choice.result.cachedPromptTokens();
          lastPrompt = choice.promptIndex;
        }
        completion += choice.result == null ? 0 : choice.result.completionTokens();
      }
      return new Usage(prompt, cached, completion);
    }
  }

  private final RoutingContext ctx;
  private final GeneratorModel model;
  private final List<Choice> choices;
  private final boolean stream;
  private final Reply reply;
  private Context context;
  private SseStream sse;
  private int remaining;
  private boolean over;

  GenerationSession(RoutingContext ctx, GeneratorModel model, List<Choice> choices, boolean stream, Reply reply) {
    this.ctx = ctx;
    this.model = model;
    this.choices = choices;
    this.stream = stream;
    this.reply = reply;
  }

  /** Submits every choice (on the request's context); a refusal (400, 429) cancels the ones already in. */
  void start() {
    context = ctx.vertx().getOrCreateContext();
    remaining = choices.size();
    if (ctx.response().closed()) {
      over = true; // the client left while its prompt was being prepared
      return;
    }
    try {
      for (Choice choice : choices) {
        choice.handle = model.scheduler().submit(new GenerationRequest(choice.prompt, choice.params), listener(choice));
      }
    } catch (RuntimeException e) {
      cancelAll();
      over = true;
      throw e;
    }
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
        context.runOnContext(v -> fail(error));
      }
    };
  }

  private void token(Choice choice, String delta, Logprobs.TokenText logprob) {
    if (over) {
      return;
    }
    choice.text.append(delta);
    if (logprob != null) {
      choice.logprobs.add(logprob);
    }
    if (stream) {
      reply.token(sse, choice, delta, logprob);
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
    if (stream) {
      reply.finished(sse, choice);
    }
    if (--remaining == 0) {
      over = true;
      if (stream) {
        reply.end(sse, choices);
      } else {
        Json.reply(ctx, 200, reply.whole(choices));
      }
    }
  }

  private void fail(Throwable error) {
    if (over) {
      return;
    }
    over = true;
    cancelAll();
    if (stream) {
      reply.failed(sse, error);
    } else {
      ApiErrors.send(ctx, error);
    }
  }

  private void clientGone() {
    if (!over) {
      over = true;
      cancelAll();
    }
  }

  private void cancelAll() {
    for (Choice choice : choices) {
      if (choice.handle != null) {
        choice.handle.cancel();
      }
    }
  }
}
