package dev.opsmind.retrieval.search;

/**
 * How much a query term found in a chunk's title or headings counts against the same term in its
 * body (BM25 per field, summed: a title-only match ranks, and a term in title and body ranks
 * higher). Measured in bench/README.md, "Field weights".
 *
 * @param title weight of the document title and file-name words
 * @param headings weight of the headings above the chunk
 */
public record FieldBoosts(double title, double headings) {
  public static final FieldBoosts DEFAULT = new FieldBoosts(1.0, 0.5);
  /** Body text only (the layout before titles and headings were searchable). */
  public static final FieldBoosts BODY_ONLY = new FieldBoosts(0, 0);

  public FieldBoosts {
    if (!(title >= 0 && title <= 100) || !(headings >= 0 && headings <= 100)) {
      throw new IllegalArgumentException("field boosts must be in 0..100, got title " + title + ", headings " + headings);
    }
  }
}
