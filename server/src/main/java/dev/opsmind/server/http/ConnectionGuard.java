package dev.opsmind.server.http;

import dev.opsmind.server.config.ServerConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps connections from holding the server's descriptors and memory (config {@code http}):
 *
 * <ul>
 *   <li>at most {@code maxConnections} open, and {@code maxConnectionsPerClient} from one address;
 *       more are closed as they arrive (so /health keeps answering);
 *   <li>header timeout: a new connection must send a request's complete headers within
 *       {@code headerTimeoutSeconds}; between keep-alive requests the next request's headers must
 *       be complete within {@code idleTimeoutSeconds} of the last response;
 *   <li>request timeout: a request's body must have arrived {@code requestTimeoutSeconds} after
 *       its headers (responses, long streams included, are not limited);
 *   <li>the idle timeout itself (nothing read or written) is Netty's, set on the server options.
 * </ul>
 *
 * A sweep each second closes connections past their deadline; all bookkeeping is O(1) per event.
 */
public final class ConnectionGuard implements Handler<HttpConnection> {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  private final Vertx vertx;
  private final ServerConfig.Http limits;
  private final Map<HttpConnection, State> open = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();
  private long sweeper = -1;

  /** One connection's bookkeeping (touched on its own event loop, read by the sweep). */
  private static final class State {
    final String client;
    volatile long waitingSince = System.nanoTime();
    volatile int inFlight;
    volatile boolean served;
    /**
     * The request whose body may still be arriving, and since when; dropped by the sweep once the
     * body is read (at most a second later), kept after an early response (a 404 or 401 before
     * the body is in) so a body that never comes still closes the connection.
     */
    volatile HttpServerRequest reading;
    volatile long readingSince;

    State(String client) {
      this.client = client;
    }
  }

  public ConnectionGuard(Vertx vertx, ServerConfig.Http limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  /** Starts the once-a-second sweep. */
  public void start() {
    sweeper = vertx.setPeriodic(1000, id -> sweep());
  }

  public void stop() {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
    }
  }

  /** A new connection: counted, or closed at once over the limits. */
  @Override
  public void handle(HttpConnection connection) {
    String client = connection.remoteAddress() == null ? "?" : connection.remoteAddress().hostAddress();
    AtomicInteger fromClient = perClient.computeIfAbsent(client, c -> new AtomicInteger());
    if (open.size() >= limits.maxConnections() || fromClient.get() >= limits.maxConnectionsPerClient()) {
      if (refused.getAndIncrement() % 1000 == 0) {
        LOG.warn("connection from {} closed: {} open (http.maxConnections {}), {} from it (http.maxConnectionsPerClient {})",
            client, open.size(), limits.maxConnections(), fromClient.get(), limits.maxConnectionsPerClient());
      }
      connection.close();
      return;
    }
    fromClient.incrementAndGet();
    open.put(connection, new State(client));
    connection.closeHandler(closed -> {
      State state = open.remove(connection);
      if (state != null) {
        AtomicInteger count = perClient.get(state.client);
        if (count != null && count.decrementAndGet() <= 0) {
          perClient.remove(state.client, count);
        }
      }
    });
  }

  /** A request's headers arrived: wraps the server's request handler. */
  public Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
    return request -> {
      State state = open.get(request.connection());
      if (state != null) {
        state.inFlight++;
        state.served = true;
      }
      if (state != null && !request.isEnded()) {
        // watched by the sweep (no timer per request: a timer would hold the request and its
        // body for the whole timeout)
        state.readingSince = System.nanoTime();
        state.reading = request;
      }
      next.handle(request);
    };
  }

  /** First route of the router: notes when the response ends (the connection then waits for a next request). */
  public void track(RoutingContext ctx) {
    State state = open.get(ctx.request().connection());
    if (state != null) {
      ctx.addEndHandler(done -> {
        state.inFlight--;
        state.waitingSince = System.nanoTime();
      });
    }
    ctx.next();
  }

  /** Open connections (tests, metrics). */
  public int openConnections() {
    return open.size();
  }

  private void sweep() {
    long now = System.nanoTime();
    for (var entry : open.entrySet()) {
      State state = entry.getValue();
      HttpServerRequest reading = state.reading;
      if (reading != null) {
        if (reading.isEnded()) {
          state.reading = null;
        } else if (now - state.readingSince > limits.requestTimeoutSeconds() * 1_000_000_000L) {
          LOG.info("closing a connection from {}: request body not complete after {} s (http.requestTimeoutSeconds)",
              state.client, limits.requestTimeoutSeconds());
          state.reading = null;
          entry.getKey().close();
          continue;
        }
      }
      if (state.inFlight > 0) {
        continue;
      }
      long limitSeconds = state.served ? limits.idleTimeoutSeconds() : limits.headerTimeoutSeconds();
      if (now - state.waitingSince > limitSeconds * 1_000_000_000L) {
        entry.getKey().close();
      }
    }
  }
}
