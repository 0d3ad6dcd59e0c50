/**
 * Grounded answers from retrieved passages, with no HTTP and no model: {@link
 * dev.opsmind.server.answer.KnowledgeRetriever} turns a conversation ({@link
 * dev.opsmind.server.answer.RetrievalQuery}) into ranked {@link dev.opsmind.server.answer.SourcePassage}s;
 * {@link dev.opsmind.server.answer.RelevanceGate} decides whether they answer the question and
 * {@link dev.opsmind.server.answer.SourceSelection} keeps the ones worth citing; then either the
 * generator writes from {@link dev.opsmind.server.answer.GroundedPrompt} (its [n] markers cleaned
 * by {@link dev.opsmind.server.answer.CitationFilter}) or {@link
 * dev.opsmind.server.answer.ExtractiveAnswer} quotes the sources. Both give a {@link
 * dev.opsmind.server.answer.GroundedAnswer} with its {@link dev.opsmind.server.answer.Citation}s.
 * Where a source is (collection, path, lines, headings) is retrieval's own {@link
 * dev.opsmind.retrieval.search.Citation}, carried from the search hit through the passage to the
 * numbered citation and the feedback journal.
 */
package dev.opsmind.server.answer;
