package dev.opsmind.indexer.logs.detect;

import dev.opsmind.indexer.logs.mine.Template;
import dev.opsmind.indexer.logs.mine.TemplateMiner;
import java.util.List;
import java.util.Map;

/**
 * What normal looks like: the templates mined from normal logs (ids in order, merged ones pointing
 * at their survivor; each live one with its count, first and last line, example lines and lines
 * per time bucket), the number of buckets they were counted over, and the sessions' template counts for invariant
 * mining. A new analysis starts its miner from these templates, so a line of a known kind gets the
 * baseline's id and anything else is new.
 */
public record Baseline(List<StoredTemplate> templates, double buckets, List<Map<Integer, Integer>> sessions) {

  /**
   * A stored template: its tokens, its count, the survivor it was merged into (-1 when live), and
   * for a live one its first and last line, example lines and lines per bucket (may be empty).
   */
  public record StoredTemplate(int id, List<String> tokens, long count, int mergedInto, LineRef first, LineRef last,
      List<LineRef> examples, Map<Long, Long> buckets) {
    public StoredTemplate {
      tokens = List.copyOf(tokens);
      examples = examples == null ? List.of() : List.copyOf(examples);
      buckets = buckets == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(buckets));
      if (id < 0) throw new IllegalArgumentException("template id must be >= 0");
    }

    public StoredTemplate(int id, List<String> tokens, long count, int mergedInto) {
      this(id, tokens, count, mergedInto, null, null, List.of(), Map.of());
    }
  }

  public Baseline {
    templates = List.copyOf(templates);
    sessions = List.copyOf(sessions);
    if (!(buckets >= 0)) throw new IllegalArgumentException("buckets must be >= 0");
    for (int i = 0; i < templates.size(); i++) {
      if (templates.get(i).id() != i) throw new IllegalArgumentException("baseline template ids must be 0.." + (templates.size() - 1));
    }
  }

  /** A miner holding the baseline's templates. */
  public TemplateMiner miner() {
    TemplateMiner m = new TemplateMiner();
    for (StoredTemplate t : templates) m.restore(t.id(), t.tokens().toArray(String[]::new), t.count(), t.mergedInto());
    return m;
  }

  /** Lines per bucket of a live baseline template. */
  public double rate(int id) {
    if (id >= templates.size() || buckets <= 0) return 0;
    return templates.get(id).count() / buckets;
  }

  /** The miner's templates, with each live one's stats when {@code stats} (by live id) has them. */
  public static Baseline of(TemplateMiner miner, double buckets, List<Map<Integer, Integer>> sessions,
      Map<Integer, TemplateStats> stats) {
    List<StoredTemplate> out = new java.util.ArrayList<>();
    for (Template t : miner.templates()) {
      List<String> tokens = new java.util.ArrayList<>(t.length());
      for (int i = 0; i < t.length(); i++) tokens.add(t.token(i));
      TemplateStats st = t.merged() ? null : stats.get(t.id());
      out.add(st == null ? new StoredTemplate(t.id(), tokens, t.count(), t.merged() ? t.resolve().id() : -1)
          : new StoredTemplate(t.id(), tokens, t.count(), -1, st.first(), st.last(), st.examples(), st.buckets()));
    }
    return new Baseline(out, buckets, sessions);
  }
}
