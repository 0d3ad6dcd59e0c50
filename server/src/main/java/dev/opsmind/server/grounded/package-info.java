/**
 * Grounded chat: answers from the knowledge base, with citations. {@link
 * dev.opsmind.server.grounded.ChatHandler} parses each /v1/chat/completions and /v1/responses
 * request once and sends those that ask for grounding ({@link
 * dev.opsmind.server.grounded.GroundedRequest}: the {@code opsmind} extension or a
 * {@code <model>+opsmind} alias) to {@link dev.opsmind.server.grounded.GroundedChatHandler}:
 * retrieval and the prompt on a worker ({@link dev.opsmind.server.grounded.PreparedAnswer}), then
 * {@link dev.opsmind.server.grounded.GroundedSession} runs the generator with the extractive
 * answer as its fallback (timeout, error). Feedback ({@link
 * dev.opsmind.server.grounded.FeedbackHandler}, {@link dev.opsmind.server.grounded.FeedbackStore})
 * re-ranks later answers ({@link dev.opsmind.server.grounded.FeedbackReranker}). {@link
 * dev.opsmind.server.grounded.GroundedChat#CACHED_SYSTEM_PROMPTS} is the system prompt each
 * generator prefills once at load.
 */
package dev.opsmind.server.grounded;
