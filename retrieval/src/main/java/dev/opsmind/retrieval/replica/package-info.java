/**
 * Commit shipping for a cluster's index: one node writes, the others copy each of its commits.
 *
 * <p>Concept tour: the writer pins a commit ({@code KnowledgeIndex.snapshotLatest}, Lucene's
 * {@code SnapshotDeletionPolicy}) and describes it as {@link dev.opsmind.retrieval.replica.CommitFiles}
 * (every file with its length and footer checksum). A replica hands that to
 * {@link dev.opsmind.retrieval.replica.CommitCopy}, which fetches the files it lacks through a
 * {@code Source} (the transport is the caller's: the server uses its sealed cluster event bus),
 * verifies each, and puts {@code segments_N} in place last, so a reader never sees a partial
 * commit; the replica then reopens ({@code KnowledgeIndex.refresh}) and drops files no longer used
 * ({@code cleanup}). Lucene 10's replicator module kept only its near-real-time API (the
 * commit-based {@code IndexRevision}/{@code ReplicationClient} were removed in Lucene 10):
 * retrieval/README.md says why this small copier is used instead.
 */
package dev.opsmind.retrieval.replica;
