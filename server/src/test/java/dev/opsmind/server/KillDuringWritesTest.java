package dev.opsmind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.audit.AuditChain;
import dev.opsmind.server.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's measure, kill -9 during writes: a server in a child JVM takes uploads, feedback and
 * the audit entries they cause from two client threads and is killed (SIGKILL) at a random moment,
 * several times. After every restart the server starts, every acknowledged upload and feedback
 * record is there (and the upload's audit entry, which is on disk before its 201), and the audit
 * chain verifies.
 */
class KillDuringWritesTest {
  static final int ROUNDS = 4;
  @TempDir Path tmp;

  private ChildServer start(Path index) throws Exception {
    return ChildServer.start(tmp, ServerChild.class, index.toString(), TestRoots.sampleRunbooks().toString());
  }

  @Test
  void everyAcknowledgedWriteSurvivesKillNineAndTheServerAlwaysStarts() throws Exception {
    Path index = tmp.resolve("data").resolve("index");
    Set<String> uploads = ConcurrentHashMap.newKeySet();
    Set<String> feedback = ConcurrentHashMap.newKeySet();
    Random random = new Random(12);
    int attempts = 0;
    for (int round = 0; round <= ROUNDS; round++) {
      ChildServer child = start(index);
      try {
        TestHttp http = new TestHttp(child.port(), null);
        http.awaitReady();
        // everything acknowledged before any kill is here
        JsonNode docs = http.get("/v1/collections/scratch/documents").json().path("data");
        Set<String> present = new HashSet<>();
        docs.forEach(d -> present.add(d.get("id").asText()));
        assertTrue(present.containsAll(uploads), "lost uploads: " + diff(uploads, present));
        Set<String> rated = new HashSet<>();
        http.get("/v1/feedback?limit=1000").json().path("data").forEach(r -> rated.add(r.get("response_id").asText()));
        assertTrue(rated.containsAll(feedback), "lost feedback: " + diff(feedback, rated));
        Set<String> audited = new HashSet<>();
        http.get("/v1/audit?event=document_uploaded&limit=1000").json().path("data")
            .forEach(e -> audited.add(e.get("path").asText()));
        assertTrue(audited.containsAll(uploads), "lost audit entries: " + diff(uploads, audited));
        var chain = AuditChain.verify(index.resolveSibling("audit").resolve(AuditLog.FILE));
        assertTrue(chain.ok(), chain.broken());
        if (round == ROUNDS) {
          break;
        }
        if (round == 0) {
          assertEquals(201, http.post("/v1/collections", "{\"name\":\"scratch\",\"readers\":[\"*\"]}").status());
        }
        // writers, until the kill
        AtomicBoolean stop = new AtomicBoolean();
        int r = round;
        Thread uploader = new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            String path = "r" + r + "/doc" + i + ".md";
            try {
              var reply = http.upload("/v1/collections/scratch/documents", Map.of(path,
                  ("# Note " + r + "." + i + "\n\nRestart the worker pool " + i + " after the kill.\n")
                      .getBytes(StandardCharsets.UTF_8)));
              if (reply.status() == 201) {
                uploads.add(path);
              }
            } catch (AssertionError e) {
              return; // the connection died with the server
            }
          }
        });
        Thread rater = new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            try {
              var answer = http.post("/v1/chat/completions", "{\"model\":\"opsmind-extractive\",\"messages\":"
                  + "[{\"role\":\"user\",\"content\":\"the disk is full on node " + i + ", what now?\"}]}");
              if (answer.status() != 200) {
                continue;
              }
              String id = answer.json().get("id").asText();
              var rating = http.post("/v1/feedback", "{\"response_id\":\"" + id + "\",\"rating\":" + (i % 2 == 0 ? 1 : -1)
                  + ",\"comment\":\"round " + r + " 磁盘 " + i + "\"}");
              if (rating.status() == 201) {
                feedback.add(id);
              }
            } catch (AssertionError e) {
              return;
            }
          }
        });
        int uploadsBefore = uploads.size();
        int ratingsBefore = feedback.size();
        uploader.start();
        rater.start();
        // a busy machine may take a while for the first acknowledgements: kill only after some
        long armed = System.nanoTime() + 90_000_000_000L;
        while ((uploads.size() == uploadsBefore || feedback.size() == ratingsBefore) && System.nanoTime() < armed) {
          Thread.sleep(50);
        }
        Thread.sleep(random.nextInt(2500));
        child.process().destroyForcibly(); // SIGKILL: no shutdown hook, no close
        stop.set(true);
        uploader.join(60_000);
        rater.join(60_000);
        attempts++;
      } finally {
        child.process().destroyForcibly();
        child.process().waitFor(1, TimeUnit.MINUTES);
      }
    }
    System.out.printf("kill -9 during writes: %d kills, %d acknowledged uploads, %d acknowledged ratings, all present "
        + "after every restart%n", attempts, uploads.size(), feedback.size());
    assertTrue(uploads.size() > 0 && feedback.size() > 0, "writes were acknowledged before the kills");
  }

  private static Set<String> diff(Set<String> expected, Set<String> present) {
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(present);
    return missing;
  }
}
