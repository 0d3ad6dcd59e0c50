package dev.opsmind.server.grounded;

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
    List<String> pieces = GroundedSession.pieces(text);
    assertEquals(text, String.join("", pieces));
    assertTrue(pieces.size() > 3);
    for (String p : pieces.subList(0, pieces.size() - 1)) {
      assertTrue(p.length() <= GroundedSession.EXTRACTIVE_CHUNK_CHARS + 1, p);
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
  void aTornLastLineIsSkippedAndEarlierDamageIsReported() throws Exception {
    FeedbackStore store = FeedbackStore.open(tmp);
    store.remember(new AnsweredQuestion("chatcmpl-1", "q", "q", List.of()));
    assertTrue(store.answered("chatcmpl-1").isPresent());
    store.append(new FeedbackRecord(1, "local", "chatcmpl-1", "q", "q", 1, 1, null, "runbooks:a.md", List.of()));
    Files.writeString(store.file(), "{\"time\":2,\"princ", java.nio.file.StandardOpenOption.APPEND);
    assertEquals(1, FeedbackStore.open(tmp).records().size());
    Files.writeString(store.file(), "\n{\"time\":3}\n", java.nio.file.StandardOpenOption.APPEND);
    assertThrows(IllegalArgumentException.class, () -> FeedbackStore.open(tmp));
  }
}
