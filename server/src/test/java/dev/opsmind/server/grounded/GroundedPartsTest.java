package dev.opsmind.server.grounded;

import dev.opsmind.server.models.GroundedModels;
import dev.opsmind.server.answer.RelevanceGate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small pieces of grounded chat: aliases, ratings, streaming pieces, settings, the store file. */
class GroundedPartsTest {
  @TempDir Path tmp;

  @Test
  void aliasesNameTheGenerator() {
    assertTrue(GroundedModels.isAlias("qwen+opsmind"));
    assertTrue(GroundedModels.isAlias("opsmind-extractive"));
    assertFalse(GroundedModels.isAlias("+opsmind"));
    assertFalse(GroundedModels.isAlias("qwen"));
    assertEquals("qwen", GroundedModels.generatorOf("qwen+opsmind"));
    assertEquals("qwen", GroundedModels.generatorOf("qwen"));
    assertNull(GroundedModels.generatorOf("opsmind-extractive"));
    assertEquals("qwen+opsmind", GroundedModels.aliasOf("qwen"));
  }

  @Test
  void ratingsMapToOneScale() {
    assertEquals(-1, FeedbackRecord.weightOf(-1));
    assertEquals(1, FeedbackRecord.weightOf(1));
    assertEquals(-0.5, FeedbackRecord.weightOf(2));
    assertEquals(0, FeedbackRecord.weightOf(3));
    assertEquals(1, FeedbackRecord.weightOf(5));
    assertThrows(IllegalArgumentException.class, () -> FeedbackRecord.weightOf(0));
    assertThrows(IllegalArgumentException.class, () -> FeedbackRecord.weightOf(6));
  }

  @Test
  void streamedPiecesJoinToTheTextAndCutAtSpaces() {
    String text = "Extractive answer (no generator): the most relevant passages.\n\n[1] runbooks:disk-full.md\n"
        + "> " + "word ".repeat(60) + "\n检查清单：\n- [ ] 清理日志 [1]";
    List<String> pieces = GroundedPolicy.pieces(text);
    assertEquals(text, String.join("", pieces));
    assertTrue(pieces.size() > 3);
    for (String p : pieces.subList(0, pieces.size() - 1)) {
      assertTrue(p.length() <= GroundedPolicy.EXTRACTIVE_CHUNK_CHARS + 1, p);
      assertTrue(p.endsWith(" ") || p.endsWith("\n"), "cut after a space or newline: '" + p + "'");
    }
  }

  @Test
  void timeoutAndMaxTokensComeFromTheServerConfig() {
    ServerConfig defaults = ServerConfig.defaults();
    assertEquals(Duration.ofSeconds(120), GroundedSettings.of(defaults).generatorTimeout());
    ServerConfig config = defaults.withGrounded(new ServerConfig.Grounded(2.5))
        .withLimits(new ServerConfig.Limits(0, 0, 0, 0, 0, 16));
    assertEquals(new GroundedSettings(Duration.ofMillis(2500), 16, RelevanceGate.DEFAULT), GroundedSettings.of(config));
    ServerConfig strict = defaults.withGrounded(new ServerConfig.Grounded(2.5, 0.8, 0.05));
    assertEquals(0.8, GroundedSettings.of(strict).gate().calibration("bge-small-en-v1.5-q").minSimilarity());
    assertEquals(0.05, GroundedSettings.of(strict).gate().calibration("bge-small-zh-v1.5").maxDrop());
  }

  @Test
  void aTornLastLineIsCutAndTheNextRatingSurvives() throws Exception {
    FeedbackStore store = FeedbackStore.open(tmp);
    store.remember(new AnsweredQuestion("chatcmpl-1", "q", "q", List.of(), "local"));
    assertTrue(store.answered("chatcmpl-1").isPresent());
    store.append(new FeedbackRecord(1, "local", "chatcmpl-1", "q", "q", 1, 1, null, "runbooks:a.md", List.of()));
    store.close();
    Files.writeString(store.file(), "{\"time\":2,\"princ", java.nio.file.StandardOpenOption.APPEND);
    FeedbackStore reopened = FeedbackStore.open(tmp);
    assertEquals(1, reopened.records().size());
    reopened.append(new FeedbackRecord(3, "local", "chatcmpl-3", "q", "q", 1, 1, null, null, List.of()));
    reopened.close();
    assertEquals(2, FeedbackStore.open(tmp).records().size(), "the acknowledged record is not glued onto the torn one");
  }

  @Test
  void oneRatingPerPrincipalAndReplyAndAQuotaPerPrincipal() {
    FeedbackStore store = FeedbackStore.open(tmp, 2);
    String longQuestion = "x".repeat(100_000);
    for (int i = 0; i < 100; i++) { // the same reply rated again and again: one record
      store.append(new FeedbackRecord(i, "bob", "chatcmpl-1", longQuestion, longQuestion, 1, 1, null, null, List.of()));
    }
    assertEquals(1, store.records().size());
    assertEquals(FeedbackStore.MAX_TEXT_CHARS, store.records().get(0).question().length());
    store.append(new FeedbackRecord(1, "bob", "chatcmpl-2", "q", "q", 1, 1, null, null, List.of()));
    var full = assertThrows(dev.opsmind.server.http.ApiException.class,
        () -> store.append(new FeedbackRecord(1, "bob", "chatcmpl-3", "q", "q", 1, 1, null, null, List.of())));
    assertEquals(429, full.status());
    store.append(new FeedbackRecord(1, "carol", "chatcmpl-3", "q", "q", 1, 1, null, null, List.of()));
    store.close();
    assertEquals(3, FeedbackStore.open(tmp, 2).records().size(), "the last rating of each reply counts after a restart");
  }
}
