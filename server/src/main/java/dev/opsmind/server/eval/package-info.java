/**
 * Answer evaluation, in one place: a question set ({@link dev.opsmind.server.eval.QuestionSet}
 * reads the JSONL into {@link dev.opsmind.server.eval.EvalQuestion}s: strictly for the bundled
 * set that bench's studies tune on, leniently for a user's file) and the scoring of a server's
 * grounded replies to it ({@link dev.opsmind.server.eval.AnswerEvaluation}: recall@k, hit@k,
 * citation precision, keyword recall, the score table), which {@code opsmind eval-answers} runs.
 * Retrieval-only evaluation (BEIR sets, recall/nDCG of the index alone) is the indexer's ({@code
 * dev.opsmind.indexer.eval}); bench's studies ({@code dev.opsmind.bench.eval}) read the bundled
 * set through here. Talks to the server over HTTP like any client: nothing here reaches into a
 * feature package.
 */
package dev.opsmind.server.eval;
