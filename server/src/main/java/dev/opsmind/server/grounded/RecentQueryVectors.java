package dev.opsmind.server.grounded;

import dev.opsmind.retrieval.search.QueryEncoder;
import dev.opsmind.retrieval.search.QueryVector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query encoder that remembers the last {@value #CAPACITY} query vectors: retrieval and the
 * feedback re-ranker embed the same query text for one request, and a rated query is looked up
 * again for every similar question.
 */
final class RecentQueryVectors implements QueryEncoder {
  static final int CAPACITY = 4096;
  private final QueryEncoder encoder;
  private final Map<String, List<QueryVector>> recent = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<QueryVector>> eldest) {
      return size() > CAPACITY;
    }
  };

  RecentQueryVectors(QueryEncoder encoder) {
    this.encoder = encoder;
  }

  @Override
  public List<QueryVector> encode(String query) {
    synchronized (recent) {
      List<QueryVector> known = recent.get(query);
      if (known != null) {
        return known;
      }
    }
    List<QueryVector> vector = encoder.encode(query); // outside the lock: embedding takes milliseconds
    synchronized (recent) {
      recent.put(query, vector);
    }
    return vector;
  }
}
