package dev.opsmind.server.grounded;

import dev.opsmind.server.answer.GroundedPrompt;
import java.util.List;
import dev.opsmind.server.models.Backends;
import dev.opsmind.server.answer.KnowledgeRetriever;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.openai.ResponseStore;
import java.nio.file.Path;

/**
 * Grounded chat and its feedback, wired from the backends: the chat handler, the feedback store
 * under the data folder (next to the index) and the re-ranker that feedback drives.
 */
public record GroundedChat(GroundedChatHandler chat, FeedbackHandler feedback, FeedbackStore store) {
  /**
   * System prompts every generator prefills when it loads: the grounded one, so each grounded
   * request copies its KV cache instead of prefilling it again.
   */
  public static final List<String> CACHED_SYSTEM_PROMPTS = List.of(GroundedPrompt.SYSTEM_PROMPT);

  /** {@code responses} keeps finished responses. The backends must have an index. */
  public static GroundedChat create(ServerConfig config, Backends backends, ResponseStore responses) {
    var searcher = backends.searcher().orElseThrow(() -> new IllegalStateException("grounded chat needs the index"));
    var embedders = backends.embedders().orElseThrow(() -> new IllegalStateException("grounded chat needs the embedders"));
    var vectors = new RecentQueryVectors(embedders.queryEncoder());
    KnowledgeRetriever hybrid = new KnowledgeRetriever(searcher, vectors, null);
    KnowledgeRetriever lexical = new KnowledgeRetriever(searcher, null, null);
    FeedbackStore store = FeedbackStore.open(feedbackDir(config), config.quotas().feedbackPerPrincipal());
    FeedbackReranker reranker = new FeedbackReranker(store, embedders.similarityEncoder(), FeedbackReranker.Params.DEFAULT);
    GroundedSettings settings = GroundedSettings.of(config);
    var chat = new GroundedChatHandler(backends.generators(), responses, hybrid, lexical, settings, reranker,
        store::remember);
    return new GroundedChat(chat, new FeedbackHandler(store, backends.index().orElseThrow()), store);
  }

  /** {@code feedback/} beside the index folder ({@code data/index} → {@code data/feedback}). */
  public static Path feedbackDir(ServerConfig config) {
    Path index = config.index().toAbsolutePath().normalize();
    return index.resolveSibling("feedback");
  }
}
