package dev.opsmind.retrieval.search;

import java.util.List;

/**
 * Restricts a search to chunks matching every given condition. Applied inside both the BM25 and
 * the kNN search (the HNSW walk skips non-matching chunks), so a narrow filter still yields top-k.
 *
 * @param collections any of these collections (empty: every collection the principal may read)
 * @param sourceTypes any of these source types (empty: all)
 * @param pathPrefix source path starts with this ("" or null: any)
 * @param tags every one of these tags (empty: no condition)
 * @param modifiedFromMillis source modified at or after (inclusive), or null
 * @param modifiedToMillis source modified at or before (inclusive), or null
 */
public record SearchFilter(
    List<String> collections,
    List<String> sourceTypes,
    String pathPrefix,
    List<String> tags,
    Long modifiedFromMillis,
    Long modifiedToMillis) {
  /** Each required tag is a clause of the filter: a bound keeps it far below Lucene's clause limit. */
  public static final int MAX_TAGS = 64;
  public static final SearchFilter NONE = new SearchFilter(List.of(), List.of(), "", List.of(), null, null);

  public SearchFilter {
    collections = collections == null ? List.of() : List.copyOf(collections);
    sourceTypes = sourceTypes == null ? List.of() : List.copyOf(sourceTypes);
    pathPrefix = pathPrefix == null ? "" : pathPrefix;
    tags = tags == null ? List.of() : List.copyOf(tags);
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException("at most " + MAX_TAGS + " tags may be required, got " + tags.size());
    }
    if (modifiedFromMillis != null && modifiedToMillis != null && modifiedFromMillis > modifiedToMillis) {
      throw new IllegalArgumentException("time range is empty: from " + modifiedFromMillis + " is after to "
          + modifiedToMillis);
    }
  }

  public static SearchFilter collections(String... names) {
    return NONE.withCollections(List.of(names));
  }

  public SearchFilter withCollections(List<String> names) {
    return new SearchFilter(names, sourceTypes, pathPrefix, tags, modifiedFromMillis, modifiedToMillis);
  }

  public SearchFilter withSourceTypes(List<String> types) {
    return new SearchFilter(collections, types, pathPrefix, tags, modifiedFromMillis, modifiedToMillis);
  }

  public SearchFilter withPathPrefix(String prefix) {
    return new SearchFilter(collections, sourceTypes, prefix, tags, modifiedFromMillis, modifiedToMillis);
  }

  public SearchFilter withTags(List<String> required) {
    return new SearchFilter(collections, sourceTypes, pathPrefix, required, modifiedFromMillis, modifiedToMillis);
  }

  public SearchFilter withModified(Long fromMillis, Long toMillis) {
    return new SearchFilter(collections, sourceTypes, pathPrefix, tags, fromMillis, toMillis);
  }
}
