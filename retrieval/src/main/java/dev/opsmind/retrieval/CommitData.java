package dev.opsmind.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The facts an index keeps in its commits' user data: layout version and the vector spaces
 * (embedder name and dimension) its chunks may carry. Written with every commit, read without
 * opening a writer. Layout 1 kept one dimension and one model name instead; such an index opens
 * with no spaces, and its sources are re-embedded by the next ingest run.
 */
final class CommitData {
  static final String KEY_LAYOUT = "opsmind.layout";
  static final String KEY_DIMENSION = "opsmind.dimension";
  static final String KEY_VECTOR_MODEL = "opsmind.vector_model";
  static final String KEY_SPACES = "opsmind.vector_spaces";

  private CommitData() {}

  static Map<String, String> of(java.util.Collection<VectorSpace> spaces) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(KEY_LAYOUT, IndexLayout.VERSION);
    data.put(KEY_SPACES, String.join(",", spaces.stream().map(VectorSpace::toString).toList()));
    return data;
  }

  /** The commit data of the index in {@code dir}, or empty when there is no index there. */
  static Optional<KnowledgeIndex.Info> read(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Directory directory = FSDirectory.open(dir)) {
      if (!DirectoryReader.indexExists(directory)) {
        return Optional.empty();
      }
      Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
      String spaces = data.get(KEY_SPACES);
      if (spaces == null && data.get(KEY_DIMENSION) == null) {
        throw new IllegalArgumentException("directory " + dir + " holds a Lucene index that is not an opsmind knowledge index");
      }
      java.util.List<VectorSpace> list = new java.util.ArrayList<>();
      if (spaces != null && !spaces.isBlank()) {
        for (String s : spaces.split(",")) {
          list.add(VectorSpace.parse(s));
        }
      }
      return Optional.of(new KnowledgeIndex.Info(list, data.getOrDefault(KEY_LAYOUT, "")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read index " + dir, e);
    }
  }
}
