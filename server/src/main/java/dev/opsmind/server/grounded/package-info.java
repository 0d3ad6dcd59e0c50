/**
 * Grounded chat: answers from the knowledge base, with citations. {@link
 * dev.opsmind.server.grounded.ChatHandler} parses each /v1/chat/completions and /v1/responses
 * request once and sends those that ask for grounding ({@link
 * dev.opsmind.server.grounded.GroundedRequest}: the {@code opsmind} extension or a
 * {@code <model>+opsmind} alias) to {@link dev.opsmind.server.grounded.GroundedChatHandler}:
 * retrieval and the prompt on a worker ({@link dev.opsmind.server.grounded.PreparedAnswer}), then
 * the one {@link dev.opsmind.server.openai.GenerationSession} runs the generator under a {@link
 * dev.opsmind.server.grounded.GroundedPolicy}: citations cleaned, the extractive answer as the
 * fallback (no generator, timeout, error, refusal), the action tool's calls made proposals; the
 * chat and responses writers are the plain API's own. Feedback ({@link
 * dev.opsmind.server.grounded.FeedbackHandler}, {@link dev.opsmind.server.grounded.FeedbackStore})
 * re-ranks later answers ({@link dev.opsmind.server.grounded.FeedbackReranker}). {@link
 * dev.opsmind.server.grounded.GroundedChat#CACHED_SYSTEM_PROMPTS} is the system prompt each
 * generator prefills once at load.
 */
package dev.opsmind.server.grounded;
