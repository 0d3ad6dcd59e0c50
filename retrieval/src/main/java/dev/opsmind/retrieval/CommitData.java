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
 * The facts an index keeps in its commits' user data: layout version, vector dimension and the
 * embedder that made the vectors. Written with every commit, read without opening a writer.
 */
final class CommitData {
  static final String KEY_LAYOUT = "opsmind.layout";
  static final String KEY_DIMENSION = "opsmind.dimension";
  static final String KEY_VECTOR_MODEL = "opsmind.vector_model";

  private CommitData() {}

  static Map<String, String> of(int dimension, String model) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(KEY_LAYOUT, IndexLayout.VERSION);
    data.put(KEY_DIMENSION, Integer.toString(dimension));
    data.put(KEY_VECTOR_MODEL, model);
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
      String dim = data.get(KEY_DIMENSION);
      if (dim == null) {
        throw new IllegalArgumentException("directory " + dir + " holds a Lucene index that is not an opsmind knowledge index");
      }
      return Optional.of(new KnowledgeIndex.Info(Integer.parseInt(dim), data.getOrDefault(KEY_VECTOR_MODEL, ""),
          data.getOrDefault(KEY_LAYOUT, "")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read index " + dir, e);
    }
  }
}
