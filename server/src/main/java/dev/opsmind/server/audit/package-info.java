/**
 * The audit log: who did what, tamper-evident.
 *
 * <p>{@link dev.opsmind.server.audit.AuditLog} appends one JSON object per line to
 * {@code <data>/audit/audit.jsonl} through the {@link dev.opsmind.server.journal.Journal} (fsynced,
 * torn tail repaired at start, 0600, rotated by size into {@code audit.jsonl.000001}, …):
 *
 * <ul>
 *   <li>{@code "event": "request"} for every HTTP request: time, principal, role, route, method,
 *       status, response bytes, latency, request id. Never bodies, never keys;
 *   <li>security events: {@code auth_failed} (why, from where), {@code collection_created},
 *       {@code collection_deleted}, {@code document_uploaded}, {@code document_deleted},
 *       {@code config_reloaded}, {@code server_started}, {@code server_stopped}, with details.
 * </ul>
 *
 * <p>The chain: every entry carries {@code seq} (1, 2, … across files) and {@code prev}, the
 * SHA-256 hex of the previous entry's line (64 zeros for the first). Editing or deleting an entry
 * breaks the link of the entry after it; {@link dev.opsmind.server.audit.AuditChain#verify} (the
 * {@code opsmind audit verify} command) walks every file and names the first broken entry.
 * Cutting entries off the end cannot be seen from the chain alone: compare the last {@code seq}
 * with the one the server logs when it stops.
 */
package dev.opsmind.server.audit;
