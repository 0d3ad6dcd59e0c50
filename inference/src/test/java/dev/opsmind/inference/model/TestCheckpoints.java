package dev.opsmind.inference.model;

import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Random checkpoints and prompts for tests, written by the product's own RandomCheckpoint. */
final class TestCheckpoints {
  private TestCheckpoints() {}

  static Path write(Path parent, String shape, RandomCheckpoint.Options options) {
    Path dir = parent.resolve(shape + "-" + options.dtype() + "-" + options.roundTo() + "-" + options.shards());
    RandomCheckpoint.write(dir, ModelShapes.get(shape), options, line -> {});
    return dir;
  }

  static Path write(Path parent, String shape) {
    return write(parent, shape, RandomCheckpoint.Options.defaults(7));
  }

  /** Deterministic prompts of the given lengths with token ids below {@code vocab}. */
  static int[][] prompts(int vocab, int... lengths) {
    SplittableRandom r = new SplittableRandom(42);
    int[][] out = new int[lengths.length][];
    for (int p = 0; p < lengths.length; p++) {
      out[p] = r.ints(lengths[p], 0, vocab).toArray();
    }
    return out;
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  static float maxAbsDiff(float[] a, float[] b) {
    float m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
