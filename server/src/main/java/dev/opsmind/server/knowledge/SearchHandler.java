package dev.opsmind.server.knowledge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.SearchHit;
import dev.opsmind.retrieval.search.SearchResult;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;

/** POST /v1/search: hybrid search with filters under the caller's ACLs, hits with citations. */
public final class SearchHandler {
  private final HybridSearcher searcher;

  public SearchHandler(HybridSearcher searcher) {
    this.searcher = searcher;
  }

  public void search(RoutingContext ctx) {
    Principal principal = AuthHandler.principal(ctx);
    SearchQuery query = SearchQuery.parse(Json.body(ctx));
    // Up to 1000 hits with their text: the JSON is written on the worker too, not on the event loop.
    Blocking.run(ctx, () -> Json.write(body(searcher.search(principal, query.request()))),
        json -> Json.replySerialized(ctx, 200, json));
  }

  static ObjectNode body(SearchResult result) {
    ObjectNode body = Json.object()
        .put("object", "search.result")
        .put("mode", result.mode().label())
        .put("query_language", result.queryLanguage());
    ArrayNode data = body.putArray("data");
    for (SearchHit hit : result.hits()) {
      ObjectNode item = data.addObject()
          .put("object", "search.hit")
          .put("id", hit.chunkId())
          .put("score", hit.score());
      ObjectNode citation = item.putObject("citation")
          .put("collection", hit.citation().collection())
          .put("path", hit.citation().path())
          .put("start_line", hit.citation().startLine())
          .put("end_line", hit.citation().endLine())
          .put("label", hit.citation().label());
      ArrayNode headings = citation.putArray("heading_path");
      hit.citation().headingPath().forEach(headings::add);
      item.put("snippet", hit.snippet())
          .put("text", hit.text())
          .put("source_type", hit.sourceType())
          .put("language", hit.language())
          .put("modified", hit.modifiedMillis() / 1000);
      ArrayNode tags = item.putArray("tags");
      hit.tags().forEach(tags::add);
      item.putObject("ranks").put("bm25", hit.bm25Rank()).put("vector", hit.vectorRank());
    }
    return body;
  }
}
