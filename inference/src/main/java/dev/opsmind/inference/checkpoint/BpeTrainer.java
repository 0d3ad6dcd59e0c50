package dev.opsmind.inference.checkpoint;

import dev.opsmind.inference.tokenizer.ByteLevelAlphabet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small byte-level BPE trainer: splits text with GPT-2's pre-tokenisation pattern, then merges
 * the most frequent adjacent pair until the merge budget is spent or no pair occurs twice. Plain
 * O(merges × words) counting: meant for small corpora (test and random-checkpoint tokenizers).
 */
public final class BpeTrainer {
  /** GPT-2's split pattern, the one the ByteLevel pre-tokenizer uses with use_regex=true. */
  static final Pattern GPT2_SPLIT =
      Pattern.compile("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

  /** A learned merge: the two symbols joined, in priority order. */
  public record Merge(String left, String right) {
    public String joined() {
      return left + right;
    }
  }

  private BpeTrainer() {}

  public static List<Merge> train(String corpus, int maxMerges) {
    if (maxMerges < 0) {
      throw new IllegalArgumentException("maxMerges must be >= 0, got " + maxMerges);
    }
    Map<String, Integer> wordCounts = new LinkedHashMap<>();
    Matcher m = GPT2_SPLIT.matcher(corpus);
    while (m.find()) {
      wordCounts.merge(ByteLevelAlphabet.encode(m.group()), 1, Integer::sum);
    }
    List<List<String>> words = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
      List<String> symbols = new ArrayList<>();
      e.getKey().chars().forEach(c -> symbols.add(String.valueOf((char) c)));
      words.add(symbols);
      counts.add(e.getValue());
    }
    List<Merge> merges = new ArrayList<>();
    while (merges.size() < maxMerges) {
      Map<Merge, Integer> pairCounts = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        List<String> s = words.get(w);
        for (int i = 0; i + 1 < s.size(); i++) {
          pairCounts.merge(new Merge(s.get(i), s.get(i + 1)), counts.get(w), Integer::sum);
        }
      }
      Merge best = null;
      int bestCount = 1;
      for (Map.Entry<Merge, Integer> e : pairCounts.entrySet()) {
        // Ties broken by the joined string so training is deterministic.
        if (e.getValue() > bestCount
            || (e.getValue() == bestCount && best != null
                && e.getKey().joined().compareTo(best.joined()) < 0)) {
          best = e.getKey();
          bestCount = e.getValue();
        }
      }
      if (best == null) {
        break;
      }
      merges.add(best);
      for (List<String> s : words) {
        for (int i = 0; i + 1 < s.size(); i++) {
          if (s.get(i).equals(best.left()) && s.get(i + 1).equals(best.right())) {
            s.set(i, best.joined());
            s.remove(i + 1);
          }
        }
      }
    }
    return merges;
  }
}
