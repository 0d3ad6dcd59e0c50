package dev.opsmind.server.answer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An answer made without a generator: the most relevant passages quoted with their citation
 * numbers, and the steps found under their Diagnosis / Mitigation / 排查 / 处理 … headings pulled out
 * as a checklist. Near-duplicate passages (the same runbook indexed twice, a translation's shared
 * code blocks) are quoted once. When the {@link RelevanceGate} finds nothing relevant the answer
 * says so and quotes nothing.
 *
 * @param maxPassages how many passages to quote
 * @param maxSteps how many checklist items at most
 * @param gate the relevance gate
 */
public record ExtractiveAnswer(int maxPassages, int maxSteps, RelevanceGate gate) {
  public static final ExtractiveAnswer DEFAULT = new ExtractiveAnswer(4, 12, RelevanceGate.DEFAULT);
  /** Two passages whose character 4-gram sets overlap at least this much (Jaccard) are duplicates. */
  static final double DUPLICATE_JACCARD = 0.8;
  static final int QUOTE_CHARS = 600;

  public ExtractiveAnswer {
    if (maxPassages < 1) {
      throw new IllegalArgumentException("maxPassages must be >= 1, got " + maxPassages);
    }
    if (maxSteps < 0) {
      throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
    }
    if (gate == null) {
      throw new IllegalArgumentException("relevance gate is missing");
    }
  }

  /** This answerer with another relevance gate. */
  public ExtractiveAnswer withGate(RelevanceGate newGate) {
    return new ExtractiveAnswer(maxPassages, maxSteps, newGate);
  }

  /** Answers {@code query} from the ranked passages (best first), judged relevant or not by the gate. */
  public GroundedAnswer answer(RetrievalQuery query, List<SourcePassage> ranked) {
    return answer(query, ranked, gate.assess(query.text(), ranked));
  }

  /**
   * Answers {@code query} from {@code sources} with the gate's verdict on the whole retrieved list
   * they were selected from: the selection keeps what answers the question, which need not be
   * what made the list relevant (a passage with the question's terms stays, the nearer one
   * without them goes), so judging the selection again could refuse a relevant question.
   */
  public GroundedAnswer answer(RetrievalQuery query, List<SourcePassage> sources, RelevanceGate.Assessment verdict) {
    boolean zh = QueryTerms.hanCount(query.lastUserTurn()) > QueryTerms.latinWords(query.lastUserTurn()).size();
    if (!verdict.relevant() || sources.isEmpty()) {
      String text = zh
          ? "知识库中没有找到与这个问题相关的内容，因此无法给出有依据的回答。"
          : "Nothing relevant to this question was found in the knowledge base, so there is no grounded answer.";
      return new GroundedAnswer(text, List.of(), GroundedAnswer.Mode.NO_ANSWER);
    }
    List<SourcePassage> chosen = distinct(query.text(), sources, maxPassages);
    var sb = new StringBuilder(zh
        ? "摘录式回答（未使用生成模型）：以下是知识库中最相关的段落。\n"
        : "Extractive answer (no generator): the most relevant passages from the knowledge base.\n");
    var citations = new ArrayList<Citation>();
    var stepsPerPassage = new ArrayList<List<String>>();
    var seenSteps = new HashSet<String>();
    for (int i = 0; i < chosen.size(); i++) {
      SourcePassage p = chosen.get(i);
      int n = i + 1;
      citations.add(Citation.of(n, p));
      sb.append("\n[").append(n).append("] ").append(label(p)).append('\n');
      for (String line : quote(p.text()).split("\n")) {
        sb.append("> ").append(line).append('\n');
      }
      var steps = new ArrayList<String>();
      for (String step : RunbookSteps.extract(p.headingPath(), p.text())) {
        if (seenSteps.add(normalise(step))) {
          steps.add(step + " [" + n + "]");
        }
      }
      stepsPerPassage.add(steps);
    }
    List<String> checklist = allot(stepsPerPassage, maxSteps);
    if (!checklist.isEmpty()) {
      sb.append('\n').append(zh ? "检查清单：" : "Checklist:").append('\n');
      for (String step : checklist) {
        sb.append("- [ ] ").append(step).append('\n');
      }
    }
    return new GroundedAnswer(sb.toString().strip(), citations, GroundedAnswer.Mode.EXTRACTIVE);
  }

  /**
   * Up to {@code max} steps, each passage first getting an equal share (a long Diagnosis list must
   * not crowd out the Mitigation steps of the next passage), leftovers filled in passage order;
   * the result keeps passage order and document order.
   */
  static List<String> allot(List<List<String>> stepsPerPassage, int max) {
    int passages = stepsPerPassage.size();
    if (passages == 0) {
      return List.of();
    }
    int[] take = new int[passages];
    int share = Math.max(1, -Math.floorDiv(-max, passages));
    int left = max;
    for (int i = 0; i < passages && left > 0; i++) {
      take[i] = Math.min(Math.min(share, stepsPerPassage.get(i).size()), left);
      left -= take[i];
    }
    for (int i = 0; i < passages && left > 0; i++) {
      int more = Math.min(stepsPerPassage.get(i).size() - take[i], left);
      take[i] += more;
      left -= more;
    }
    var out = new ArrayList<String>();
    for (int i = 0; i < passages; i++) {
      out.addAll(stepsPerPassage.get(i).subList(0, take[i]));
    }
    return out;
  }

  /** The first {@code max} passages, skipping any that nearly duplicates one already taken. */
  static List<SourcePassage> distinct(List<SourcePassage> ranked, int max) {
    return distinct("", ranked, max);
  }

  /**
   * The first {@code max} passages, skipping any that nearly duplicates one already taken; of two
   * near-duplicates that are not the same lines, the one holding more of the question's words
   * takes the place of the first. Templated runbooks differ in the word that matters (the CPU and
   * the memory overcommit runbook): for "memory requests exceed..." the memory one is the source.
   */
  static List<SourcePassage> distinct(String question, List<SourcePassage> ranked, int max) {
    var kept = new ArrayList<SourcePassage>();
    var keptGrams = new ArrayList<Set<String>>();
    for (SourcePassage p : ranked) {
      Set<String> grams = grams(p.text());
      int duplicateOf = -1;
      boolean overlapping = false;
      for (int i = 0; i < kept.size() && duplicateOf < 0; i++) {
        SourcePassage k = kept.get(i);
        overlapping = k.path().equals(p.path()) && k.collection().equals(p.collection())
            && p.startLine() <= k.endLine() && k.startLine() <= p.endLine();
        if (overlapping || jaccard(grams, keptGrams.get(i)) >= DUPLICATE_JACCARD) {
          duplicateOf = i;
        }
      }
      if (duplicateOf >= 0) {
        if (!overlapping && !question.isBlank() && RelevanceGate.wordCoverage(question, p.text())
            > RelevanceGate.wordCoverage(question, kept.get(duplicateOf).text())) {
          kept.set(duplicateOf, p);
          keptGrams.set(duplicateOf, grams);
        }
      } else if (kept.size() < max) {
        kept.add(p);
        keptGrams.add(grams);
      }
    }
    return kept;
  }

  static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1;
    }
    int common = 0;
    for (String g : a) {
      if (b.contains(g)) {
        common++;
      }
    }
    return (double) common / (a.size() + b.size() - common);
  }

  private static Set<String> grams(String text) {
    String s = normalise(text);
    var out = new HashSet<String>();
    for (int i = 0; i + 4 <= s.length(); i++) {
      out.add(s.substring(i, i + 4));
    }
    if (out.isEmpty() && !s.isEmpty()) {
      out.add(s);
    }
    return out;
  }

  private static String normalise(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[\\s`*_>#-]+", " ").strip();
  }

  private static String label(SourcePassage p) {
    var sb = new StringBuilder(p.collection().isEmpty() ? p.path() : p.collection() + ":" + p.path());
    if (!p.headingPath().isEmpty()) {
      sb.append(" › ").append(p.headingLabel());
    }
    if (p.endLine() > 0) {
      sb.append(" (lines ").append(p.startLine()).append('-').append(p.endLine()).append(')');
    }
    return sb.toString();
  }

  /** The start of the passage, blank lines dropped, cut at a line end near {@value #QUOTE_CHARS} chars. */
  private static String quote(String text) {
    var sb = new StringBuilder();
    for (String line : text.strip().split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      if (sb.length() + line.length() > QUOTE_CHARS) {
        if (sb.isEmpty()) {
          sb.append(Excerpts.shorten(line, QUOTE_CHARS));
        } else {
          sb.append("…");
        }
        break;
      }
      sb.append(line.stripTrailing()).append('\n');
    }
    return sb.toString().strip();
  }
}
