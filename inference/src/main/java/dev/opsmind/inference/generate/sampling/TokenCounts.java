package dev.opsmind.inference.generate.sampling;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Which tokens a sequence has seen, for the penalties: the prompt's ids and the output's counts. */
public final class TokenCounts {
  private final Set<Integer> promptAndOutput = new LinkedHashSet<>();
  private final Map<Integer, Integer> output = new HashMap<>();

  public TokenCounts(int[] prompt) {
    for (int id : prompt) {
      promptAndOutput.add(id);
    }
  }

  public void addOutput(int id) {
    promptAndOutput.add(id);
    output.merge(id, 1, Integer::sum);
  }

  Set<Integer> promptAndOutputIds() {
    return promptAndOutput;
  }

  Set<Integer> outputIds() {
    return output.keySet();
  }

  public int outputCount(int id) {
    return output.getOrDefault(id, 0);
  }
}
