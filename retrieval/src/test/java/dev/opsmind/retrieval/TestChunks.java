package dev.opsmind.retrieval;

import java.util.List;
import java.util.Random;

/** Small chunks with deterministic unit vectors for index tests. */
public final class TestChunks {
  static final int DIM = 8;
  /** The vector space of the test chunks. */
  static final String SPACE = "test-model";

  private TestChunks() {}

  static float[] unit(long seed) {
    return unit(seed, DIM);
  }

  /** A random unit vector of {@code dim} components, the same for the same seed. */
  public static float[] unit(long seed, int dim) {
    Random r = new Random(seed);
    float[] v = new float[dim];
    double s = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) r.nextGaussian();
      s += v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) {
      v[i] /= (float) Math.sqrt(s);
    }
    return v;
  }

  static Chunk chunk(String collection, String path, int ordinal, String text) {
    return chunk(collection, path, ordinal, text, List.of(), 1_700_000_000_000L, unit(text.hashCode()));
  }

  static Chunk chunk(String collection, String path, int ordinal, String text, List<String> tags, long modified,
      float[] vector) {
    return new Chunk(collection + ":" + path + "#" + ordinal, collection, path, "markdown", ordinal * 10 + 1,
        ordinal * 10 + 9, List.of("Runbook", "Section " + ordinal), null, "hash-" + path.hashCode(), modified,
        tags, text, vector == null ? null : java.util.Map.of(SPACE, vector));
  }

  static SourceManifest manifest(String path, String hash, List<Chunk> chunks) {
    return SourceManifest.of(path, "markdown", hash, 1_700_000_000_000L, chunks, List.of(SPACE));
  }
}
