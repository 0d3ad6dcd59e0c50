package dev.opsmind.indexer.logs.detect;

import dev.opsmind.indexer.logs.detect.Findings.Burst;
import dev.opsmind.indexer.logs.detect.Findings.SessionFinding;
import dev.opsmind.indexer.logs.detect.Findings.TemplateFinding;
import dev.opsmind.indexer.logs.detect.Findings.TimelinePoint;
import dev.opsmind.indexer.logs.format.LogRecord;
import dev.opsmind.indexer.logs.mine.LineMiner;
import dev.opsmind.indexer.logs.mine.Template;
import dev.opsmind.indexer.logs.mine.TemplateMiner;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One streaming pass over a window's records: mines templates, keeps each one's stats, the first
 * error and the lines around it, and the sessions' template counts; {@link #finish()} decides
 * what is anomalous. Memory is bounded by the number of templates and sessions (capped), never by
 * the number of lines. Not thread-safe.
 */
public final class LogAnalysis {
  private final AnalysisOptions options;
  private final Baseline baseline;
  private final int baselineTemplates;
  private final LineMiner miner;
  private final Map<Integer, TemplateStats> stats = new HashMap<>();
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final ArrayDeque<LineRef> recent = new ArrayDeque<>();
  private final List<LineRef> context = new ArrayList<>();
  private final Set<Long> allBuckets = new HashSet<>();
  private LineRef firstError;
  private int afterError = -1;
  private long records;
  private long start = Long.MAX_VALUE;
  private long end = Long.MIN_VALUE;
  private long timedRecords;

  /** A session's template counts as two small parallel arrays (most sessions hold a few templates). */
  private static final class Session {
    int[] ids = new int[4];
    int[] counts = new int[4];
    int size;
    final LineRef first;
    long lines;

    Session(LineRef first) {
      this.first = first;
    }

    void add(int id) {
      lines++;
      for (int i = 0; i < size; i++) {
        if (ids[i] == id) {
          counts[i]++;
          return;
        }
      }
      if (size == ids.length) {
        ids = java.util.Arrays.copyOf(ids, size * 2);
        counts = java.util.Arrays.copyOf(counts, size * 2);
      }
      ids[size] = id;
      counts[size++] = 1;
    }
  }

  public LogAnalysis(AnalysisOptions options, Baseline baseline) {
    this.options = options;
    this.baseline = baseline;
    TemplateMiner m = baseline == null ? new TemplateMiner() : baseline.miner();
    this.baselineTemplates = baseline == null ? 0 : baseline.templates().size();
    this.miner = new LineMiner(m);
  }

  /**
   * What of a record can be worked out before {@link #accept(Prepared)}, on another thread: its
   * session key and whether it is an error line ({@link #prepare} reads nothing of the analysis).
   */
  public record Prepared(LogRecord record, String sessionKey, boolean error) {}

  /** A record's session key and error flag; thread-safe, so a reading thread can do it. */
  public Prepared prepare(LogRecord r) {
    return new Prepared(r, options.sessionKeys().of(r), ErrorLines.isError(r));
  }

  /** Takes one record; returns the template it was mined into. */
  public Template accept(LogRecord r) {
    return accept(prepare(r));
  }

  /** Takes one prepared record (in reading order); returns the template it was mined into. */
  public Template accept(Prepared p) {
    LogRecord r = p.record();
    Template t = miner.mine(r.message());
    LineRef ref = LineRef.of(r);
    boolean error = p.error();
    long bucket;
    if (r.hasTime()) {
      timedRecords++;
      start = Math.min(start, r.epochMillis());
      end = Math.max(end, r.epochMillis());
      bucket = Math.floorDiv(r.epochMillis(), options.bucketMillis()) * options.bucketMillis();
    } else {
      bucket = -(1 + records / options.recordsPerBucket());
    }
    if (allBuckets.size() < TemplateStats.MAX_BUCKETS) allBuckets.add(bucket);
    stats.computeIfAbsent(t.id(), k -> new TemplateStats()).add(records, ref, error, bucket);
    trackContext(ref, error);
    String key = p.sessionKey();
    if (key != null) {
      Session s = sessions.get(key);
      if (s == null && sessions.size() < options.maxSessions()) sessions.put(key, s = new Session(ref));
      if (s != null) s.add(t.id());
    }
    records++;
    return t;
  }

  private void trackContext(LineRef ref, boolean error) {
    if (firstError == null) {
      if (error) {
        firstError = ref;
        context.addAll(recent);
        context.add(ref);
        afterError = options.contextLines();
      } else {
        recent.addLast(ref);
        if (recent.size() > options.contextLines()) recent.removeFirst();
      }
    } else if (afterError > 0) {
      context.add(ref);
      afterError--;
    }
  }

  public long records() {
    return records;
  }

  public LineMiner miner() {
    return miner;
  }

  /** The sessions' template counts with template ids resolved (for a baseline or invariant mining). */
  public List<Map<Integer, Integer>> sessionCounts() {
    List<Map<Integer, Integer>> out = new ArrayList<>(sessions.size());
    for (Session s : sessions.values()) out.add(resolved(s));
    return out;
  }

  /** Each session's template counts by its key, in first-seen order (for evaluations). */
  public Map<String, Map<Integer, Integer>> sessionCountsByKey() {
    Map<String, Map<Integer, Integer>> out = new LinkedHashMap<>();
    sessions.forEach((k, s) -> out.put(k, resolved(s)));
    return out;
  }

  private Map<Integer, Integer> resolved(Session s) {
    Map<Integer, Integer> r = new HashMap<>();
    for (int i = 0; i < s.size; i++) r.merge(miner.miner().template(s.ids[i]).resolve().id(), s.counts[i], Integer::sum);
    return r;
  }

  /** This window as a baseline for later ones. */
  public Baseline asBaseline() {
    return Baseline.of(miner.miner(), allBuckets.size(), sessionCounts(), liveStats());
  }

  /** The stats by live template (merged templates' stats added to their survivor's). */
  private Map<Integer, TemplateStats> liveStats() {
    Map<Integer, TemplateStats> live = new HashMap<>();
    stats.forEach((id, s) -> live.computeIfAbsent(miner.miner().template(id).resolve().id(), k -> new TemplateStats()).absorb(s));
    return live;
  }

  public AnalysisResult finish() {
    Map<Integer, TemplateStats> live = liveStats();
    double windowBuckets = Math.max(1, allBuckets.size());
    long newAfter = (long) Math.ceil(options.baselineFraction() * records);
    List<TemplateFinding> findings = new ArrayList<>();
    for (Map.Entry<Integer, TemplateStats> e : live.entrySet()) {
      int id = e.getKey();
      TemplateStats s = e.getValue();
      boolean isNew = baseline != null ? id >= baselineTemplates : records >= 20 && s.firstIndex >= newAfter && newAfter > 0;
      boolean error = s.errors > 0;
      double expected = baseline != null && id < baselineTemplates ? baseline.rate(id) : s.count / windowBuckets;
      List<Burst> bursts = new ArrayList<>();
      if (!isNew) {
        for (Map.Entry<Long, Long> b : s.buckets.entrySet()) {
          if (b.getValue() >= options.burstMinCount() && b.getValue() >= options.burstFactor() * Math.max(expected, 1)) {
            bursts.add(new Burst(b.getKey(), b.getValue(), expected));
          }
        }
      }
      double score = (error ? 3 : 0) + (isNew ? 2 : 0) + Math.min(3, bursts.size());
      findings.add(new TemplateFinding(id, miner.miner().template(id).text(), s.count, s.errors, s.first, s.last,
          s.examples, isNew, error, bursts, score));
    }
    findings.sort(Comparator.comparingDouble(TemplateFinding::score).reversed()
        .thenComparing(f -> f.first().epochMillis())
        .thenComparingLong(f -> live.get(f.id()).firstIndex));
    Set<Integer> anomalous = new HashSet<>();
    for (TemplateFinding f : findings) if (f.anomalous()) anomalous.add(f.id());
    SessionVerdicts verdicts = SessionVerdicts.judge(sessions.entrySet().stream()
        .map(en -> new SessionVerdicts.Input(en.getKey(), en.getValue().lines, en.getValue().first, resolved(en.getValue())))
        .toList(), baseline, anomalous);
    List<TimelinePoint> timeline = new ArrayList<>();
    for (TemplateFinding f : findings) {
      if (!f.anomalous()) continue;
      live.get(f.id()).buckets.forEach((b, c) -> timeline.add(new TimelinePoint(b, f.id(), c)));
    }
    timeline.sort(Comparator.comparingLong((TimelinePoint p) -> p.bucket() < 0 ? -p.bucket() : p.bucket())
        .thenComparingInt(TimelinePoint::templateId));
    List<TimelinePoint> cut = timeline.size() > 500 ? timeline.subList(0, 500) : timeline;
    boolean timed = timedRecords > 0 && timedRecords * 2 >= records;
    return new AnalysisResult(records, timedRecords > 0 ? start : 0, timedRecords > 0 ? end : 0, timed,
        options.bucketMillis(), options.recordsPerBucket(), findings, verdicts.anomalous(), sessions.size(),
        verdicts.invariants(), verdicts.pcaComponents(), firstError, firstError == null ? List.of() : context, cut, baseline != null);
  }

}
