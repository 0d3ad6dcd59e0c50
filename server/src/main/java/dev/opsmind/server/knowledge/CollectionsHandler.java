package dev.opsmind.server.knowledge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.indexer.ingest.FileOutcome;
import dev.opsmind.indexer.ingest.IngestRun;
import dev.opsmind.retrieval.KnowledgeCollection;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.SourceManifest;
import dev.opsmind.retrieval.UnknownCollectionException;
import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.Json;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Knowledge collections: create, list, read, delete; upload documents (multipart, indexed by the
 * same IngestRun as {@code opsmind index}) and delete them. Reads honour the collection's readers;
 * writes need an admin key. Reads run on the worker pool; writes (which wait for the ingest lock,
 * possibly behind a long start-up sync) run on the ingestion executor.
 */
public final class CollectionsHandler {
  private final KnowledgeIndex index;
  private final IngestRun ingest;
  private final WorkerExecutor writes;
  /** Collections kept in step with a configured source folder (name → folder). */
  private final Map<String, Path> managed;
  /** Where collection, ACL and document changes are recorded (null = nowhere). */
  private final AuditLog audit;

  /** Records a change on the write executor, after its commit and before the reply. */
  private void audit(RoutingContext ctx, String event, ObjectNode details) {
    if (audit != null) {
      ObjectNode entry = AuditLog.entry(event).put("principal", AuthHandler.principal(ctx).name());
      entry.setAll(details);
      audit.recordNow(entry);
    }
  }

  /**
   * {@code managed}: collections the config's {@code sources} keep in step with a folder. Their
   * documents and readers come from the folder and the config at every start, so writes through
   * the API (uploads, deletes, replacing the collection) would be undone: they are 409s instead.
   */
  public CollectionsHandler(KnowledgeIndex index, IngestRun ingest, WorkerExecutor writes, Map<String, Path> managed,
      AuditLog audit) {
    this.audit = audit;
    this.index = index;
    this.ingest = ingest;
    this.writes = writes;
    this.managed = Map.copyOf(managed);
  }

  /** 409 for a write to a collection a configured source owns. */
  private void requireUnmanaged(String name, String what) {
    Path folder = managed.get(name);
    if (folder != null) {
      throw ApiException.conflict("collection_managed_by_source", "Collection '" + name + "' is kept in step with "
          + "the configured source folder " + folder + " (sources in the config): " + what + " would be undone at "
          + "the next start. Change the folder or the config instead, or use another collection.");
    }
  }

  public void create(RoutingContext ctx) {
    AuthHandler.requireAdmin(ctx);
    CollectionRequest request = CollectionRequest.parse(Json.body(ctx));
    requireUnmanaged(request.name(), "replacing it");
    Blocking.run(ctx, writes, () -> {
      synchronized (ingest) {
        var before = index.collection(request.name());
        index.putCollection(request.toCollection());
        index.commit();
        ObjectNode details = Json.object().put("collection", request.name());
        details.set("readers", Json.MAPPER.valueToTree(request.toCollection().readers()));
        before.ifPresent(b -> details.set("readers_before", Json.MAPPER.valueToTree(b.readers())));
        audit(ctx, before.isPresent() ? "collection_replaced" : "collection_created", details);
        return before.isPresent();
      }
    }, existed -> Json.reply(ctx, existed ? 200 : 201, describe(request.toCollection(), null)));
  }

  public void list(RoutingContext ctx) {
    Principal principal = AuthHandler.principal(ctx);
    Blocking.run(ctx, () -> {
      ObjectNode body = Json.object().put("object", "list");
      ArrayNode data = body.putArray("data");
      for (KnowledgeCollection collection : index.readableCollections(principal)) {
        data.add(describe(collection, index.chunkCount(collection.name())));
      }
      return body;
    }, body -> Json.reply(ctx, 200, body));
  }

  public void get(RoutingContext ctx) {
    KnowledgeCollection collection = readable(ctx);
    Blocking.run(ctx, () -> describe(collection, index.chunkCount(collection.name())),
        body -> Json.reply(ctx, 200, body));
  }

  public void delete(RoutingContext ctx) {
    AuthHandler.requireAdmin(ctx);
    String name = ctx.pathParam("collection");
    requireUnmanaged(name, "deleting it");
    Blocking.run(ctx, writes, () -> {
      synchronized (ingest) {
        index.deleteCollection(name);
        index.commit();
        audit(ctx, "collection_deleted", Json.object().put("collection", name));
        return name;
      }
    }, deleted -> Json.reply(ctx, 200, Json.object().put("id", deleted)
        .put("object", "collection.deleted").put("deleted", true)));
  }

  public void listDocuments(RoutingContext ctx) {
    KnowledgeCollection collection = readable(ctx);
    Blocking.run(ctx, () -> {
      ObjectNode body = Json.object().put("object", "list");
      ArrayNode data = body.putArray("data");
      for (SourceManifest manifest : index.manifests(collection.name()).values()) {
        data.addObject()
            .put("id", manifest.sourcePath())
            .put("object", "document")
            .put("source_type", manifest.sourceType())
            .put("content_hash", manifest.contentHash())
            .put("modified", manifest.modifiedMillis() / 1000)
            .put("chunks", manifest.chunkIds().size());
      }
      return body;
    }, body -> Json.reply(ctx, 200, body));
  }

  /** Multipart upload: every file part is one document, named by its file name. */
  public void upload(RoutingContext ctx) {
    AuthHandler.requireAdmin(ctx);
    String name = ctx.pathParam("collection");
    if (index.collection(name).isEmpty()) {
      throw new UnknownCollectionException(name);
    }
    requireUnmanaged(name, "an upload");
    List<FileUpload> files = ctx.fileUploads();
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "expected a multipart/form-data body with at least one file part (e.g. curl -F file=@runbook.md)");
    }
    record Upload(String fileName, Path stored) {}
    List<Upload> uploads = files.stream()
        .map(f -> new Upload(f.fileName(), Path.of(f.uploadedFileName()))).toList();
    Blocking.run(ctx, writes, () -> {
      List<FileOutcome> outcomes = new ArrayList<>();
      synchronized (ingest) {
        for (Upload upload : uploads) {
          byte[] bytes = Files.readAllBytes(upload.stored());
          FileOutcome outcome = ingest.ingestDocument(name, upload.fileName(), bytes, System.currentTimeMillis());
          outcomes.add(outcome);
          audit(ctx, "document_uploaded", Json.object().put("collection", name).put("path", outcome.sourcePath())
              .put("bytes", bytes.length).put("status", outcome.kind().name().toLowerCase(java.util.Locale.ROOT)));
        }
      }
      return outcomes;
    }, outcomes -> {
      ObjectNode body = Json.object().put("object", "list");
      ArrayNode data = body.putArray("data");
      for (FileOutcome outcome : outcomes) {
        data.addObject()
            .put("id", outcome.sourcePath())
            .put("object", "document")
            .put("status", outcome.kind().name().toLowerCase(java.util.Locale.ROOT))
            .put("chunks", outcome.chunks())
            .put("embedded", outcome.embedded())
            .put("bytes", outcome.bytes());
      }
      Json.reply(ctx, 201, body);
    });
  }

  /** DELETE /v1/collections/{c}/documents/{path...}: the document path may contain slashes. */
  public void deleteDocument(RoutingContext ctx) {
    AuthHandler.requireAdmin(ctx);
    String name = ctx.pathParam("collection");
    String path = ctx.pathParam("*");
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("name the document: DELETE /v1/collections/" + name + "/documents/PATH");
    }
    if (index.collection(name).isEmpty()) {
      throw new UnknownCollectionException(name);
    }
    requireUnmanaged(name, "deleting a document");
    Blocking.run(ctx, writes, () -> {
      synchronized (ingest) {
        boolean deleted = ingest.deleteDocument(name, path);
        if (deleted) {
          audit(ctx, "document_deleted", Json.object().put("collection", name).put("path", path));
        }
        return deleted;
      }
    }, deleted -> {
      if (!deleted) {
        throw ApiException.notFound("document_not_found",
            "collection '" + name + "' has no document '" + path + "'");
      }
      Json.reply(ctx, 200, Json.object().put("id", path).put("object", "document.deleted").put("deleted", true));
    });
  }

  /** The collection in the path, if the caller may read it (else 404, not revealing it exists). */
  private KnowledgeCollection readable(RoutingContext ctx) {
    Principal principal = AuthHandler.principal(ctx);
    String name = ctx.pathParam("collection");
    return index.collection(name)
        .filter(c -> c.readableBy(principal))
        .orElseThrow(() -> new UnknownCollectionException(name, principal));
  }

  private static ObjectNode describe(KnowledgeCollection collection, Long chunks) {
    ObjectNode node = Json.object()
        .put("id", collection.name())
        .put("object", "collection")
        .put("description", collection.description());
    ArrayNode readers = node.putArray("readers");
    collection.readers().forEach(readers::add);
    if (chunks != null) {
      node.put("chunks", chunks);
    }
    return node;
  }
}
