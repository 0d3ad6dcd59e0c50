package dev.opsmind.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.config.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load generator for the HTTP API: at each concurrency level, that many clients each send
 * streaming chat completions back to back; measures aggregate completion tokens/s, time to first
 * token (request sent → first content delta) and inter-token latency (gaps between content
 * deltas), p50/p95. Against a running server ({@code --url}) or one started here on a random
 * checkpoint of a real shape ({@code --shape}, written once to {@code --model-dir}).
 *
 * <pre>java ... dev.opsmind.bench.ServerLoadBench [--url http://host:8080/v1 --model ID --key KEY]
 *     [--shape qwen2.5-0.5b --model-dir /tmp/opsmind-bench/qwen2.5-0.5b-random]
 *     [--levels 1,4,8,16] [--requests 2] [--max-tokens 16] [--warmup-rounds 2]</pre>
 *
 * Warm-up: one request, then {@code --warmup-rounds} rounds at the highest level, unmeasured, so
 * the levels meet compiled code (a fresh JVM compiles for tens of seconds, and the compiler
 * threads share the cores with the model) rather than the first seconds of a start.
 *
 * Targets: aggregate throughput at 8 streams ≥ 4× one stream; p95 TTFT at 8 ≤ 3× one stream's p50.
 */
public final class ServerLoadBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] QUESTIONS = {
    "disk full on /var, what now?", "nginx returns 502", "pods are OOMKilled", "mysql replication lags",
    "certificate expires soon", "dns lookups time out", "inodes are exhausted", "latency is high",
  };

  /**
   * Numbers every request's prompt, warm-up included, so no prompt is sent twice: a repeated
   * prompt would be served almost entirely from the server's prompt cache and flatter the TTFT.
   * Prompts still share the chat template's head (system prompt), as real clients' do.
   */
  private static final java.util.concurrent.atomic.AtomicInteger PROMPTS = new java.util.concurrent.atomic.AtomicInteger();

  record Sample(long ttftNanos, List<Long> gaps, int tokens) {}

  record Level(int concurrency, int requests, long tokens, double wallSeconds, List<Long> ttfts, List<Long> gaps) {
    double tokensPerSecond() {
      return tokens / wallSeconds;
    }
  }

  public static void main(String[] args) throws Exception {
    String url = arg(args, "--url", null);
    String model = arg(args, "--model", null);
    String key = arg(args, "--key", null);
    int requests = Integer.parseInt(arg(args, "--requests", "2"));
    int maxTokens = Integer.parseInt(arg(args, "--max-tokens", "16"));
    int warmupRounds = Integer.parseInt(arg(args, "--warmup-rounds", "2"));
    List<Integer> levels = new ArrayList<>();
    for (String level : arg(args, "--levels", "1,4,8,16").split(",")) {
      levels.add(Integer.parseInt(level.trim()));
    }
    OpsmindServer server = null;
    if (url == null) {
      String shape = arg(args, "--shape", "qwen2.5-0.5b");
      Path dir = Path.of(arg(args, "--model-dir", "/tmp/opsmind-bench/" + shape + "-random"));
      if (!Files.isRegularFile(dir.resolve("config.json"))) {
        System.err.println("writing a random " + shape + " checkpoint to " + dir);
        RandomCheckpoint.write(dir, ModelShapes.get(shape), RandomCheckpoint.Options.defaults(1),
            line -> System.err.println("  " + line));
      }
      int maxConcurrency = Collections.max(levels);
      server = OpsmindServer.start(ServerConfig.defaults().withPort(0).withEmbedder("none")
          .withModels(List.of(dir.toString()))
          .withLimits(new ServerConfig.Limits(0, 0, maxConcurrency, 4 * maxConcurrency, 65536, maxTokens)));
      url = "http://127.0.0.1:" + server.port() + "/v1";
      model = dir.getFileName().toString();
    }
    if (model == null) {
      throw new IllegalArgumentException("--model is required with --url");
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    try {
      System.err.println("warm-up");
      stream(client, url, model, key, maxTokens);
      for (int round = 0; round < warmupRounds; round++) {
        level(client, url, model, key, Collections.max(levels), 1, maxTokens);
      }
      List<Level> results = new ArrayList<>();
      for (int concurrency : levels) {
        System.err.println("concurrency " + concurrency + " ...");
        results.add(level(client, url, model, key, concurrency, requests, maxTokens));
      }
      report(results, maxTokens, requests);
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  static Level level(HttpClient client, String url, String model, String key, int concurrency, int requests,
      int maxTokens) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<List<Sample>>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int worker = 0; worker < concurrency; worker++) {
      futures.add(pool.submit(() -> {
        List<Sample> samples = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
          samples.add(stream(client, url, model, key, maxTokens));
        }
        return samples;
      }));
    }
    List<Long> ttfts = new ArrayList<>();
    List<Long> gaps = new ArrayList<>();
    long tokens = 0;
    for (Future<List<Sample>> future : futures) {
      for (Sample sample : future.get()) {
        ttfts.add(sample.ttftNanos());
        gaps.addAll(sample.gaps());
        tokens += sample.tokens();
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return new Level(concurrency, concurrency * requests, tokens, wall, ttfts, gaps);
  }

  /** One streamed chat completion; tokens = the usage's completion_tokens. */
  static Sample stream(HttpClient client, String url, String model, String key, int maxTokens) throws Exception {
    int n = PROMPTS.getAndIncrement();
    String body = JSON.writeValueAsString(JSON.createObjectNode()
        .put("model", model)
        .put("temperature", 0)
        .put("max_tokens", maxTokens)
        .put("stream", true)
        .<com.fasterxml.jackson.databind.node.ObjectNode>set("stream_options", JSON.createObjectNode().put("include_usage", true))
        .set("messages", JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user")
            .put("content", "#" + n + " " + QUESTIONS[n % QUESTIONS.length]))));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/chat/completions"))
        .header("Content-Type", "application/json").timeout(Duration.ofMinutes(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    long sent = System.nanoTime();
    HttpResponse<java.io.InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
    }
    long first = -1;
    long last = -1;
    List<Long> gaps = new ArrayList<>();
    int tokens = 0;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
          continue;
        }
        JsonNode event = JSON.readTree(line.substring(6));
        if (event.has("error")) {
          throw new IllegalStateException("the stream ended with an error: " + event.get("error"));
        }
        if (event.has("usage") && event.get("usage").has("completion_tokens")) {
          tokens = event.get("usage").get("completion_tokens").asInt();
        }
        for (JsonNode choice : event.path("choices")) {
          JsonNode content = choice.path("delta").path("content");
          if (content.isTextual() && !content.asText().isEmpty()) {
            long now = System.nanoTime();
            if (first < 0) {
              first = now;
            } else {
              gaps.add(now - last);
            }
            last = now;
          }
        }
      }
    }
    return new Sample(first < 0 ? System.nanoTime() - sent : first - sent, gaps, tokens);
  }

  static void report(List<Level> levels, int maxTokens, int requests) {
    Level single = levels.get(0);
    double singleTtft = percentile(single.ttfts(), 50);
    System.out.printf(Locale.ROOT, "%n%d cores; %d requests per client, max_tokens %d, streaming chat%n",
        Runtime.getRuntime().availableProcessors(), requests, maxTokens);
    System.out.println("| concurrency | requests | tokens | wall s | agg tok/s | × single | TTFT p50 ms | TTFT p95 ms | ITL p50 ms | ITL p95 ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (Level level : levels) {
      System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.2f | %.2f | %.0f | %.0f | %.0f | %.0f |%n",
          level.concurrency(), level.requests(), level.tokens(), level.wallSeconds(), level.tokensPerSecond(),
          level.tokensPerSecond() / single.tokensPerSecond(),
          percentile(level.ttfts(), 50) / 1e6, percentile(level.ttfts(), 95) / 1e6,
          percentile(level.gaps(), 50) / 1e6, percentile(level.gaps(), 95) / 1e6);
    }
    for (Level level : levels) {
      if (level.concurrency() == 8) {
        double speedup = level.tokensPerSecond() / single.tokensPerSecond();
        double ttftRatio = percentile(level.ttfts(), 95) / singleTtft;
        System.out.printf(Locale.ROOT, "target throughput@8 >= 4x single: %.2fx %s%n", speedup, speedup >= 4 ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "target p95 TTFT@8 <= 3x single: %.2fx %s%n", ttftRatio, ttftRatio <= 3 ? "MET" : "NOT MET");
      }
    }
  }

  static double percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
