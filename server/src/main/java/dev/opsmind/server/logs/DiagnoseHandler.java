package dev.opsmind.server.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.indexer.logs.detect.AnalysisOptions;
import dev.opsmind.indexer.logs.detect.SessionKeys;
import dev.opsmind.indexer.logs.format.LineFormat;
import dev.opsmind.indexer.logs.format.LogFormats;
import dev.opsmind.indexer.logs.read.LogInput;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.SearchFilter;
import dev.opsmind.server.answer.KnowledgeRetriever;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.diagnose.DiagnosisReport;
import dev.opsmind.server.diagnose.Diagnoser;
import dev.opsmind.server.diagnose.IndexedBaselines;
import dev.opsmind.server.diagnose.IndexedLogs;
import java.io.IOException;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.server.diagnose.LogDiagnosis;
import dev.opsmind.server.diagnose.ReportJson;
import dev.opsmind.server.diagnose.ReportMarkdown;
import dev.opsmind.server.diagnose.RunbookLinks;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.SseStream;
import io.vertx.core.Context;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /v1/diagnose}: log text (JSON), uploaded files (multipart; form fields as in the
 * JSON body) or an indexed collection's logs ({@code log_collection}, {@code path_prefix}) in, a diagnosis out: the report object ({@link ReportJson}) with its Markdown, or
 * with {@code stream: true} SSE {@code progress} events, then a {@code diagnosis} event. The work
 * runs on its own worker executor (a long diagnosis never holds the shared pool) and stops when
 * the client goes away.
 */
public final class DiagnoseHandler {
  private final KnowledgeRetriever retriever;
  private final KnowledgeIndex index;
  private final WorkerExecutor executor;
  private final java.nio.file.Path baselines;

  /**
   * {@code retriever} and {@code index} may be null (no knowledge base: no runbooks, no indexed
   * logs); {@code baselines} is where baselines mined from indexed collections are kept.
   */
  public DiagnoseHandler(KnowledgeRetriever retriever, KnowledgeIndex index, WorkerExecutor executor,
      java.nio.file.Path baselines) {
    this.retriever = retriever;
    this.index = index;
    this.executor = executor;
    this.baselines = baselines;
  }

  public void diagnose(RoutingContext ctx) {
    List<FileUpload> files = ctx.fileUploads();
    ObjectNode body;
    if (files.isEmpty()) {
      body = Json.body(ctx);
    } else {
      body = Json.MAPPER.createObjectNode();
      ctx.request().formAttributes().forEach(e -> {
        if (e.getKey().equals("session_keys") || e.getKey().equals("collections")) body.withArray(e.getKey()).add(e.getValue());
        else if (e.getKey().equals("stream")) body.put("stream", Boolean.parseBoolean(e.getValue()));
        else body.put(e.getKey(), e.getValue());
      });
    }
    DiagnoseRequest request = DiagnoseRequest.of(body, !files.isEmpty());
    LineFormat format;
    AnalysisOptions options;
    try {
      format = LogFormats.builtIn().get(request.format());
      options = request.sessionKeys().isEmpty() ? AnalysisOptions.DEFAULT
          : AnalysisOptions.DEFAULT.withSessionKeys(SessionKeys.of(request.sessionKeys()));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage().contains("session key") ? "session_keys" : "format", e.getMessage());
    }
    List<LogInput> inputs = new ArrayList<>();
    if (request.logs() != null && !request.logs().isBlank()) {
      inputs.add(LogInput.bytes("request", request.logs().getBytes(StandardCharsets.UTF_8)));
    }
    for (FileUpload f : files) {
      Path stored = Path.of(f.uploadedFileName());
      inputs.add(new LogInput(f.fileName() == null || f.fileName().isBlank() ? "upload" : f.fileName(),
          () -> java.nio.file.Files.newInputStream(stored)));
    }
    Principal principal = AuthHandler.principal(ctx);
    if ((request.collection() != null || request.baselineCollection() != null) && index == null) {
      throw new InvalidRequestException(request.collection() != null ? "log_collection" : "baseline_collection",
          "this server has no knowledge index to read indexed logs from");
    }
    Indexed indexed = request.collection() == null ? null : new Indexed(index, principal, request.collection(), request.pathPrefix());
    KnowledgeIndex knowledge = index;
    java.nio.file.Path store = baselines;
    Callable<dev.opsmind.indexer.logs.detect.Baseline> baseline = request.baselineCollection() == null ? () -> null
        : () -> IndexedBaselines.of(knowledge, principal, request.baselineCollection(), format, options, store);
    AtomicBoolean cancelled = new AtomicBoolean();
    ctx.response().closeHandler(v -> cancelled.set(true));
    SearchFilter filter = request.collections().isEmpty() ? SearchFilter.NONE
        : SearchFilter.collections(request.collections().toArray(String[]::new));
    Diagnoser diagnoser = new Diagnoser(retriever == null ? null : new RunbookLinks(retriever, principal, filter));
    if (!request.stream()) {
      Blocking.run(ctx, executor, work(inputs, indexed, baseline, format, options, request, diagnoser, cancelled, null),
          report -> ctx.json(withMarkdown(report)));
      return;
    }
    SseStream sse = SseStream.open(ctx, () -> cancelled.set(true));
    Context context = ctx.vertx().getOrCreateContext();
    Callable<DiagnosisReport> job = work(inputs, indexed, baseline, format, options, request, diagnoser, cancelled, (input, records, lines) ->
        context.runOnContext(v -> sse.send("progress", Json.MAPPER.createObjectNode()
            .put("object", "diagnosis.progress").put("input", input).put("records", records).put("lines", lines))));
    executor.executeBlocking(job, false).onComplete(result -> {
      if (result.failed()) {
        var mapped = ApiErrors.map(result.cause());
        sse.send("error", mapped.body());
      } else {
        sse.send("diagnosis", withMarkdown(result.result()));
      }
      sse.end();
    });
  }

  /** The logs of an indexed collection to diagnose (read on the worker). */
  private record Indexed(KnowledgeIndex index, Principal principal, String collection, String pathPrefix) {}

  private static Callable<DiagnosisReport> work(List<LogInput> given, Indexed indexed,
      Callable<dev.opsmind.indexer.logs.detect.Baseline> baseline, LineFormat format, AnalysisOptions options,
      DiagnoseRequest request, Diagnoser diagnoser, AtomicBoolean cancelled,
      dev.opsmind.indexer.logs.read.LogReading.Progress progress) {
    IndexedLogs.Work<DiagnosisReport> run = inputs -> {
      dev.opsmind.indexer.logs.detect.Baseline base;
      try {
        base = baseline.call();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
      LogDiagnosis.Outcome outcome = LogDiagnosis.run(inputs, format, base, options, request.window(), progress, cancelled::get);
      return diagnoser.diagnose(inputs.stream().map(LogInput::name).toList(), outcome.counts(), outcome.analysis());
    };
    return () -> {
      if (indexed == null) return run.apply(given);
      return IndexedLogs.diagnose(indexed.index(), indexed.principal(), indexed.collection(), indexed.pathPrefix(), inputs -> {
        List<LogInput> all = new ArrayList<>(given);
        all.addAll(inputs);
        return run.apply(all);
      });
    };
  }

  private static ObjectNode withMarkdown(DiagnosisReport report) {
    ObjectNode o = ReportJson.of(report);
    o.put("markdown", ReportMarkdown.of(report));
    return o;
  }
}
