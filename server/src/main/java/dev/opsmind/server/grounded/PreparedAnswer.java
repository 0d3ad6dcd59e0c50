package dev.opsmind.server.grounded;

import dev.opsmind.inference.model.KvCache;
import dev.opsmind.server.answer.GroundedAnswer;
import dev.opsmind.server.answer.RelevanceGate;
import dev.opsmind.server.answer.RetrievalQuery;
import dev.opsmind.server.answer.SourcePassage;
import dev.opsmind.server.openai.ToolCalls;
import java.util.List;

/**
 * Everything a grounded reply needs, made on a worker thread before the event loop takes over.
 *
 * @param query the retrieval query built from the conversation
 * @param sources the ranked passages, source number i+1 at position i
 * @param relevance the relevance gate's verdict on the sources
 * @param extractive the answer without a generator (also the fallback); mode NO_ANSWER when the
 *     relevance gate found nothing relevant
 * @param prompt the generator's prompt tokens, or null when no generator runs (none named, or
 *     nothing relevant was found)
 * @param prefix the cached system-prompt prefix of {@code prompt}, or null
 * @param actionTool the {@value ActionProposer#TOOL} function as the prompt offers it (with the
 *     request's tool_choice), or null when it is not offered
 */
record PreparedAnswer(RetrievalQuery query, List<SourcePassage> sources, RelevanceGate.Assessment relevance,
    GroundedAnswer extractive, int[] prompt, KvCache prefix, ToolCalls actionTool) {

  boolean generates() {
    return prompt != null;
  }
}
