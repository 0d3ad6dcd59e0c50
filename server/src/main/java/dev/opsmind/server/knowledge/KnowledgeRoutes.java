package dev.opsmind.server.knowledge;

import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.http.RouteTable;
import dev.opsmind.server.models.Backends;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.Map;

/** The knowledge routes: collections, their documents (uploads), and search. Only with an index. */
public final class KnowledgeRoutes {
  private KnowledgeRoutes() {}

  /**
   * @param writes the executor that ingests uploads and deletes (one writer at a time)
   * @param managed collections filled from configured source folders (name → folder): not writable by API
   * @param audit where collection changes are recorded (null: nowhere)
   */
  public static void mount(RouteTable routes, KnowledgeIndex index, Backends backends, WorkerExecutor writes,
      Map<String, Path> managed, AuditLog audit) {
    CollectionsHandler collections = new CollectionsHandler(index, backends.ingest().orElseThrow(), writes, managed,
        audit);
    routes.json(HttpMethod.POST, "/v1/collections", collections::create);
    routes.plain(HttpMethod.GET, "/v1/collections", collections::list);
    routes.plain(HttpMethod.GET, "/v1/collections/:collection", collections::get);
    routes.plain(HttpMethod.DELETE, "/v1/collections/:collection", collections::delete);
    routes.plain(HttpMethod.GET, "/v1/collections/:collection/documents", collections::listDocuments);
    routes.upload(HttpMethod.POST, "/v1/collections/:collection/documents", collections::upload);
    routes.plain(HttpMethod.DELETE, "/v1/collections/:collection/documents/*", collections::deleteDocument);
    SearchHandler search = new SearchHandler(backends.searcher().orElseThrow());
    routes.json(HttpMethod.POST, "/v1/search", search::search);
  }
}
