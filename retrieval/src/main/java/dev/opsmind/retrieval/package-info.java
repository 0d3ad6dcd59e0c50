/**
 * The knowledge index: one Lucene index on disk holding the chunks of every collection, with their
 * text fields and vectors, one manifest entry per source file and one document per collection.
 *
 * <p>Concept tour:
 *
 * <ul>
 *   <li>{@link dev.opsmind.retrieval.KnowledgeIndex} is the only way in: open (or open read-only),
 *       put and delete collections, replace and delete a source's chunks, read manifests and stored
 *       chunks back ({@link dev.opsmind.retrieval.StoredSources} for whole sources), commit.
 *       Writes become visible to searches, and durable, at {@code commit()}.
 *   <li>What is stored: a {@link dev.opsmind.retrieval.Chunk} (text, line range, heading path,
 *       language, vectors per {@link dev.opsmind.retrieval.VectorSpace}), a
 *       {@link dev.opsmind.retrieval.SourceManifest} per file (content hash, chunk ids: what an
 *       incremental run compares), a {@link dev.opsmind.retrieval.KnowledgeCollection} with its readers.
 *   <li>How it is stored: {@code IndexLayout} names the fields and converts documents to records
 *       ({@code IndexReads} holds the read-back queries),
 *       {@code Analyzers} analyse each language's text, {@code CommitData} records the layout
 *       version and vector spaces; no module outside retrieval uses them.
 *   <li>Who may read: a {@link dev.opsmind.retrieval.Principal}; a collection it may not read is
 *       reported exactly like one that does not exist ({@link dev.opsmind.retrieval.UnknownCollectionException}).
 * </ul>
 *
 * <p>Searching is the {@code search} package, which sits on top of this one.
 */
package dev.opsmind.retrieval;
