package dev.opsmind.server.grounded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.server.answer.Citation;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * POST /v1/feedback {"response_id", "rating", "comment"?, "correct_source"?}: rates a grounded
 * reply. {@code correct_source} is "path", "collection:path" or {"collection", "path"}.
 * 404 (response_not_found) when the id is not one of the recent grounded replies.
 */
public final class FeedbackHandler {
  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 1000;
  private final FeedbackStore store;
  private final KnowledgeIndex index;

  /** {@code index} says which collections a poster may name in {@code correct_source}. */
  public FeedbackHandler(FeedbackStore store, KnowledgeIndex index) {
    this.store = store;
    this.index = index;
  }

  public void create(RoutingContext ctx) {
    Principal caller = AuthHandler.principal(ctx);
    String principal = caller.name();
    FeedbackRequest request = FeedbackRequest.read(Json.body(ctx));
    String responseId = request.responseId();
    String correct = request.correctSource();
    // Only the principal who asked may rate a reply: anyone else's id is as unknown as a wrong one.
    AnsweredQuestion answered = store.answered(responseId)
        .filter(a -> a.principal().equals(principal))
        .orElseThrow(() -> ApiException.notFound(
            "response_not_found", "No recent grounded reply has id '" + responseId + "'"));
    if (correct != null) {
      correct = readableSource(caller, correct, answered);
    }
    var record = new FeedbackRecord(System.currentTimeMillis(), principal, responseId, answered.question(),
        answered.retrievalQuery(), request.rating(), request.weight(), request.comment(), correct, answered.citations());
    Blocking.run(ctx, () -> {
      store.append(record);
      return record;
    }, stored -> Json.reply(ctx, 201, Json.object()
        .put("object", "feedback")
        .put("response_id", stored.responseId())
        .put("rating", stored.rating())
        .put("weight", stored.weight())
        .put("stored", true)));
  }

  /** GET /v1/feedback (admins): every stored record, oldest first (serialised on a worker: it may be long). */
  public void list(RoutingContext ctx) {
    AuthHandler.requireAdmin(ctx);
    int limit = queryInt(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
    int offset = queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    Blocking.run(ctx, () -> {
      ObjectNode body = Json.object().put("object", "list");
      ArrayNode data = body.putArray("data");
      var records = store.records();
      int end = (int) Math.min(records.size(), (long) offset + limit);
      for (int i = Math.min(offset, records.size()); i < end; i++) {
        data.add(describe(records.get(i)));
      }
      body.put("has_more", end < records.size());
      return Json.write(body);
    }, json -> Json.replySerialized(ctx, 200, json));
  }

  /** A whole-number query parameter in [min, max]; absent = {@code absent}; else a 400 naming it. */
  static int queryInt(RoutingContext ctx, String name, int absent, int min, int max) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return absent;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new InvalidRequestException(name, "'" + name + "' must be a whole number from " + min + " to " + max);
  }

  /** One record in the API's snake_case, with the names POST /v1/feedback accepts. */
  static ObjectNode describe(FeedbackRecord record) {
    ObjectNode node = Json.object()
        .put("object", "feedback")
        .put("time", record.time())
        .put("principal", record.principal())
        .put("response_id", record.responseId())
        .put("question", record.question())
        .put("retrieval_query", record.retrievalQuery())
        .put("rating", record.rating())
        .put("weight", record.weight())
        .put("comment", record.comment())
        .put("correct_source", record.correctSource());
    ArrayNode citations = node.putArray("citations");
    for (Citation c : record.citations()) {
      ObjectNode item = citations.addObject()
          .put("number", c.number())
          .put("collection", c.collection())
          .put("path", c.path())
          .put("start_line", c.startLine())
          .put("end_line", c.endLine());
      ArrayNode headings = item.putArray("heading_path");
      c.headingPath().forEach(headings::add);
      item.put("snippet", c.snippet()).put("score", c.score());
    }
    return node;
  }

  /**
   * {@code correct_source} as "collection:path" in a collection the poster may read: a bare path
   * takes the collection of the reply's citation of that path, or the poster's only readable
   * collection; a collection the poster may not read is 404 collection_not_found, as in search.
   */
  private String readableSource(Principal caller, String source, AnsweredQuestion answered) {
    int colon = source.indexOf(':');
    String collection;
    String path;
    if (colon > 0) {
      collection = source.substring(0, colon);
      path = source.substring(colon + 1);
    } else {
      path = source;
      collection = answered.citations().stream().filter(c -> c.path().equals(source)).map(Citation::collection)
          .findFirst().orElse(null);
      if (collection == null) {
        var readable = index.readableCollections(caller);
        if (readable.size() != 1) {
          throw new InvalidRequestException("correct_source",
              "'correct_source' must name its collection (\"collection:path\" or {\"collection\", \"path\"})");
        }
        collection = readable.get(0).name();
      }
    }
    String name = collection;
    boolean readable = index.collection(name).map(c -> c.readableBy(caller)).orElse(false);
    if (!readable) {
      throw ApiException.notFound("collection_not_found", "Collection '" + name + "' does not exist");
    }
    return name + ":" + path;
  }
}
