package dev.opsmind.server.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Runs grounded-chat questions through a server's /v1/chat/completions and scores the replies:
 * retrieval recall@k (share of a question's expected source files among the first k distinct files
 * retrieved), hit@k (any of them), citation precision (cited files that are expected), and answer
 * keyword recall (expected keywords found in the answer, case-insensitive).
 */
public final class AnswerEvaluation {
  /** The scores of one reply. */
  public record Score(EvalQuestion question, double recall, boolean hit, int cited, int citedRelevant, double keywordRecall,
      String mode, String responseId, List<String> citedPaths, JsonNode opsmind) {

    /** One line of the details file: the question, what was expected, and the reply's opsmind object. */
    public String detailsLine() {
      ObjectNode line = Json.object().put("id", question.id()).put("language", question.language())
          .put("kind", question.kind()).put("split", question.split()).put("recall", recall).put("mode", mode);
      var expected = line.putArray("expected_sources");
      question.expectedSources().forEach(expected::add);
      line.set("opsmind", opsmind);
      return Json.write(line);
    }
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String apiKey;
  private final String model;
  private final String collection;
  private final int k;

  public AnswerEvaluation(String base, String apiKey, String model, String collection, int k) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.apiKey = apiKey;
    this.model = model;
    this.collection = collection;
    this.k = k;
  }

  public Score ask(EvalQuestion q) {
    ObjectNode body = Json.object().put("model", model).put("temperature", 0);
    ArrayNode messages = body.putArray("messages");
    q.messages().forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
    ObjectNode ext = body.putObject("opsmind").put("top_k", k);
    if (collection != null) {
      ext.putArray("collections").add(collection);
    }
    JsonNode reply = post("/v1/chat/completions", body);
    JsonNode opsmind = reply.get("opsmind");
    Set<String> retrieved = new LinkedHashSet<>();
    for (JsonNode s : opsmind.get("sources")) {
      if (retrieved.size() < k) {
        retrieved.add(s.get("path").asText());
      }
    }
    Set<String> expected = new LinkedHashSet<>(q.expectedSources());
    long found = expected.stream().filter(retrieved::contains).count();
    List<String> cited = new ArrayList<>();
    opsmind.get("citations").forEach(c -> cited.add(c.get("path").asText()));
    int citedRelevant = (int) cited.stream().filter(expected::contains).count();
    String content = reply.get("choices").get(0).get("message").get("content").asText().toLowerCase(Locale.ROOT);
    double keywords = q.expectedKeywords().isEmpty() ? Double.NaN
        : (double) q.expectedKeywords().stream().filter(w -> content.contains(w.toLowerCase(Locale.ROOT))).count()
            / q.expectedKeywords().size();
    return new Score(q, expected.isEmpty() ? 0 : (double) found / expected.size(), found > 0, cited.size(),
        citedRelevant, keywords, opsmind.get("mode").asText(), reply.get("id").asText(), cited, opsmind);
  }

  /** Rates a reply: +1 when it cited an expected source, else -1 naming the first expected source. */
  public void feedback(Score s) {
    ObjectNode body = Json.object().put("response_id", s.responseId()).put("rating", s.citedRelevant() > 0 ? 1 : -1);
    if (s.citedRelevant() == 0 && !s.question().expectedSources().isEmpty()) {
      String path = s.question().expectedSources().getFirst();
      body.put("correct_source", collection == null ? path : collection + ":" + path);
    }
    post("/v1/feedback", body);
  }

  private JsonNode post(String path, ObjectNode body) {
    var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + base + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The score table: all, by language, by kind, by split. */
  public String table(List<Score> scores) {
    Map<String, Predicate<Score>> groups = new LinkedHashMap<>();
    groups.put("all", s -> true);
    scores.stream().map(s -> s.question().language()).distinct().sorted()
        .forEach(l -> groups.put("language " + l, s -> s.question().language().equals(l)));
    scores.stream().map(s -> s.question().kind()).distinct().sorted()
        .forEach(kd -> groups.put("kind " + kd, s -> s.question().kind().equals(kd)));
    scores.stream().map(s -> s.question().split()).filter(x -> !x.isEmpty()).distinct().sorted()
        .forEach(sp -> groups.put("split " + sp, s -> s.question().split().equals(sp)));
    var sb = new StringBuilder(String.format(Locale.ROOT,
        "| questions | n | recall@%d | hit@%d | citation precision | keyword recall | answered |%n|---|---|---|---|---|---|---|%n",
        k, k));
    groups.forEach((name, filter) -> {
      List<Score> group = scores.stream().filter(filter).toList();
      if (group.isEmpty()) {
        return;
      }
      double recall = group.stream().mapToDouble(Score::recall).average().orElse(0);
      double hit = group.stream().filter(Score::hit).count() / (double) group.size();
      int cited = group.stream().mapToInt(Score::cited).sum();
      int relevant = group.stream().mapToInt(Score::citedRelevant).sum();
      double keywords = group.stream().mapToDouble(Score::keywordRecall).filter(d -> !Double.isNaN(d)).average()
          .orElse(Double.NaN);
      double answered = group.stream().filter(s -> !s.mode().equals("no_answer")).count() / (double) group.size();
      sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %.1f%% | %s | %.1f%% | %.1f%% |%n", name,
          group.size(), 100 * recall, 100 * hit, cited == 0 ? "—" : String.format(Locale.ROOT, "%.1f%% (%d/%d)",
              100.0 * relevant / cited, relevant, cited), 100 * keywords, 100 * answered));
    });
    return sb.toString();
  }
}
