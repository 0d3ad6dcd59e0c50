package dev.opsmind.server.grounded;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.inference.generate.FinishReason;
import dev.opsmind.inference.generate.GenerationListener;
import dev.opsmind.inference.generate.GenerationRequest;
import dev.opsmind.inference.generate.GenerationResult;
import dev.opsmind.inference.generate.Scheduler;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.generate.sampling.TokenLogprob;
import dev.opsmind.server.models.GeneratorModel;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.answer.Citation;
import dev.opsmind.server.answer.CitationFilter;
import dev.opsmind.server.answer.GroundedAnswer;
import dev.opsmind.server.answer.RelevanceGate;
import dev.opsmind.server.answer.SourcePassage;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.openai.protocol.OpsmindProtocol;
import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.ToolCallHold;
import dev.opsmind.server.openai.ToolCalls;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One grounded reply on the request's context: the generator's answer (streamed as it is made,
 * citations cleaned at the end), or the extractive answer when there is no generator, the
 * generator fails, or it runs past the timeout; written as a chat completion or a response by
 * its {@link Reply}. Every method runs on the request's context.
 */
final class GroundedSession {
  private static final Logger LOG = LoggerFactory.getLogger(GroundedSession.class);
  /** Extractive text is streamed in pieces of about this many characters. */
  static final int EXTRACTIVE_CHUNK_CHARS = 80;

  /**
   * How the reply is written: chat completion chunks ({@link GroundedChatReply}) or the Responses
   * API's events ({@link GroundedResponsesReply}). Called on the request's context.
   */
  interface Reply {
    /** The reply's id (what feedback names). */
    String id();

    /** The stream is open: its first events. */
    void opened(SseStream sse);

    /** A piece of the answer's text as it is made (raw generator text, or extractive pieces). */
    void text(SseStream sse, String delta);

    /** The answer is settled: the stream's last events and its end. */
    void end(SseStream sse, Outcome outcome);

    /** The answer is settled, not streamed: the body (a wire record). */
    Object whole(Outcome outcome);
  }

  /**
   * A settled answer: its final (cleaned) text and citations, the finish reason ("stop" or
   * "length"), the {@code opsmind} extension object, and token counts (0 for extractive answers).
   */
  record Outcome(GroundedAnswer answer, String finishReason, OpsmindProtocol.Extension extension, int promptTokens,
      int completionTokens) {
    Outcome withProposedActions(JsonNode actions) {
      return new Outcome(answer, finishReason, extension.withProposedActions(actions), promptTokens, completionTokens);
    }
  }

  private final RoutingContext ctx;
  private final GeneratorModel generator;
  private final PreparedAnswer prepared;
  private final SamplingParams params;
  private final boolean stream;
  private final long timeoutMillis;
  private final Consumer<AnsweredQuestion> answered;
  private final Reply reply;
  private final ActionProposer proposer;
  private final StringBuilder raw = new StringBuilder();
  /** With the action tool offered: streamed text stops where a call may begin (null without it). */
  private final ToolCallHold hold;
  private boolean streamedAny;
  private Context context;
  private SseStream sse;
  private Scheduler.Handle handle;
  private long timer = -1;
  private boolean over;

  GroundedSession(RoutingContext ctx, GeneratorModel generator, PreparedAnswer prepared, SamplingParams params,
      boolean stream, long timeoutMillis, Consumer<AnsweredQuestion> answered, Reply reply, ActionProposer proposer) {
    this.proposer = proposer;
    this.ctx = ctx;
    this.generator = generator;
    this.prepared = prepared;
    this.params = params;
    this.stream = stream;
    this.timeoutMillis = timeoutMillis;
    this.answered = answered;
    this.reply = reply;
    this.hold = prepared.actionTool() == null ? null : new ToolCallHold();
  }

  void start() {
    context = ctx.vertx().getOrCreateContext();
    if (ctx.response().closed()) {
      over = true;
      return;
    }
    if (stream) {
      sse = SseStream.open(ctx, this::clientGone);
      reply.opened(sse);
    } else {
      ctx.response().closeHandler(v -> clientGone());
    }
    if (generator == null || !prepared.generates()) {
      extractive(null);
      return;
    }
    try {
      handle = generator.scheduler().submit(new GenerationRequest(prepared.prompt(), params, prepared.prefix()),
          listener());
    } catch (RuntimeException e) {
      // Too long for the context or KV budget, queue full, scheduler closed: the sources still answer.
      extractive("generator_error: " + e.getMessage());
      return;
    }
    timer = ctx.vertx().setTimer(timeoutMillis, t -> {
      timer = -1;
      extractive("generator_timeout: no answer within " + timeoutMillis + " ms");
    });
  }

  private GenerationListener listener() {
    return new GenerationListener() {
      @Override
      public void onToken(int tokenId, String textDelta, TokenLogprob logprob) {
        context.runOnContext(v -> token(textDelta));
      }

      @Override
      public void onFinish(GenerationResult result) {
        context.runOnContext(v -> finish(result));
      }

      @Override
      public void onError(Throwable error) {
        context.runOnContext(v -> extractive("generator_error: " + error.getMessage()));
      }
    };
  }

  private void token(String delta) {
    if (over || delta.isEmpty()) {
      return;
    }
    raw.append(delta);
    if (stream) {
      String out = hold == null ? delta : hold.next(raw.toString());
      if (!out.isEmpty()) {
        streamedAny = true;
        reply.text(sse, out);
      }
    }
  }

  private void finish(GenerationResult result) {
    if (over || result.finishReason() == FinishReason.CANCELLED) {
      return;
    }
    cancelTimer();
    String text = raw.toString();
    String held = "";
    List<ActionProposer.Request> requests = List.of();
    ToolCalls tool = prepared.actionTool();
    if (tool != null) {
      ToolCalls.Parsed parsed = tool.parse(text);
      if (tool.forced() && parsed.calls().isEmpty()) {
        // decoding was held to a call that did not finish (max_tokens): no request, no JSON shown as the answer
        extractive("action_call_incomplete: the " + ActionProposer.TOOL + " call did not finish ("
            + result.finishReason().openAiName() + ")");
        return;
      }
      held = hold.rest(text, parsed);
      if (!parsed.calls().isEmpty()) {
        requests = parsed.calls().stream().map(c -> new ActionProposer.Request(c.arguments(), parsed.content()))
            .toList();
        text = parsed.content() == null ? "" : parsed.content();
      }
    }
    GroundedAnswer answer;
    if (!requests.isEmpty() && text.isBlank()) {
      // The reply was only the call: the sources still answer the question, extractively.
      answer = prepared.extractive();
      if (stream) {
        for (String piece : pieces(streamedAny ? "\n\n---\n" + answer.text() : answer.text())) {
          reply.text(sse, piece);
        }
      }
    } else {
      if (stream && !held.isEmpty()) {
        reply.text(sse, held);
      }
      answer = CitationFilter.filter(text, prepared.sources());
    }
    settle(answer, result.finishReason().openAiName(), null, result.promptTokens(), result.completionTokens(),
        requests);
  }

  /** The extractive answer, as the whole reply or as the fallback for a generator that failed. */
  private void extractive(String fallbackReason) {
    if (over) {
      return;
    }
    cancelTimer();
    if (handle != null) {
      handle.cancel();
    }
    if (fallbackReason != null) {
      LOG.warn("grounded answer falls back to extractive: {}", fallbackReason);
    }
    GroundedAnswer answer = prepared.extractive();
    if (stream) {
      // Text the generator already streamed stays; the extractive answer follows after a rule.
      String text = streamedAny ? "\n\n---\n" + answer.text() : answer.text();
      for (String piece : pieces(text)) {
        reply.text(sse, piece);
      }
    }
    settle(answer, "stop", fallbackReason, 0, 0, List.of());
  }

  private void settle(GroundedAnswer answer, String finishReason, String fallbackReason, int promptTokens,
      int completionTokens, List<ActionProposer.Request> requests) {
    over = true;
    answered.accept(new AnsweredQuestion(reply.id(), prepared.query().lastUserTurn(), prepared.query().text(),
        answer.citations(), AuthHandler.principal(ctx).name()));
    Outcome outcome = new Outcome(answer, finishReason, extension(answer, fallbackReason), promptTokens,
        completionTokens);
    if (proposer == ActionProposer.NONE || (answer.citations().isEmpty() && requests.isEmpty())) {
      deliver(outcome);
      return;
    }
    // The model's requests and the cited runbooks' actions, proposed on a worker (index, journal,
    // audit), then the reply.
    String question = prepared.query().lastUserTurn();
    ctx.vertx().executeBlocking(() -> proposer.propose(ctx, question, answer.citations(), prepared.sources(),
        requests), false)
        .onComplete(done -> {
          if (done.failed()) {
            LOG.warn("proposing the cited runbooks' actions failed: {}", done.cause().toString());
            deliver(outcome);
          } else {
            deliver(done.result() == null ? outcome : outcome.withProposedActions(done.result()));
          }
        });
  }

  private void deliver(Outcome outcome) {
    if (stream) {
      reply.end(sse, outcome);
    } else {
      Json.reply(ctx, 200, reply.whole(outcome));
    }
  }

  /**
   * The {@code opsmind} response field. {@code content} is the final, cleaned text; while
   * streaming, the deltas carried the generator's raw text, whose markers are the prompt's source
   * ids: each citation's {@code source_id} is that id, {@code number} the marker in {@code content}.
   */
  private OpsmindProtocol.Extension extension(GroundedAnswer answer, String fallbackReason) {
    RelevanceGate.Assessment r = prepared.relevance();
    var relevance = new OpsmindProtocol.Relevance(r.relevant(), orNull(r.vectorSimilarity()), orNull(r.termCoverage()));
    List<OpsmindProtocol.Source> sources = new ArrayList<>();
    for (int i = 0; i < prepared.sources().size(); i++) {
      SourcePassage p = prepared.sources().get(i);
      sources.add(new OpsmindProtocol.Source(i + 1, p.collection(), p.path(), p.startLine(), p.endLine(), p.score(),
          p.hasVectorSimilarity() ? p.vectorSimilarity() : null));
    }
    List<OpsmindProtocol.Citation> citations = answer.citations().stream()
        .map(c -> new OpsmindProtocol.Citation(c.number(), sourceId(c), c.collection(), c.path(), c.startLine(),
            c.endLine(), c.headingPath(), c.snippet(), c.score()))
        .toList();
    return new OpsmindProtocol.Extension(reply.id(), answer.mode().name().toLowerCase(Locale.ROOT),
        prepared.query().text(), prepared.sources().size(),
        prepared.prefix() == null ? 0 : prepared.prefix().length(), fallbackReason,
        prepared.actionTool() == null ? null : prepared.actionTool().forced() ? "forced" : "auto", relevance,
        stream ? answer.text() : null, sources, citations, null);
  }

  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }

  /** The citation's position + 1 in the prompt's numbered sources (the number the generator wrote). */
  private int sourceId(Citation c) {
    List<SourcePassage> sources = prepared.sources();
    for (int i = 0; i < sources.size(); i++) {
      SourcePassage p = sources.get(i);
      if (p.path().equals(c.path()) && p.collection().equals(c.collection()) && p.startLine() == c.startLine()) {
        return i + 1;
      }
    }
    return c.number();
  }

  /** Pieces of about {@value #EXTRACTIVE_CHUNK_CHARS} characters, cut after a newline or space. */
  static List<String> pieces(String text) {
    var out = new ArrayList<String>();
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + EXTRACTIVE_CHUNK_CHARS);
      if (end < text.length()) {
        int cut = Math.max(text.lastIndexOf('\n', end), text.lastIndexOf(' ', end));
        if (cut > start) {
          end = cut + 1;
        }
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
          end++;
        }
      }
      out.add(text.substring(start, end));
      start = end;
    }
    return out;
  }

  private void clientGone() {
    if (!over) {
      over = true;
      cancelTimer();
      if (handle != null) {
        handle.cancel();
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
