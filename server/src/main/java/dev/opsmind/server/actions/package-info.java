/**
 * Runbook actions with human approval: propose, approve, run without a shell, audit everything.
 *
 * <p>The tour:
 *
 * <ul>
 *   <li>{@link dev.opsmind.server.actions.ActionCatalog}: what the indexer collected from the
 *       runbooks ({@code opsmind-action} blocks, stored as index notes), filtered by the caller's
 *       readable collections and the config's {@code actions.allow} executables;
 *   <li>{@link dev.opsmind.server.actions.Proposal}: an argv fixed at proposal time from the
 *       declaration and arguments that matched their patterns, moving pending → approved →
 *       running → succeeded / failed / timed_out (or rejected, expired, interrupted);
 *   <li>{@link dev.opsmind.server.actions.ProposalStore}: every change fsynced to
 *       {@code <data>/actions/proposals.jsonl} before it is acknowledged; {@code running} is
 *       written before the process starts, so a crash leaves a run {@code interrupted}, never
 *       runnable again;
 *   <li>{@link dev.opsmind.server.actions.ProposalCopies}: in a cluster, the other nodes'
 *       proposals from this node's copies of their journals, served read-only when their node is
 *       lost;
 *   <li>{@link dev.opsmind.server.actions.ActionRunner}: ProcessBuilder argv (no shell), scrubbed
 *       environment, stdin closed, capped output, timeout killing the process tree, a concurrency
 *       limit;
 *   <li>{@link dev.opsmind.server.actions.ActionsHandler}: the routes; every change and refusal
 *       goes to the hash-chained audit log with principal, role and request id;
 *   <li>{@link dev.opsmind.server.actions.AssistantProposals}: what a grounded answer proposes —
 *       the cited runbooks' actions with arguments from the question, and the actions a generator
 *       requests by calling {@code propose_action} (its schema built here, enum-like patterns as
 *       {@link dev.opsmind.server.actions.PatternLiterals} values); either way at most a pending
 *       proposal, validated as the API validates.
 * </ul>
 */
package dev.opsmind.server.actions;
