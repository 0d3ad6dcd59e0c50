package dev.opsmind.bench;

import dev.opsmind.retrieval.Chunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic synthetic chunks for scale benchmarks: pronounceable pseudo-words drawn with a
 * Zipf-like skew (so BM25 sees realistic posting-list lengths) and random unit vectors (HNSW
 * speed does not depend on what the vectors mean).
 */
final class SyntheticCorpus {
  private static final String[] ONSETS = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
      "br", "dr", "gr", "kl", "pl", "st", "tr", "sk"};
  private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ou"};

  final String[] words;
  private final Random random;
  private final double[] cumulative;

  SyntheticCorpus(long seed, int vocabulary) {
    random = new Random(seed);
    words = new String[vocabulary];
    for (int i = 0; i < vocabulary; i++) {
      StringBuilder w = new StringBuilder();
      int syllables = 2 + (i % 3);
      int x = i;
      for (int s = 0; s < syllables; s++) {
        w.append(ONSETS[x % ONSETS.length]).append(VOWELS[(x / ONSETS.length) % VOWELS.length]);
        x = x / 7 + s * 31 + 1;
      }
      words[i] = w.append(i).toString(); // the number keeps every word distinct after stemming
    }
    cumulative = new double[vocabulary];
    double sum = 0;
    for (int i = 0; i < vocabulary; i++) {
      sum += 1.0 / Math.pow(i + 1, 0.9);
      cumulative[i] = sum;
    }
    for (int i = 0; i < vocabulary; i++) {
      cumulative[i] /= sum;
    }
  }

  String word() {
    int i = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
    return words[Math.min(words.length - 1, i < 0 ? -i - 1 : i)];
  }

  String text(int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      if (i > 0) {
        sb.append(i % 12 == 0 ? ". " : " ");
      }
      sb.append(word());
    }
    return sb.append('.').toString();
  }

  /** A query of {@code n} words from the middle of the frequency range (neither stop-word-like nor unseen). */
  String query(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(words[50 + random.nextInt(Math.min(2000, words.length - 50))]);
    }
    return sb.toString();
  }

  float[] unitVector(int dimension) {
    float[] v = new float[dimension];
    double s = 0;
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
      s += v[i] * v[i];
    }
    float norm = (float) Math.sqrt(s);
    for (int i = 0; i < dimension; i++) {
      v[i] /= norm;
    }
    return v;
  }

  /** The chunks of one synthetic source file. */
  List<Chunk> source(String collection, int file, int chunks, int wordsPerChunk, int dimension) {
    List<Chunk> out = new ArrayList<>(chunks);
    String path = "synthetic/" + (file % 100) + "/file-" + file + ".md";
    for (int c = 0; c < chunks; c++) {
      out.add(new Chunk(path + "#" + c, collection, path, file % 10 == 0 ? "log" : "markdown", c * 20 + 1, c * 20 + 19,
          List.of("Doc " + file, "Section " + c), "en", "hash-" + file, 1_700_000_000_000L + file * 1000L,
          List.of("t" + (file % 7)), text(wordsPerChunk), dimension > 0 ? java.util.Map.of("default", unitVector(dimension)) : null));
    }
    return out;
  }
}
