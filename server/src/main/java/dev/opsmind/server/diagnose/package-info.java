/**
 * Log diagnosis as a library (no HTTP): {@link dev.opsmind.server.diagnose.LogDiagnosis} runs the
 * log engine over inputs in a time window against a baseline;
 * {@link dev.opsmind.server.diagnose.Diagnoser} turns the analysis into a
 * {@link dev.opsmind.server.diagnose.DiagnosisReport} (summary, suspected root cause, top
 * templates and sessions) and links runbooks through
 * {@link dev.opsmind.server.diagnose.RunbookLinks} (the knowledge retriever, numbered citations,
 * next steps from their step sections); {@link dev.opsmind.server.diagnose.ReportJson} and
 * {@link dev.opsmind.server.diagnose.ReportMarkdown} write it. {@link dev.opsmind.server.diagnose.PastedLogs}
 * finds log lines in a chat question and makes their diagnosis a grounded-answer source.
 */
package dev.opsmind.server.diagnose;
