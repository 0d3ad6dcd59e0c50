package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.Message;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.ToolCall;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Responses kept in memory for {@code previous_response_id} and GET/DELETE /v1/responses/{id}:
 * each stored response with its conversation as chat messages (the inputs that led to it, then
 * its own output as an assistant turn), so a follow-up continues it. Only the principal that made
 * a response sees it. Bounded per principal first: past {@code perPrincipal} responses or a
 * quarter of {@link #MAX_CHARS} characters, a principal's own least recently used go (so no
 * principal can evict the others'); then overall: the least recently used go past
 * {@link #MAX_RESPONSES} responses or {@link #MAX_CHARS} characters. A restart forgets them all.
 * In a cluster each saved response is also put in a store the nodes {@link Shared share}, and a
 * node {@link #adopt adopts} another's response before a request that names it. {@link #save}'s
 * future says when the response may be acknowledged: at once alone; in a cluster once the shared
 * store has it (so the client is answered only once a follow-up works on any node, and after
 * this node's loss), or, when the shared store failed, once that is known (the answer is not
 * lost: it is kept here only, with a warning).
 */
public final class ResponseStore {
  public static final int MAX_RESPONSES = 1024;
  public static final long MAX_CHARS = 32L << 20;

  private record Stored(String owner, ObjectNode response, List<Message> conversation, long chars) {}

  public static final int DEFAULT_PER_PRINCIPAL = 256;

  private final Map<String, Stored> byId = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, long[]> perOwner = new java.util.HashMap<>(); // owner → {responses, chars}
  private final int perPrincipal;
  private long chars;
  /** Where saved responses are also kept for the other nodes; null alone. */
  private volatile Shared shared;

  /** A store the cluster's nodes share (server/.../cluster/SharedResponses): entries are {@link #entry} bytes. */
  public interface Shared {
    /**
     * Keeps {@code entry} under {@code id}, asynchronously (never blocks the caller): the stage
     * completes, on any thread, once it is kept, or exceptionally when it could not be.
     */
    CompletionStage<?> put(String id, byte[] entry);

    void remove(String id);
  }

  /** From now on every saved response is also put in {@code shared}, and deletes remove it there. */
  public void shareWith(Shared shared) {
    this.shared = shared;
  }

  public ResponseStore() {
    this(DEFAULT_PER_PRINCIPAL);
  }

  /** {@code perPrincipal}: responses one principal may keep (config quotas.storedResponsesPerPrincipal). */
  public ResponseStore(int perPrincipal) {
    if (perPrincipal <= 0) {
      throw new IllegalArgumentException("stored responses per principal must be > 0, got " + perPrincipal);
    }
    this.perPrincipal = perPrincipal;
  }

  private void added(Stored stored) {
    long[] owner = perOwner.computeIfAbsent(stored.owner(), o -> new long[2]);
    owner[0]++;
    owner[1] += stored.chars();
    chars += stored.chars();
  }

  private void removed(Stored stored) {
    long[] owner = perOwner.get(stored.owner());
    if (owner != null && --owner[0] <= 0) {
      perOwner.remove(stored.owner());
    } else if (owner != null) {
      owner[1] -= stored.chars();
    }
    chars -= stored.chars();
  }

  /** The conversation of response {@code id}, to continue. Unknown, forgotten or another principal's id → 404. */
  public List<Message> history(String id, String principal) {
    return find(id, principal).conversation();
  }

  /** The stored response object (GET /v1/responses/{id}). */
  public ObjectNode get(String id, String principal) {
    return find(id, principal).response();
  }

  /** Forgets a response (DELETE /v1/responses/{id}). */
  public synchronized void delete(String id, String principal) {
    Stored stored = find(id, principal);
    byId.remove(id);
    removed(stored);
    if (shared != null) {
      shared.remove(id);
    }
  }

  /**
   * Keeps a finished response: {@code inputs} are the chat messages that led to it (without the
   * request's instructions, which a follow-up does not inherit); its output becomes the next
   * assistant turn. The future completes when the response may be acknowledged: already
   * completed without a shared store; with one, once it is there (on the caller's Vert.x context),
   * and successfully even when it could not be shared (kept here only; the shared store warns).
   */
  public Future<Void> save(ObjectNode response, List<Message> inputs, String principal) {
    List<Message> conversation = new ArrayList<>(inputs);
    Message assistant = assistantTurn(response.path("output"));
    if (assistant != null) {
      conversation.add(assistant);
    }
    String id = response.get("id").textValue();
    keep(id, principal, response, List.copyOf(conversation));
    Shared to = shared;
    if (to == null) {
      return Future.succeededFuture();
    }
    return shared(to, id, entry(principal, response, conversation));
  }

  /** {@code to.put}'s outcome, back on the caller's context (the shared store completes on its own threads). */
  private static Future<Void> shared(Shared to, String id, byte[] entry) {
    Context context = Vertx.currentContext();
    Promise<Void> kept = Promise.promise();
    CompletionStage<?> put;
    try {
      put = to.put(id, entry);
    } catch (RuntimeException e) {
      put = CompletableFuture.failedFuture(e);
    }
    put.whenComplete((v, failure) -> {
      // a failure is the shared store's to warn about: the response is acknowledged, kept here only
      if (context == null) {
        kept.tryComplete();
      } else {
        context.runOnContext(x -> kept.tryComplete());
      }
    });
    return kept.future();
  }

  /** Whether response {@code id} is kept here (of any principal). */
  public synchronized boolean has(String id) {
    return byId.containsKey(id);
  }

  /** Keeps here a response another node saved ({@link #entry} bytes from the shared store). */
  public void adopt(byte[] entry) {
    try {
      JsonNode stored = Json.MAPPER.readTree(entry);
      List<Message> conversation = new ArrayList<>();
      for (JsonNode m : stored.path("conversation")) {
        List<ToolCall> calls = new ArrayList<>();
        m.path("tool_calls").forEach(c -> calls.add(new ToolCall(c.path("id").asText(), c.path("name").asText(),
            c.get("arguments"))));
        conversation.add(new Message(m.path("role").asText(), m.path("content").textValue(), List.copyOf(calls),
            m.path("tool_call_id").textValue(), m.path("name").textValue()));
      }
      ObjectNode response = (ObjectNode) stored.get("response");
      keep(response.get("id").textValue(), stored.path("owner").asText(), response, List.copyOf(conversation));
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("an unreadable shared response: " + e.getMessage(), e);
    }
  }

  /** A saved response as the bytes the shared store keeps: its owner, the response, its conversation. */
  private static byte[] entry(String owner, ObjectNode response, List<Message> conversation) {
    ObjectNode out = Json.object().put("owner", owner);
    out.set("response", response);
    var messages = out.putArray("conversation");
    for (Message m : conversation) {
      ObjectNode message = messages.addObject().put("role", m.role()).put("content", m.content())
          .put("tool_call_id", m.toolCallId()).put("name", m.name());
      var calls = message.putArray("tool_calls");
      if (m.toolCalls() != null) {
        m.toolCalls().forEach(c -> calls.addObject().put("id", c.id()).put("name", c.name()).set("arguments",
            c.arguments()));
      }
    }
    return Json.write(out).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private synchronized void keep(String id, String principal, ObjectNode response, List<Message> conversation) {
    long size = Json.write(conversation).length() + Json.write(response).length();
    Stored previous = byId.put(id, new Stored(principal, response, conversation, size));
    if (previous != null) {
      removed(previous);
    }
    added(byId.get(id));
    long[] mine = perOwner.get(principal);
    Iterator<Stored> own = byId.values().iterator();
    while ((mine[0] > perPrincipal || mine[1] > MAX_CHARS / 4) && mine[0] > 1 && own.hasNext()) {
      Stored candidate = own.next();
      if (candidate.owner().equals(principal)) {
        own.remove();
        removed(candidate);
      }
    }
    Iterator<Stored> oldest = byId.values().iterator();
    while ((byId.size() > MAX_RESPONSES || chars > MAX_CHARS) && byId.size() > 1) {
      Stored candidate = oldest.next();
      oldest.remove();
      removed(candidate);
    }
  }

  /**
   * What a finished response of {@code request} does with itself: stored, unless it asked not to
   * be; the future as {@link #save}'s (already completed when not stored).
   */
  public Function<ObjectNode, Future<Void>> recorder(ResponsesRequest request, String principal) {
    return request.store() ? response -> save(response, request.conversation(), principal)
        : response -> Future.succeededFuture();
  }

  public synchronized int size() {
    return byId.size();
  }

  private synchronized Stored find(String id, String principal) {
    Stored stored = byId.get(id);
    if (stored == null || !stored.owner().equals(principal)) {
      throw ApiException.notFound("response_not_found", "No response with id '" + id + "' is stored here "
          + "(responses are kept in memory, by the key that made them, up to " + MAX_RESPONSES + ")");
    }
    return stored;
  }

  /** A response's output as one chat assistant message: its text and its function calls. */
  private static Message assistantTurn(JsonNode output) {
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode item : output) {
      switch (item.path("type").asText()) {
        case "message" -> item.path("content").forEach(part -> text.append(part.path("text").asText("")));
        case "function_call" -> calls.add(new ToolCall(item.path("call_id").asText(), item.path("name").asText(),
            TextNode.valueOf(item.path("arguments").asText())));
        default -> { }
      }
    }
    if (text.isEmpty() && calls.isEmpty()) {
      return null;
    }
    return new Message("assistant", text.toString(), List.copyOf(calls), null, null);
  }
}
