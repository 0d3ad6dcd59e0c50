package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.generate.FinishReason;
import dev.opsmind.inference.generate.GenerationListener;
import dev.opsmind.inference.generate.GenerationRequest;
import dev.opsmind.inference.generate.GenerationResult;
import dev.opsmind.inference.generate.SamplingParams;
import dev.opsmind.inference.generate.Scheduler;
import dev.opsmind.inference.generate.TokenLogprob;
import dev.opsmind.server.GeneratorModel;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.SseStream;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs the choices of one chat or completions request on the model's scheduler and answers,
 * streamed (SSE) or whole. The scheduler calls back on its own thread; every callback hops onto
 * the request's Vert.x context, so all state here is touched by one thread. A client that goes
 * away cancels its sequences.
 */
final class GenerationSession {
  static final String SYSTEM_FINGERPRINT = "fp_opsmind";

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

  private final RoutingContext ctx;
  private final GeneratorModel model;
  private final ChoiceFormat format;
  private final List<Choice> choices;
  private final boolean stream;
  private final boolean includeUsage;
  private final String id;
  private final long created = System.currentTimeMillis() / 1000;
  private Context context;
  private SseStream sse;
  private int remaining;
  private boolean over;

  GenerationSession(RoutingContext ctx, GeneratorModel model, ChoiceFormat format, List<Choice> choices,
      boolean stream, boolean includeUsage) {
    this.ctx = ctx;
    this.model = model;
    this.format = format;
    this.choices = choices;
    this.stream = stream;
    this.includeUsage = includeUsage;
    this.id = format.idPrefix() + UUID.randomUUID().toString().replace("-", "");
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
      for (Choice choice : choices) {
        ObjectNode first = format.firstDelta(choice);
        if (first != null) {
          sse.send(chunk(first));
        }
      }
    } else {
      ctx.response().closeHandler(v -> clientGone());
    }
  }

  private GenerationListener listener(Choice choice) {
    return new GenerationListener() {
      @Override
      public void onToken(int tokenId, String textDelta, TokenLogprob logprob) {
        // Token texts need the tokenizer (native): resolved here, never on the event loop.
        Logprobs.TokenText resolved = logprob == null ? null : Logprobs.resolve(model.tokenizer(), logprob);
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
    String out = stream ? format.streamable(choice, delta) : delta;
    if (stream && (!out.isEmpty() || logprob != null)) {
      ObjectNode node = Json.object().put("index", choice.index);
      format.delta(node, choice, out, logprob);
      node.putNull("finish_reason");
      sse.send(chunk(node));
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
      ObjectNode node = Json.object().put("index", choice.index);
      format.finalDelta(node, choice);
      node.put("finish_reason", format.finishReason(choice));
      sse.send(chunk(node));
    }
    if (--remaining == 0) {
      over = true;
      if (stream) {
        if (includeUsage) {
          ObjectNode last = envelope(true);
          last.putArray("choices");
          last.set("usage", usage());
          sse.send(last);
        }
        sse.done();
      } else {
        Json.reply(ctx, 200, whole());
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
      sse.fail(error);
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

  private ObjectNode envelope(boolean chunk) {
    ObjectNode node = Json.object()
        .put("id", id)
        .put("object", format.object(chunk))
        .put("created", created)
        .put("model", model.id())
        .put("system_fingerprint", SYSTEM_FINGERPRINT);
    return node;
  }

  private ObjectNode chunk(ObjectNode choiceNode) {
    ObjectNode node = envelope(true);
    node.putArray("choices").add(choiceNode);
    return node;
  }

  private ObjectNode whole() {
    ObjectNode node = envelope(false);
    ArrayNode array = node.putArray("choices");
    for (Choice choice : choices) {
      ObjectNode item = array.addObject().put("index", choice.index);
      format.whole(item, choice, choice.result.text(), choice.logprobs);
      item.put("finish_reason", format.finishReason(choice));
    }
    node.set("usage", usage());
    return node;
  }

  /** Prompt tokens count once per prompt (n choices share it); completion tokens per choice. */
  private ObjectNode usage() {
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
    ObjectNode usage = Json.object()
        .put("prompt_tokens", prompt)
        .put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
    return usage;
  }
}
