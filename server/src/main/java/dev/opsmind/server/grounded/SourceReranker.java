package dev.opsmind.server.grounded;

import dev.opsmind.server.answer.RetrievalQuery;
import dev.opsmind.server.answer.SourcePassage;
import java.util.List;

/** Reorders the retrieved passages of a query (feedback re-ranking); {@link #NONE} keeps the order. */
public interface SourceReranker {
  SourceReranker NONE = new SourceReranker() {
    @Override
    public int extraCandidates() {
      return 0;
    }

    @Override
    public List<SourcePassage> rerank(RetrievalQuery query, List<SourcePassage> passages, int keep) {
      return passages.subList(0, Math.min(keep, passages.size()));
    }
  };

  /** Passages to retrieve beyond top_k so that re-ranking can bring one in. */
  int extraCandidates();

  /** The best {@code keep} of {@code passages} (ranked best first) in the new order. */
  List<SourcePassage> rerank(RetrievalQuery query, List<SourcePassage> passages, int keep);
}
