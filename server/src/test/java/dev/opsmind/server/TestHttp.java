package dev.opsmind.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Raw HTTP calls for the server tests (java.net.http: nothing of ours in between). */
public final class TestHttp {
  private final HttpClient client;
  private final String base;
  private final String key;

  public TestHttp(int port, String key) {
    this.base = "http://127.0.0.1:" + port;
    this.key = key;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public record Reply(int status, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    /** The OpenAI error object, asserting the shape on the way. */
    public JsonNode error() {
      JsonNode error = json().get("error");
      if (error == null || !error.has("message") || !error.has("type") || !error.has("param") || !error.has("code")) {
        throw new AssertionError("not an OpenAI error object (" + status + "): " + body);
      }
      return error;
    }
  }

  public Reply get(String path) {
    return send(builder(path).GET());
  }

  public Reply delete(String path) {
    return send(builder(path).DELETE());
  }

  public Reply post(String path, String body) {
    return send(builder(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** multipart/form-data with one file part per entry (file name → content). */
  public Reply upload(String path, java.util.Map<String, byte[]> files) {
    String boundary = "opsmind-test-" + System.nanoTime();
    var out = new java.io.ByteArrayOutputStream();
    for (var file : files.entrySet()) {
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
          + file.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.writeBytes(file.getValue());
      out.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return send(builder(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
  }

  /** Polls GET /ready until 200 (start-up indexing done), at most two minutes. */
  public void awaitReady() {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
    while (get("/ready").status() != 200) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("server not ready: " + get("/ready").body());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public HttpRequest.Builder builder(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    return builder;
  }

  public Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The same server without a key (requests set their own Authorization). */
  public TestHttp withoutKey() {
    return new TestHttp(base, null, client);
  }

  private TestHttp(String base, String key, HttpClient client) {
    this.base = base;
    this.key = key;
    this.client = client;
  }

  public HttpClient client() {
    return client;
  }

  public String base() {
    return base;
  }
}
