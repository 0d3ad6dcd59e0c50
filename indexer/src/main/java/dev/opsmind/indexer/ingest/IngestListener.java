package dev.opsmind.indexer.ingest;

/**
 * Progress events of a run, called on the run's thread in this order: {@link #planned} once,
 * {@link #fileDone} per source (and {@link #embedded} as batches finish), {@link #committed}
 * after each durable commit, {@link #finished} once.
 */
public interface IngestListener {
  IngestListener NONE = new IngestListener() {};

  /** The run compared the sources with the index: how many files and bytes need work. */
  default void planned(IngestPlan plan) {}

  /** Chunks were embedded (count of this batch). */
  default void embedded(int count) {}

  default void fileDone(FileOutcome outcome) {}

  /** Everything done so far is durable in the index. */
  default void committed(int sourcesSinceLastCommit) {}

  default void finished(IngestReport report) {}
}
