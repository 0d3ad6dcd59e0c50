package dev.opsmind.server.http;

import dev.opsmind.inference.generate.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs model and index work on Vert.x's worker pool, never on the event loop, and continues on
 * the request's context with the result; a failure becomes the OpenAI error reply.
 */
public final class Blocking {
  private Blocking() {}

  public static <T> void run(RoutingContext ctx, Callable<T> work, Consumer<T> reply) {
    // ordered=false: independent requests may run on several workers at once.
    then(ctx, ctx.vertx().executeBlocking(work, false), reply);
  }

  /** The same on a dedicated executor (ingestion: long runs that must not hold the shared pool). */
  public static <T> void run(RoutingContext ctx, WorkerExecutor executor, Callable<T> work, Consumer<T> reply) {
    then(ctx, executor.executeBlocking(work, false), reply);
  }

  /**
   * {@link #run(RoutingContext, Callable, Consumer)} for work that prepares a generation (template,
   * tokenizer, retrieval): the model's scheduler is told a request is on its way meanwhile, so
   * requests that arrive together are prefilled together ({@link Scheduler#arrival}). The
   * announcement ends once {@code reply} has run (it submits) or the work failed.
   */
  public static <T> void runAnnounced(RoutingContext ctx, Scheduler scheduler, Callable<T> work, Consumer<T> reply) {
    var arrival = scheduler.arrival();
    run(ctx, () -> {
      try {
        return work.call();
      } catch (Exception | Error e) {
        arrival.close();
        throw e;
      }
    }, prepared -> {
      try (arrival) {
        reply.accept(prepared);
      }
    });
  }

  private static <T> void then(RoutingContext ctx, Future<T> future, Consumer<T> reply) {
    future.onComplete(result -> {
      if (result.failed()) {
        ApiErrors.send(ctx, result.cause());
        return;
      }
      try {
        reply.accept(result.result());
      } catch (RuntimeException e) {
        ApiErrors.send(ctx, e);
      }
    });
  }
}
