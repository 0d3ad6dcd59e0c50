package dev.opsmind.inference.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default (bge-small-zh-v1.5) and an English mean-pooled model on real weights. */
class EmbedderTest {
  private static Embedder zh;
  private static Embedder minilm;

  @BeforeAll
  static void load() {
    zh = Embedder.load("bge-small-zh-v1.5-q");
    minilm = Embedder.load("all-minilm-l6-v2");
  }

  @AfterAll
  static void close() {
    zh.close();
    minilm.close();
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void vectorsHaveTheModelsDimensionAndUnitLength() {
    float[][] v = zh.embed(List.of("磁盘空间不足", "disk is full"));
    assertEquals(512, zh.dimension());
    for (float[] x : v) {
      assertEquals(512, x.length);
      assertEquals(1.0, Math.sqrt(dot(x, x)), 1e-4);
    }
    float[] m = minilm.embed(List.of("disk is full"))[0];
    assertEquals(384, m.length);
    assertEquals(1.0, Math.sqrt(dot(m, m)), 1e-4);
  }

  @Test
  void relatedChineseIsCloserThanUnrelated() {
    float[][] v = zh.embed(List.of("服务器磁盘空间已满，需要清理日志文件", "硬盘容量不够了，删除旧的日志", "今天天气晴朗，适合去公园散步"));
    assertTrue(dot(v[0], v[1]) > dot(v[0], v[2]) + 0.1,
        "related " + dot(v[0], v[1]) + " vs unrelated " + dot(v[0], v[2]));
  }

  @Test
  void relatedEnglishIsCloserThanUnrelated() {
    for (Embedder e : List.of(zh, minilm)) {
      float[][] v = e.embed(List.of("The database server ran out of disk space",
          "Storage volume is full on the DB host", "My cat enjoys sleeping in the sun"));
      assertTrue(dot(v[0], v[1]) > dot(v[0], v[2]) + 0.1,
          e.name() + ": related " + dot(v[0], v[1]) + " vs unrelated " + dot(v[0], v[2]));
    }
  }

  @Test
  void overLongInputIsTruncatedAndCounted() {
    String longText = "restart the kubelet service and check the node status ".repeat(200);
    long before = minilm.truncatedCount();
    Embeddings out = minilm.embedWithUsage(List.of(longText, "short text"));
    assertEquals(before + 1, minilm.truncatedCount());
    assertTrue(out.truncated()[0]);
    assertFalse(out.truncated()[1]);
    assertEquals(256, out.tokenCounts()[0]);
    assertEquals(4, out.tokenCounts()[1]); // [CLS] short text [SEP]
    assertEquals(1.0, Math.sqrt(dot(out.vectors()[0], out.vectors()[0])), 1e-4);
  }

  @Test
  void batchedEqualsOneByOne() {
    List<String> texts = List.of("kubectl get pods", "节点 NotReady 的排查步骤", "a much longer sentence about "
        + "certificates expiring on the ingress controller and how to renew them", "x");
    try (Embedder fp32 = Embedder.load("bge-small-zh-v1.5")) {
      assertBatchedEqualsSingle(fp32, texts);
    }
    for (Embedder e : List.of(zh, minilm)) {
      assertBatchedEqualsSingle(e, texts);
    }
  }

  private static void assertBatchedEqualsSingle(Embedder e, List<String> texts) {
    {
      float[][] batched = e.embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        float[] single = e.embed(List.of(texts.get(i)))[0];
        assertArrayEquals(single, batched[i], 2e-4f, e.name() + " input " + i);
      }
    }
  }

  @Test
  void preTokenizedInputGivesTheSameVector() {
    long[] ids = minilm.tokenize("check the etcd cluster health");
    float[] fromIds = minilm.embedTokenIds(List.of(ids)).vectors()[0];
    assertArrayEquals(minilm.embed(List.of("check the etcd cluster health"))[0], fromIds, 1e-6f);
  }

  @Test
  void queryInstructionIsPrependedForBge() {
    float[] query = zh.embedQuery("磁盘满了");
    float[] plain = zh.embed(List.of("磁盘满了"))[0];
    assertTrue(dot(query, plain) < 0.9999, "the query instruction changes the vector");
  }

  @Test
  void unknownModelIsTheCallersError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Embedder.load("gpt-5"));
    assertTrue(e.getMessage().contains("bge-small-zh-v1.5"), e.getMessage());
  }
}
