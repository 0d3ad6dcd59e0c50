package dev.opsmind.server.grounded;

import dev.opsmind.server.models.GroundedModels;
import dev.opsmind.inference.model.KvCache;
import dev.opsmind.inference.tokenizer.ChatMessage;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.server.models.GeneratorModel;
import dev.opsmind.server.answer.ExtractiveAnswer;
import dev.opsmind.server.answer.GroundedAnswer;
import dev.opsmind.server.answer.GroundedPrompt;
import dev.opsmind.server.answer.KnowledgeRetriever;
import dev.opsmind.server.answer.RelevanceGate;
import dev.opsmind.server.answer.SourceSelection;
import dev.opsmind.server.answer.RetrievalQuery;
import dev.opsmind.server.answer.SourcePassage;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.openai.ChatCompletionRequest;
import dev.opsmind.server.openai.ChatReply;
import dev.opsmind.server.openai.Choice;
import dev.opsmind.server.openai.GenerationSession;
import dev.opsmind.server.openai.Reply;
import dev.opsmind.server.openai.ResponseStore;
import dev.opsmind.server.openai.ResponseWriter;
import dev.opsmind.server.openai.ResponsesReply;
import dev.opsmind.server.openai.ResponsesRequest;
import dev.opsmind.server.openai.ToolCalls;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Grounded answers of POST /v1/chat/completions and /v1/responses, for requests that ask for
 * grounding (the {@code opsmind} extension or a grounded model alias; {@link ChatHandler} picks
 * them). Retrieval, the extractive
 * answer and the prompt are made on a worker; generation runs on the model's scheduler.
 */
public final class GroundedChatHandler {
  /** Step sections of the top runbook added after the top hit (see KnowledgeRetriever). */
  static final int STEP_CHUNKS = 2;

  private final Map<String, GeneratorModel> generators;
  private final ResponseStore store;
  private final KnowledgeRetriever hybrid;
  private final KnowledgeRetriever lexical;
  private final GroundedSettings settings;
  private final SourceReranker reranker;
  private final Consumer<AnsweredQuestion> answered;

  /**
   * @param store where finished responses are kept for follow-ups
   * @param reranker reorders retrieved passages (feedback), identity when there is none
   * @param answered told about every grounded reply (for feedback)
   */
  public GroundedChatHandler(Map<String, GeneratorModel> generators, ResponseStore store, KnowledgeRetriever hybrid,
      KnowledgeRetriever lexical, GroundedSettings settings, SourceReranker reranker,
      Consumer<AnsweredQuestion> answered) {
    this.generators = generators;
    this.store = store;
    this.hybrid = hybrid;
    this.lexical = lexical;
    this.settings = settings;
    this.reranker = reranker;
    this.answered = answered;
  }

  private volatile ActionProposer proposer = ActionProposer.NONE;

  /** Grounded answers offer the actions their cited runbooks declare (the actions feature). */
  public void proposeActionsWith(ActionProposer newProposer) {
    this.proposer = newProposer;
  }

  /** A grounded chat completion (the request asked for one: {@link GroundedRequest#wanted}). */
  public void chat(RoutingContext ctx, ChatCompletionRequest chat) {
    answer(ctx, chat, request -> new ChatReply(chat.model(), chat.options().includeUsage()));
  }

  /** A grounded response of the Responses API, for {@code principal}. */
  public void respond(RoutingContext ctx, ResponsesRequest responses, String principal) {
    String model = responses.chat().model();
    answer(ctx, responses.chat(), request -> new ResponsesReply(
        new ResponseWriter(model, responses.echo(), store.recorder(responses, principal))));
  }

  /** A grounded answer to {@code chat}, written by the reply made for it. */
  private void answer(RoutingContext ctx, ChatCompletionRequest chat,
      Function<GroundedRequest, Reply> replyFor) {
    String modelName = chat.model();
    String generatorId = GroundedModels.generatorOf(modelName);
    GeneratorModel generator = null;
    if (generatorId != null) {
      generator = generators.get(generatorId);
      if (generator == null) {
        throw ApiException.modelNotFound(modelName);
      }
    }
    GroundedRequest request = GroundedRequest.of(chat, generatorId);
    GeneratorModel model = generator;
    if (model != null) {
      request.chat().options().checkTokenIds(model.vocabSize());
    }
    ChatTemplate template = model == null ? null : model.chatTemplate().orElseThrow(() -> new InvalidRequestException(
        "model", "model '" + model.id() + "' has no chat template (tokenizer_config.json chat_template): "
            + "use " + GroundedModels.EXTRACTIVE + " for a grounded answer without it"));
    Principal principal = AuthHandler.principal(ctx);
    Callable<PreparedAnswer> work = () -> prepare(principal, request, model, template);
    Consumer<PreparedAnswer> start = prepared -> {
      var sampling = model == null ? null : request.chat().options().sampling(settings.maxTokensDefault(),
          model.contextLength(), 0, false, 0);
      ToolCalls tool = prepared.actionTool();
      var params = tool != null && tool.forced() ? sampling.withJson(tool.schema()) : sampling;
      var choice = new Choice(0, 0, prepared.prompt(), params, prepared.prefix(), null, tool);
      var policy = new GroundedPolicy(prepared, settings.generatorTimeout().toMillis(), answered, proposer);
      new GenerationSession(ctx, model, List.of(choice), request.chat().options().stream(), replyFor.apply(request),
          policy).start();
    };
    if (model == null) {
      Blocking.run(ctx, work, start);
    } else {
      // announced to the scheduler while retrieval runs, so a burst of questions shares one prefill
      Blocking.runAnnounced(ctx, model.scheduler(), work, start);
    }
  }

  /** Worker side: retrieval, the extractive answer (also the fallback), the generator's prompt. */
  PreparedAnswer prepare(Principal principal, GroundedRequest request, GeneratorModel model, ChatTemplate template) {
    List<ChatMessage> turns = request.turns();
    RetrievalQuery query;
    try {
      query = RetrievalQuery.of(turns);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("messages", e.getMessage()); // no user question
    }
    // Log lines in the question: their diagnosis is a source, and runbooks are searched by its templates.
    var pasted = dev.opsmind.server.diagnose.PastedLogs.of(query.lastUserTurn());
    if (pasted.isPresent()) {
      query = new RetrievalQuery(pasted.get().searchText(), query.lastUserTurn(), List.of(), false);
    }
    KnowledgeRetriever retriever = request.lexicalOnly() ? lexical : hybrid;
    int extra = reranker.extraCandidates();
    List<SourcePassage> candidates = retriever.retrieve(principal, query, request.filter(), request.topK() + extra,
        STEP_CHUNKS);
    // With feedback, top_k + the step sections are kept of the deeper list after re-ranking.
    int keep = extra == 0 ? candidates.size() : Math.min(candidates.size(), request.topK() + STEP_CHUNKS);
    RelevanceGate gate = request.minRelevance() == null ? settings.gate()
        : settings.gate().withMinRelevance(request.minRelevance());
    ExtractiveAnswer answerer = ExtractiveAnswer.DEFAULT.withGate(gate);
    List<SourcePassage> ranked = reranker.rerank(query, candidates, keep);
    RelevanceGate.Assessment relevance = gate.assess(query.text(), ranked);
    // Only what answers the question is offered for citing: no passages far below the best one,
    // one source per document.
    List<SourcePassage> sources = relevance.relevant() ? SourceSelection.select(query.text(), ranked, gate) : ranked;
    if (pasted.isPresent()) {
      List<SourcePassage> withLogs = new java.util.ArrayList<>();
      withLogs.add(pasted.get().passage());
      withLogs.addAll(sources);
      sources = withLogs;
      relevance = gate.assess(query.text(), sources);
    }
    GroundedAnswer extractive = answerer.answer(query, sources, relevance);
    if (pasted.isPresent() && extractive.mode() == GroundedAnswer.Mode.NO_ANSWER) {
      // no runbook is relevant: the diagnosis of the pasted lines still answers
      sources = List.of(pasted.get().passage());
      relevance = gate.assess(query.text(), sources);
      extractive = answerer.answer(query, sources, relevance);
    }
    if (model == null || extractive.mode() == GroundedAnswer.Mode.NO_ANSWER) {
      return new PreparedAnswer(query, sources, relevance, extractive, null, null, null);
    }
    List<ChatMessage> messages = GroundedPrompt.messages(turns, sources);
    ToolCalls actionTool = actionTool(principal, request, sources);
    String text = actionTool == null ? template.render(messages, true) : template.renderValues(
        messages.stream().<Map<String, Object>>map(m -> Map.of("role", m.role(), "content", m.content())).toList(),
        Map.of("tools", actionTool.templateValue()), true);
    // A text past the model's character cap cannot fit its context: it is not tokenized (native
    // memory), and a context-filling stand-in makes the scheduler refuse it as any over-long
    // prompt, so the answer falls back to the extractive one with its generator_error reason.
    int[] prompt = text.length() > model.maxInputChars() ? new int[model.contextLength()]
        : model.tokenizer().encode(text);
    KvCache prefix = model.cachedPrefix(GroundedPrompt.SYSTEM_PROMPT).map(p -> p.cacheFor(prompt)).orElse(null);
    return new PreparedAnswer(query, sources, relevance, extractive, prompt, prefix, actionTool);
  }

  /**
   * The {@value ActionProposer#TOOL} function for the generator's prompt: only when the request
   * lists it in {@code tools} (its definition there is replaced: the server knows the actions only
   * once the sources are found) and tool_choice does not rule it out, and the runbooks among the
   * sources declare actions the caller may see. A forced tool_choice (required, or naming it)
   * holds decoding to one call of it.
   */
  private ToolCalls actionTool(Principal principal, GroundedRequest request, List<SourcePassage> sources) {
    ToolCalls asked = request.chat().tools();
    ActionProposer actions = proposer;
    if (asked == null || !asked.allows(ActionProposer.TOOL) || actions == ActionProposer.NONE) {
      return null;
    }
    ObjectNode function = actions.tool(principal, sources);
    if (function == null) {
      return null;
    }
    return ToolCalls.single(function, asked.forced());
  }
}
