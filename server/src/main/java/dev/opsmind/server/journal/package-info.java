/**
 * Durable append-only files, done once.
 *
 * <p>A {@link dev.opsmind.server.journal.Journal} is a file of records, one line of UTF-8 text
 * each (JSON in practice), that only ever grows at its end:
 *
 * <ul>
 *   <li><b>append</b> writes whole lines and fsyncs before it returns, so a caller acknowledges a
 *       record (201 to a client) only once it is on disk;
 *   <li><b>open</b> repairs what a crash can leave: a torn last line (no newline, or not valid
 *       UTF-8, or refused by the caller's record check) is cut off and logged, so the next append
 *       never glues onto it and a start never fails on it; complete lines in the middle that are
 *       not records are skipped with a warning, never fatal;
 *   <li><b>files</b> are created 0600 in folders created 0700 (POSIX file systems);
 *   <li><b>rotation</b> (optional): past a size the file is renamed {@code name.000001},
 *       {@code name.000002}, … and a new one started; {@link dev.opsmind.server.journal.Journal#files}
 *       lists them oldest first.
 * </ul>
 *
 * <p>In a cluster a {@link dev.opsmind.server.journal.JournalMirror} registered for the data folder
 * copies every append to other nodes before {@code append} returns (so "acknowledged" means on
 * several disks); outside a cluster there is none. {@link dev.opsmind.server.journal.PeerCopies}
 * says where a node keeps the others' copies ({@code <data>/peers/<node>/}).
 *
 * <p>Feedback ({@code grounded.FeedbackStore}) and the audit log ({@code audit.AuditLog}) append
 * through it; so should anything appended later (runbook actions, diagnoses).
 */
package dev.opsmind.server.journal;
