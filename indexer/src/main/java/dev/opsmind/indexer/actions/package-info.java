/**
 * Runbook actions as the indexer sees them.
 *
 * <p>A runbook declares what may be done about it in fenced blocks with the info string
 * {@code opsmind-action} (YAML, one action per block) or in its front matter's {@code actions:}
 * list. {@link dev.opsmind.indexer.actions.ActionScanner} finds them when a Markdown file is
 * indexed; {@link dev.opsmind.indexer.actions.ActionDeclaration#parse} checks each one (name,
 * argv with an absolute executable, a pattern for every placeholder, risk, timeout). The valid
 * ones and the refused ones (with the reason) are stored in the index as notes of their source
 * (kinds {@code action} and {@code action_error}), so they change, move and vanish with it. What
 * may actually run, who approves it and how it runs is the server's business ({@code server/actions}).
 */
package dev.opsmind.indexer.actions;
