/**
 * Studies on the runbook question set that tune the answer pipeline: {@link dev.opsmind.bench.eval.EvalQuestions}
 * reads the bundled JSONL sets (through the server's {@link dev.opsmind.server.eval.QuestionSet}), {@link dev.opsmind.bench.eval.RetrievalVariants}
 * is the retrieval decision table, {@link dev.opsmind.bench.eval.AnswerGateCalibration} calibrates the
 * relevance gate. They use the server's answer classes, so they live at the top, in bench; scoring a
 * running server's answers is the server's {@code eval-answers} command.
 */
package dev.opsmind.bench.eval;
