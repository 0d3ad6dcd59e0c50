package dev.opsmind.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics (Micrometer's registry, scraped at GET /metrics): requests and
 * latencies by route and status, tokens in and out, queue depth, running batch size, time to
 * first token and inter-token latency.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** HTTP methods that get their own label value; any other method name is counted as "other". */
  static final java.util.Set<String> METHODS =
      java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

  /**
   * Counts a request. Label values come from a closed set, never from the client: {@code route}
   * is a route-table path or "unmatched", {@code method} one of {@link #METHODS} or "other",
   * {@code status} a three-digit code; so no request can add series.
   */
  public void recordRequest(String route, String method, int status, long nanos) {
    String methodLabel = METHODS.contains(method) ? method : "other";
    String statusLabel = status >= 100 && status <= 599 ? Integer.toString(status) : "other";
    Timer.builder("opsmind.http.requests")
        .description("HTTP requests by route, method and status")
        .tags("route", route, "method", methodLabel, "status", statusLabel)
        .publishPercentileHistogram(false)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void tokensIn(String model, long count) {
    Counter.builder("opsmind.tokens.in").description("prompt tokens processed")
        .tag("model", model).register(registry).increment(count);
  }

  public void promptTokensCached(String model, long count) {
    Counter.builder("opsmind.tokens.cached").description("prompt tokens taken from the prompt cache instead of prefilled")
        .tag("model", model).register(registry).increment(count);
  }

  public void tokensOut(String model, long count) {
    Counter.builder("opsmind.tokens.out").description("tokens generated")
        .tag("model", model).register(registry).increment(count);
  }

  public void generationFinished(String model, String reason) {
    Counter.builder("opsmind.generations").description("generation requests that left the batch, by finish reason")
        .tags("model", model, "reason", reason).register(registry).increment();
  }

  public void timeToFirstToken(String model, Duration duration) {
    Timer.builder("opsmind.time.to.first.token").description("request start to first generated token")
        .tag("model", model).publishPercentiles(0.5, 0.95).register(registry).record(duration);
  }

  public void interTokenLatency(String model, Duration duration) {
    Timer.builder("opsmind.inter.token.latency").description("time between consecutive generated tokens")
        .tag("model", model).publishPercentiles(0.5, 0.95).register(registry).record(duration);
  }

  public void embeddedTexts(String model, long count) {
    DistributionSummary.builder("opsmind.embedding.batch.size").description("texts per embeddings request")
        .tag("model", model).register(registry).record(count);
  }

  /** A live value read at scrape time (queue depth, running batch size, ...). */
  public void gauge(String name, String description, String model, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).tag("model", model).register(registry);
  }

  /** The Prometheus text exposition format. */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
