package dev.opsmind.server.http;

import io.vertx.core.Future;
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
    Future<T> future = ctx.vertx().executeBlocking(work, false);
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
