package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory response store: conversations to continue, owners, and its bound. */
class ResponseStoreTest {
  static ObjectNode response(String id, String text, boolean call) {
    ObjectNode response = Json.object().put("id", id);
    ArrayNode output = response.putArray("output");
    output.addObject().put("type", "message").putArray("content").addObject().put("type", "output_text")
        .put("text", text);
    if (call) {
      output.addObject().put("type", "function_call").put("call_id", "call_9").put("name", "restart_service")
          .put("arguments", "{\"host\":\"web-1\"}");
    }
    return response;
  }

  static List<Message> inputs(String question) {
    return List.of(new Message("user", question, List.of(), null, null));
  }

  @Test
  void aFollowUpGetsTheInputsThenTheOutputAsAnAssistantTurn() {
    ResponseStore store = new ResponseStore();
    store.save(response("resp_a", "Restarting.", true), inputs("restart nginx"), "alice");
    List<Message> history = store.history("resp_a", "alice");
    assertEquals(2, history.size());
    assertEquals("restart nginx", history.get(0).content());
    Message assistant = history.get(1);
    assertEquals("assistant", assistant.role());
    assertEquals("Restarting.", assistant.content());
    assertEquals("call_9", assistant.toolCalls().get(0).id());
    assertEquals("restart_service", assistant.toolCalls().get(0).name());
    assertThrows(UnsupportedOperationException.class, history::clear, "the stored conversation cannot change");
    assertEquals(2, store.history("resp_a", "alice").size());
  }

  @Test
  void onlyTheOwnerSeesOrDeletesAResponse() {
    ResponseStore store = new ResponseStore();
    store.save(response("resp_a", "x", false), inputs("q"), "alice");
    ApiException hidden = assertThrows(ApiException.class, () -> store.get("resp_a", "bob"));
    assertEquals(404, hidden.status());
    assertThrows(ApiException.class, () -> store.delete("resp_a", "bob"));
    assertThrows(ApiException.class, () -> store.history("resp_a", "bob"));
    store.delete("resp_a", "alice");
    assertEquals(0, store.size());
  }

  @Test
  void theLeastRecentlyUsedGoFirstPastTheBound() {
    ResponseStore store = new ResponseStore(Integer.MAX_VALUE); // no per-principal quota: the overall bound
    for (int i = 0; i < ResponseStore.MAX_RESPONSES; i++) {
      store.save(response("resp_" + i, "t", false), inputs("q"), "alice");
    }
    store.get("resp_0", "alice"); // used: no longer the oldest
    store.save(response("resp_new", "t", false), inputs("q"), "alice");
    assertEquals(ResponseStore.MAX_RESPONSES, store.size());
    store.get("resp_0", "alice");
    assertThrows(ApiException.class, () -> store.get("resp_1", "alice"), "the oldest unused one went");
    // one huge conversation pushes out others by size
    store.save(response("resp_big", "x".repeat((int) (ResponseStore.MAX_CHARS / 2)), false), inputs("q"), "alice");
    store.save(response("resp_big2", "x".repeat((int) (ResponseStore.MAX_CHARS / 2)), false), inputs("q"), "alice");
    assertThrows(ApiException.class, () -> store.get("resp_big", "alice"));
    store.get("resp_big2", "alice");
  }

  /** Issue 12 item 10: one principal's flood evicts only its own responses. */
  @Test
  void aPrincipalPastItsQuotaEvictsOnlyItsOwn() {
    ResponseStore store = new ResponseStore(8);
    store.save(response("resp_bob", "t", false), inputs("q"), "bob");
    for (int i = 0; i < ResponseStore.MAX_RESPONSES * 2; i++) {
      store.save(response("resp_" + i, "t", false), inputs("q"), "alice");
    }
    assertEquals(9, store.size());
    store.get("resp_bob", "bob");
    store.get("resp_" + (ResponseStore.MAX_RESPONSES * 2 - 1), "alice");
    for (int i = 0; i < 3; i++) { // by size: a quarter of the overall bound each
      store.save(response("resp_huge" + i, "x".repeat((int) (ResponseStore.MAX_CHARS / 5)), false), inputs("q"), "alice");
    }
    store.get("resp_bob", "bob");
    assertThrows(ApiException.class, () -> store.get("resp_huge0", "alice"));
  }

  @Test
  void aSharedResponseIsAdoptedWholeByAnotherStoreAndDeletedFromTheShare() {
    java.util.Map<String, byte[]> shared = new java.util.HashMap<>();
    ResponseStore.Shared share = new ResponseStore.Shared() {
      @Override
      public java.util.concurrent.CompletionStage<?> put(String id, byte[] entry) {
        shared.put(id, entry);
        return java.util.concurrent.CompletableFuture.completedFuture(null);
      }

      @Override
      public void remove(String id) {
        shared.remove(id);
      }
    };
    ResponseStore made = new ResponseStore();
    made.shareWith(share);
    made.save(response("resp_a", "Restarting.", true), inputs("restart nginx"), "alice");
    ResponseStore other = new ResponseStore(); // another node's
    other.shareWith(share);
    other.adopt(shared.get("resp_a"));
    assertEquals(made.history("resp_a", "alice"), other.history("resp_a", "alice"), "the conversation, tool calls too");
    assertEquals(made.get("resp_a", "alice"), other.get("resp_a", "alice"));
    assertThrows(ApiException.class, () -> other.get("resp_a", "bob"), "its owner travels with it");
    other.delete("resp_a", "alice");
    assertEquals(java.util.Set.of(), shared.keySet(), "a delete on any node removes the shared copy");
  }

  @Test
  void aSharedResponseIsAcknowledgedOnceSharedAndStillWhenSharingFails() {
    var put = new java.util.concurrent.CompletableFuture<Void>();
    ResponseStore store = new ResponseStore();
    store.shareWith(new ResponseStore.Shared() {
      @Override
      public java.util.concurrent.CompletionStage<?> put(String id, byte[] entry) {
        return put;
      }

      @Override
      public void remove(String id) { }
    });
    var acknowledged = store.save(response("resp_a", "Restarting.", true), inputs("restart nginx"), "alice");
    assertEquals("Restarting.", store.get("resp_a", "alice").at("/output/0/content/0/text").asText(),
        "kept here at once");
    org.junit.jupiter.api.Assertions.assertFalse(acknowledged.isComplete(), "not acknowledged before it is shared");
    put.complete(null);
    assertTrue(acknowledged.succeeded());

    var failing = new java.util.concurrent.CompletableFuture<Void>();
    store.shareWith(new ResponseStore.Shared() {
      @Override
      public java.util.concurrent.CompletionStage<?> put(String id, byte[] entry) {
        return failing;
      }

      @Override
      public void remove(String id) { }
    });
    var anyway = store.save(response("resp_b", "t", false), inputs("q"), "alice");
    failing.completeExceptionally(new IllegalStateException("no member"));
    assertTrue(anyway.succeeded(), "a failed share still answers (kept on this node only)");
    store.get("resp_b", "alice");

    ResponseStore alone = new ResponseStore();
    assertTrue(alone.save(response("resp_c", "t", false), inputs("q"), "alice").succeeded(), "alone: at once");
  }
}
