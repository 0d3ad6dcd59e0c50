package dev.opsmind.server.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelevanceGateTest {
  static SourcePassage passage(String text, double cosine) {
    return passage(text, cosine, "bge-small-zh-v1.5");
  }

  static SourcePassage passage(String text, double cosine, String space) {
    return new SourcePassage("c", "p.md", 1, 2, List.of("Runbook"), text, "", 0.1, cosine, space);
  }

  @Test
  void eachEmbedderHasItsOwnThresholdsAndAConfiguredOneOverridesThem() {
    var gate = RelevanceGate.DEFAULT;
    double zh = gate.calibration("bge-small-zh-v1.5").minSimilarity();
    double en = gate.calibration("bge-small-en-v1.5-q").minSimilarity();
    assertTrue(en > zh, "bge-small-en puts unrelated text at higher cosines");
    double between = (zh + en) / 2;
    assertTrue(gate.assess("x", List.of(passage("y", between, "bge-small-zh-v1.5"))).relevant());
    assertFalse(gate.assess("x", List.of(passage("y", between, "bge-small-en-v1.5-q"))).relevant());
    assertEquals(RelevanceGate.UNCALIBRATED, gate.calibration("my-own-embedder"));
    var strict = gate.withMinRelevance(0.95);
    assertFalse(strict.assess("x", List.of(passage("y", 0.9, "bge-small-zh-v1.5"))).relevant());
    assertTrue(strict.assess("x", List.of(passage("y", 0.96, "my-own-embedder"))).relevant());
  }

  @Test
  void theTopVectorHitDecidesWhenThereIsOne() {
    var gate = new RelevanceGate(0.6, 0.5);
    assertTrue(gate.assess("anything", List.of(passage("x", 0.3), passage("y", 0.61))).relevant());
    var weak = gate.assess("kubelet disk pressure", List.of(passage("kubelet disk pressure", 0.4), passage("y", Double.NaN)));
    assertFalse(weak.relevant()); // full term coverage does not override a low cosine
    assertEquals(0.4, weak.vectorSimilarity());
    assertEquals(1.0, weak.termCoverage());
  }

  @Test
  void aQueryNamingWhatAPassageIsAboutPassesBelowTheCosineThreshold() {
    var gate = RelevanceGate.DEFAULT;
    String text = "Node disk full: free space on /var by rotating logs and removing old images.";
    // every salient term in the passage, cosine above the floor but under the threshold
    assertTrue(gate.assess("disk full on /var", List.of(passage(text, 0.58))).relevant());
    // the same words are not enough below the floor
    assertFalse(gate.assess("disk full on /var", List.of(passage(text, RelevanceGate.DEFAULT.calibration("bge-small-zh-v1.5").coverageFloor() - 0.01))).relevant());
    // nor is a single salient term, nor a partly covered query
    assertFalse(gate.assess("disk", List.of(passage(text, 0.58))).relevant());
    assertFalse(gate.assess("oracle rac disk full", List.of(passage(text, 0.58))).relevant());
  }

  @Test
  void aChineseQuestionCoversAnEnglishPassageThroughItsGlossaryWords() {
    var gate = RelevanceGate.DEFAULT;
    String text = "Node disk full: free space on /var by rotating logs and removing old images.";
    // 磁盘 -> disk, 满了 -> full: both in the passage; cosine above the floor, under the threshold
    var zh = gate.assess("磁盘满了怎么办", List.of(passage(text, 0.575)));
    assertTrue(zh.relevant());
    assertEquals(1.0, zh.termCoverage());
    // across languages the cosine sits lower: an English passage holding the words counts down to
    // the cross-language floor, and not below it
    assertTrue(gate.assess("磁盘满了怎么办", List.of(passage(text, 0.449))).relevant());
    assertFalse(gate.assess("磁盘满了怎么办", List.of(passage(text, RelevanceGate.CROSS_LANGUAGE_FLOOR - 0.01))).relevant());
    // an English question needs the same-language floor
    assertFalse(gate.assess("disk full on /var", List.of(passage(text, 0.449))).relevant());
    // a question whose terms the passage does not hold stays out
    assertFalse(gate.assess("证书过期了怎么续期", List.of(passage(text, 0.575))).relevant());
    // a Chinese passage is measured in Chinese, not by the English words of its code
    assertFalse(gate.assess("磁盘满了怎么办", List.of(passage("清理节点上的日志。\n```\ndf -h  # disk full\n```", 0.575)))
        .relevant());
    // glossary words match at the start of a word only: "full" is not in "successfully"
    assertEquals(0.5, RelevanceGate.translatedCoverage(RelevanceGate.translatedUnits("磁盘满了"),
        "the disks were cleaned successfully"), 1e-9);
  }

  @Test
  void theEnglishModelsCosineOfTheTranslationCountsForAChineseQuestion() {
    var gate = RelevanceGate.DEFAULT;
    String en = "bge-small-en-v1.5-q";
    double floor = gate.calibration(en).coverageFloor();
    String text = "Node disk full: free space on /var by rotating logs and removing old images.";
    // one glossary term (磁盘空间不足 -> disk full, ...) and a bilingual cosine below every floor
    SourcePassage vouched = new SourcePassage("c", "disk-full.md", 1, 2, List.of("Node disk full"), text, "", 0.1,
        0.30, "bge-small-zh-v1.5", floor + 0.01, en);
    assertTrue(gate.assess("磁盘空间不足怎么办？", List.of(vouched)).relevant());
    // the English model must agree ...
    SourcePassage far = new SourcePassage("c", "disk-full.md", 1, 2, List.of("Node disk full"), text, "", 0.1,
        0.30, "bge-small-zh-v1.5", floor - 0.01, en);
    assertFalse(gate.assess("磁盘空间不足怎么办？", List.of(far)).relevant());
    // ... and the passage must hold the translation's words
    assertFalse(gate.assess("证书快过期了", List.of(vouched)).relevant());
    // file names count with their separators as spaces: 主从延迟 -> "replication lag"
    assertEquals(1.0, RelevanceGate.translatedCoverage(RelevanceGate.translatedUnits("主从延迟"),
        "mysql-replication-lag.md\nA replica is behind."), 1e-9);
  }

  @Test
  void theBilingualModelsCosineCountsForAnEnglishQuestionsChinesePassage() {
    var gate = RelevanceGate.DEFAULT;
    String en = "bge-small-en-v1.5-q";
    String zh = "bge-small-zh-v1.5";
    String text = "新建的 Pod 超过 10 分钟仍处于 Pending，没有被调度到任何节点。";
    double floor = RelevanceGate.ENGLISH_ON_CHINESE_FLOOR;
    // not in the English model's space (no primary cosine); measured in the bilingual one
    SourcePassage near = new SourcePassage("c", "pod-pending.zh.md", 1, 2, List.of("Pod 长时间处于 Pending 状态"), text, "",
        0.1, Double.NaN, en, floor + 0.04, zh);
    assertTrue(gate.assess("a new pod stays Pending for a long time", List.of(near)).relevant());
    // the bilingual cosine must reach the floor ...
    SourcePassage far = new SourcePassage("c", "pod-pending.zh.md", 1, 2, List.of("Pod 长时间处于 Pending 状态"), text, "",
        0.1, Double.NaN, en, floor - 0.01, zh);
    assertFalse(gate.assess("a new pod stays Pending for a long time", List.of(far)).relevant());
    // ... and the passage must hold one of the question's words
    assertFalse(gate.assess("How do I configure OSPF areas on a Juniper router?", List.of(near)).relevant());
    // a Chinese question is measured by its own rules, not this one
    assertFalse(gate.assess("证书快过期了", List.of(near)).relevant());
  }

  @Test
  void aChineseRunbookNamingAnEnglishQuestionsWordsNeedsOnlyTheBilingualCoverageFloor() {
    var gate = RelevanceGate.DEFAULT;
    String en = "bge-small-en-v1.5-q";
    String zh = "bge-small-zh-v1.5";
    double floor = gate.calibration(zh).coverageFloor();
    // "inodes exhausted on a node" and the sample disk-inodes-exhausted.zh.md: 0.54 in the bilingual
    // space, under the one-word floor, but its path holds every word of the question
    String text = "磁盘还有空间，但 inode 已经用完，无法创建新文件。";
    SourcePassage named = new SourcePassage("c", "disk-inodes-exhausted.zh.md", 1, 2, List.of("磁盘 inode 耗尽"), text,
        "", 0.1, Double.NaN, en, 0.54, zh);
    assertTrue(0.54 < RelevanceGate.ENGLISH_ON_CHINESE_FLOOR && 0.54 >= floor);
    // the English passages retrieved beside it are far from the question in the English model's space
    SourcePassage english = new SourcePassage("c", "high-latency.md", 1, 2, List.of("High latency"),
        "p99 latency of the API is above its objective.", "", 0.1, 0.60, en);
    assertTrue(gate.assess("inodes exhausted on a node", List.of(english, named)).relevant());
    // one word of the question is not enough at that cosine ...
    assertFalse(gate.assess("inodes filling up on the database volume", List.of(english, named)).relevant());
    // ... and every word is not enough under the bilingual model's coverage floor
    SourcePassage far = new SourcePassage("c", "disk-inodes-exhausted.zh.md", 1, 2, List.of("磁盘 inode 耗尽"), text,
        "", 0.1, Double.NaN, en, floor - 0.01, zh);
    assertFalse(gate.assess("inodes exhausted on a node", List.of(english, far)).relevant());
  }

  @Test
  void withoutCosinesTermCoverageDecides() {
    var gate = new RelevanceGate(0.6, 0.5);
    assertTrue(gate.assess("kubelet DiskPressure eviction", List.of(passage("The kubelet reports DiskPressure.", Double.NaN))).relevant());
    assertFalse(gate.assess("OSPF areas Juniper router", List.of(passage("The kubelet reports DiskPressure.", Double.NaN))).relevant());
    assertFalse(gate.assess("anything", List.of()).relevant());
  }

  @Test
  void chineseTermsAreCoveredByBigrams() {
    // 节点磁盘 压力 -> bigrams 节点, 点磁, 磁盘 + 压力: three of four occur
    assertEquals(0.75, RelevanceGate.termCoverage("节点磁盘 压力", "节点的磁盘出现压力"), 1e-9);
    assertEquals(0.0, RelevanceGate.termCoverage("怎么办", "任何文本"));
  }

  @Test
  void thresholdsAreValidated() {
    var e = assertThrows(IllegalArgumentException.class, () -> new RelevanceGate(1.5, 0.5));
    assertTrue(e.getMessage().contains("minVectorSimilarity"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new RelevanceGate(0.5, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new ExtractiveAnswer(0, 3, RelevanceGate.DEFAULT));
  }
}
