package dev.opsmind.indexer.logs.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one template did in a window: its count, first and last line, up to three example lines,
 * error lines, and counts per time bucket (at most {@link #MAX_BUCKETS} buckets are kept; later
 * ones are added to the last kept one's neighbour count only in the total).
 */
public final class TemplateStats {
  public static final int MAX_EXAMPLES = 3;
  public static final int MAX_BUCKETS = 10_000;

  long count;
  long errors;
  long firstIndex = -1;
  LineRef first;
  LineRef last;
  final List<LineRef> examples = new ArrayList<>(MAX_EXAMPLES);
  final TreeMap<Long, Long> buckets = new TreeMap<>();

  void add(long index, LineRef ref, boolean error, long bucket) {
    if (count == 0) {
      first = ref;
      firstIndex = index;
    }
    count++;
    last = ref;
    if (error) errors++;
    if (examples.size() < MAX_EXAMPLES) examples.add(ref);
    Long c = buckets.get(bucket);
    if (c != null) buckets.put(bucket, c + 1);
    else if (buckets.size() < MAX_BUCKETS) buckets.put(bucket, 1L);
  }

  /** Adds another template's stats (when the miner merged the two). */
  void absorb(TemplateStats o) {
    if (o.count == 0) return;
    if (count == 0 || o.firstIndex < firstIndex) {
      first = o.first;
      firstIndex = o.firstIndex;
    }
    if (last == null || (o.last != null && o.last.line() > last.line() && o.last.source().equals(last.source()))) last = o.last;
    count += o.count;
    errors += o.errors;
    for (LineRef e : o.examples) if (examples.size() < MAX_EXAMPLES) examples.add(e);
    for (Map.Entry<Long, Long> e : o.buckets.entrySet()) buckets.merge(e.getKey(), e.getValue(), Long::sum);
  }

  public long count() {
    return count;
  }

  public long errors() {
    return errors;
  }

  public LineRef first() {
    return first;
  }

  public LineRef last() {
    return last;
  }

  public List<LineRef> examples() {
    return List.copyOf(examples);
  }

  public Map<Long, Long> buckets() {
    return java.util.Collections.unmodifiableMap(buckets);
  }
}
