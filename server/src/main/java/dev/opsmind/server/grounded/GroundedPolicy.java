package dev.opsmind.server.grounded;

import dev.opsmind.server.answer.Citation;
import dev.opsmind.server.answer.CitationFilter;
import dev.opsmind.server.answer.GroundedAnswer;
import dev.opsmind.server.answer.RelevanceGate;
import dev.opsmind.server.answer.SourcePassage;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.openai.Choice;
import dev.opsmind.server.openai.GenerationSession;
import dev.opsmind.server.openai.Policy;
import dev.opsmind.server.openai.Reply;
import dev.opsmind.server.openai.ToolCalls;
import dev.opsmind.server.openai.protocol.OpsmindProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a grounded answer settles, as a {@link Policy}: the generator's answer
 * (streamed as it is made, citations cleaned at the end), or the extractive answer when there is
 * no generator, the generator fails or refuses the prompt, or it runs past the timeout. A call of
 * the action tool becomes a proposal; the cited runbooks' actions are proposed (on a worker)
 * before the answer's last events. The {@code opsmind} extension says how the answer was made.
 */
final class GroundedPolicy implements Policy {
  private static final Logger LOG = LoggerFactory.getLogger(GroundedPolicy.class);
  /** Extractive text is streamed in pieces of about this many characters. */
  static final int EXTRACTIVE_CHUNK_CHARS = 80;

  private final PreparedAnswer prepared;
  private final long timeoutMillis;
  private final Consumer<AnsweredQuestion> answered;
  private final ActionProposer proposer;

  GroundedPolicy(PreparedAnswer prepared, long timeoutMillis, Consumer<AnsweredQuestion> answered,
      ActionProposer proposer) {
    this.prepared = prepared;
    this.timeoutMillis = timeoutMillis;
    this.answered = answered;
    this.proposer = proposer;
  }

  @Override
  public boolean opensFirst() {
    return true; // a refusal at submit still has the sources to answer with
  }

  @Override
  public long timeoutMillis() {
    return timeoutMillis;
  }

  @Override
  public void finished(GenerationSession session, Choice choice) {
    var result = choice.result();
    if (result == null) {
      extractive(session, choice, null); // nothing to generate: no generator, or nothing relevant
      return;
    }
    String text = result.text();
    List<ActionProposer.Request> requests = List.of();
    String held = "";
    ToolCalls tool = prepared.actionTool();
    if (tool != null) {
      ToolCalls.Parsed parsed = tool.parse(text);
      if (tool.forced() && parsed.calls().isEmpty()) {
        // decoding was held to a call that did not finish (max_tokens): no request, no JSON shown as the answer
        extractive(session, choice, "action_call_incomplete: the " + ActionProposer.TOOL + " call did not finish ("
            + result.finishReason().openAiName() + ")");
        return;
      }
      held = choice.rest(parsed);
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
      streamExtractive(session, choice, answer);
    } else {
      session.stream(choice, held);
      answer = CitationFilter.filter(text, prepared.sources());
    }
    settle(session, choice, answer, result.finishReason().openAiName(), null, result.promptTokens(),
        result.completionTokens(), requests);
  }

  @Override
  public void failed(GenerationSession session, Throwable error, boolean submitted) {
    // Too long for the context or KV budget, queue full, scheduler closed, a failure, the timeout:
    // the sources still answer.
    String reason = (error instanceof GenerationSession.TimedOut ? "generator_timeout: " : "generator_error: ")
        + error.getMessage();
    extractive(session, null, reason);
  }

  /** The extractive answer, as the whole reply or as the fallback for a generator that failed ({@code reason}). */
  private void extractive(GenerationSession session, Choice choice, String fallbackReason) {
    if (session.over()) {
      return;
    }
    session.stop();
    Choice only = choice != null ? choice : session.choices().get(0);
    if (fallbackReason != null) {
      LOG.warn("grounded answer falls back to extractive: {}", fallbackReason);
    }
    GroundedAnswer answer = prepared.extractive();
    streamExtractive(session, only, answer);
    settle(session, only, answer, "stop", fallbackReason, 0, 0, List.of());
  }

  /** Text the generator already streamed stays; the extractive answer follows after a rule. */
  private static void streamExtractive(GenerationSession session, Choice choice, GroundedAnswer answer) {
    if (session.streamed()) {
      for (String piece : pieces(choice.streamedAny() ? "\n\n---\n" + answer.text() : answer.text())) {
        session.stream(choice, piece);
      }
    }
  }

  private void settle(GenerationSession session, Choice choice, GroundedAnswer answer, String finishReason,
      String fallbackReason, int promptTokens, int completionTokens, List<ActionProposer.Request> requests) {
    session.stop();
    var ctx = session.context();
    String id = session.reply().id();
    answered.accept(new AnsweredQuestion(id, prepared.query().lastUserTurn(), prepared.query().text(),
        answer.citations(), AuthHandler.principal(ctx).name()));
    OpsmindProtocol.Extension extension = extension(id, answer, fallbackReason, session.streamed());
    session.settle(choice, new Reply.Settled(answer.text(), answer.text(), List.of(), finishReason, "",
        extension.citations()));
    List<Choice> choices = session.choices();
    if (proposer == ActionProposer.NONE || (answer.citations().isEmpty() && requests.isEmpty())) {
      session.complete(new Reply.Answer(choices, promptTokens, null, completionTokens, extension));
      return;
    }
    // The model's requests and the cited runbooks' actions, proposed on a worker (index, journal,
    // audit), then the answer's last events.
    String question = prepared.query().lastUserTurn();
    ctx.vertx().executeBlocking(() -> proposer.propose(ctx, question, answer.citations(), prepared.sources(),
        requests), false)
        .onComplete(done -> {
          OpsmindProtocol.Extension ext = extension;
          if (done.failed()) {
            LOG.warn("proposing the cited runbooks' actions failed: {}", done.cause().toString());
          } else if (done.result() != null) {
            ext = extension.withProposedActions(done.result());
          }
          session.complete(new Reply.Answer(choices, promptTokens, null, completionTokens, ext));
        });
  }

  /**
   * The {@code opsmind} response field ({@link OpsmindProtocol.Extension}); {@code content} only
   * when streamed, whose deltas carried the generator's raw text.
   */
  private OpsmindProtocol.Extension extension(String id, GroundedAnswer answer, String fallbackReason,
      boolean streamed) {
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
    return new OpsmindProtocol.Extension(id, answer.mode().name().toLowerCase(Locale.ROOT),
        prepared.query().text(), prepared.sources().size(),
        prepared.prefix() == null ? 0 : prepared.prefix().length(), fallbackReason,
        prepared.actionTool() == null ? null : prepared.actionTool().forced() ? "forced" : "auto", relevance,
        streamed ? answer.text() : null, sources, citations, null);
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
}
