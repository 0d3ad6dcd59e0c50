package dev.opsmind.indexer.logs.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The four log-parsing accuracies of the Loghub benchmarks, over one system's lines:
 * <ul>
 *   <li>GA, grouping accuracy: the share of lines whose predicted group is exactly a true group;
 *   <li>FGA: F1 of the groups (a predicted group is right when it is exactly a true group);
 *   <li>PA, parsing accuracy: the share of lines whose predicted template equals the true one;
 *   <li>FTA: F1 of the templates (right when the group is right and its template equals the true one).
 * </ul>
 * Templates are compared after {@link #canonical}: whitespace runs made one space, adjacent
 * wildcards ({@code <*><*>}) made one.
 */
public record ParseMetrics(int lines, int trueGroups, int predictedGroups, double ga, double fga, double pa, double fta) {

  public static String canonical(String template) {
    String t = template.strip().replaceAll("\\s+", " ");
    while (t.contains("<*><*>")) t = t.replace("<*><*>", "<*>");
    return t;
  }

  /** Metrics from the true template of each line and the predicted group id and template of each line. */
  public static ParseMetrics of(List<String> truth, int[] predictedGroup, List<String> predictedTemplate) {
    int n = truth.size();
    if (predictedGroup.length != n || predictedTemplate.size() != n) {
      throw new IllegalArgumentException("truth and prediction differ in length: " + n + " vs " + predictedGroup.length);
    }
    Map<String, List<Integer>> trueGroups = new HashMap<>();
    Map<Integer, List<Integer>> predGroups = new HashMap<>();
    for (int i = 0; i < n; i++) {
      trueGroups.computeIfAbsent(canonical(truth.get(i)), k -> new ArrayList<>()).add(i);
      predGroups.computeIfAbsent(predictedGroup[i], k -> new ArrayList<>()).add(i);
    }
    int groupedLines = 0;
    int rightGroups = 0;
    int rightTemplates = 0;
    for (List<Integer> members : predGroups.values()) {
      String t = canonical(truth.get(members.get(0)));
      List<Integer> trueMembers = trueGroups.get(t);
      if (trueMembers.size() == members.size() && trueMembers.equals(members)) {
        groupedLines += members.size();
        rightGroups++;
        if (canonical(predictedTemplate.get(members.get(0))).equals(t)) rightTemplates++;
      }
    }
    int parsed = 0;
    for (int i = 0; i < n; i++) {
      if (canonical(predictedTemplate.get(i)).equals(canonical(truth.get(i)))) parsed++;
    }
    double ga = n == 0 ? 1 : (double) groupedLines / n;
    double pa = n == 0 ? 1 : (double) parsed / n;
    return new ParseMetrics(n, trueGroups.size(), predGroups.size(), ga,
        f1(rightGroups, predGroups.size(), trueGroups.size()), pa, f1(rightTemplates, predGroups.size(), trueGroups.size()));
  }

  private static double f1(int right, int predicted, int actual) {
    if (right == 0) return 0;
    double p = (double) right / predicted;
    double r = (double) right / actual;
    return 2 * p * r / (p + r);
  }
}
