package dev.opsmind.server.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceSelectionTest {
  static final String ZH = "bge-small-zh-v1.5";

  static SourcePassage passage(String path, int start, int end, List<String> headings, String text, double cosine) {
    return new SourcePassage("runbooks", path, start, end, headings, text, "", 0.1, cosine, ZH);
  }

  @Test
  void passagesFarBelowTheBestOneAreNotCited() {
    double drop = RelevanceGate.DEFAULT.calibration(ZH).maxDrop();
    var ranked = List.of(
        passage("disk-full.md", 1, 9, List.of("Node disk full"), "Free space on /var.", 0.80),
        passage("mysql-replication-lag.md", 1, 9, List.of("MySQL lag"), "Replica lag.", 0.80 - drop - 0.01),
        passage("high-latency.md", 1, 9, List.of("High latency"), "p99 latency.", 0.80 - drop / 2),
        passage("backup-restore-checklist.txt", 1, 9, List.of("Backup"), "Restore.", Double.NaN));
    List<SourcePassage> cited = SourceSelection.select("", ranked, RelevanceGate.DEFAULT);
    assertEquals(List.of("disk-full.md", "high-latency.md"), cited.stream().map(SourcePassage::path).toList());
    // a configured minimum changes the relevance threshold, not the cut-off
    assertEquals(cited, SourceSelection.select("", ranked, RelevanceGate.DEFAULT.withMinRelevance(0.3)));
  }

  @Test
  void anEnglishRunbookAChineseQuestionNamesStaysBelowTheCutOff() {
    double drop = RelevanceGate.DEFAULT.calibration(ZH).maxDrop();
    // bge-small-zh puts the Chinese inode runbook above the English disk-full one for 磁盘满了怎么办
    var ranked = List.of(
        passage("disk-inodes-exhausted.zh.md", 1, 9, List.of("磁盘 inode 耗尽"), "inode 用完了，删除小文件。", 0.575),
        passage("disk-full.md", 1, 9, List.of("Node disk full"), "Free space on /var: the disk is full.", 0.449),
        passage("certificate-expiry.md", 1, 9, List.of("Certificate expiry"), "Renew it.", 0.575 - drop - 0.02));
    List<String> cited = SourceSelection.select("磁盘满了怎么办", ranked, RelevanceGate.DEFAULT).stream()
        .map(SourcePassage::path).toList();
    // the best cosine (0.575) is below bge-small-zh's relevance threshold: the sources are relevant
    // by their words, so only the passage holding them is cited, not the one merely nearest
    assertEquals(List.of("disk-full.md"), cited);
    // above the threshold, nearness to the best passage counts again
    var confident = List.of(
        passage("disk-inodes-exhausted.zh.md", 1, 9, List.of("磁盘 inode 耗尽"), "inode 用完了，删除小文件。", 0.70),
        passage("disk-full.md", 1, 9, List.of("Node disk full"), "Free space on /var: the disk is full.", 0.449));
    assertEquals(List.of("disk-inodes-exhausted.zh.md", "disk-full.md"), SourceSelection.select("磁盘满了怎么办",
        confident, RelevanceGate.DEFAULT).stream().map(SourcePassage::path).toList());
    // for a question whose words it does not hold, the cut-off holds
    assertEquals(List.of("disk-inodes-exhausted.zh.md"), SourceSelection.select("inode 用完了", ranked,
        RelevanceGate.DEFAULT).stream().map(SourcePassage::path).toList());
  }

  @Test
  void aPassageInTheQuestionsLanguageNeedsTheCoverageFloorBesideItsWords() {
    String en = "bge-small-en-v1.5-q";
    double floor = RelevanceGate.DEFAULT.calibration(en).coverageFloor();
    // "The disk on node-3 is full" on the sample runbooks: the backup checklist holds "disk" and
    // "full" (a full backup volume, a disk loss) at 0.58, far below disk-full.md's 0.78
    var ranked = List.of(
        new SourcePassage("runbooks", "disk-full.md", 8, 36, List.of("Node disk full"),
            "A node's root filesystem is above 90% usage.", "", 0.2, 0.78, en),
        new SourcePassage("runbooks", "backup-restore-checklist.txt", 1, 13, List.of("Database backup failed"),
            "Common causes are a full backup volume; without a backup a disk loss cannot be undone.", "", 0.1,
            floor - 0.04, en));
    String question = "The disk on node-3 is full, what do I do?";
    assertEquals(List.of("disk-full.md"), SourceSelection.select(question, ranked, RelevanceGate.DEFAULT).stream()
        .map(SourcePassage::path).toList());
    // at the floor its words still vouch for it below the cut-off
    var atFloor = List.of(ranked.get(0), new SourcePassage("runbooks", "backup-restore-checklist.txt", 1, 13,
        List.of("Database backup failed"), ranked.get(1).text(), "", 0.1, floor, en));
    assertEquals(List.of("disk-full.md", "backup-restore-checklist.txt"),
        SourceSelection.select(question, atFloor, RelevanceGate.DEFAULT).stream().map(SourcePassage::path).toList());
  }

  @Test
  void belowTheThresholdWithoutAPassageHoldingTheWordsTheFirstIsKept() {
    var ranked = List.of(
        passage("a.md", 1, 9, List.of("A"), "alpha", 0.60),
        passage("b.md", 1, 9, List.of("B"), "beta", 0.59));
    assertEquals(List.of("a.md"), SourceSelection.select("gamma delta", ranked, RelevanceGate.DEFAULT).stream()
        .map(SourcePassage::path).toList());
  }

  @Test
  void anEnglishPassageTheEnglishModelVouchesForIsCitedForAChineseQuestion() {
    String en = "bge-small-en-v1.5-q";
    // 证书快过期了: the bilingual model puts the English runbook at 0.39, the English model,
    // searched with the glossary translation "certificate expire", at 0.70
    var ranked = List.of(
        passage("disk-inodes-exhausted.zh.md", 1, 9, List.of("磁盘 inode 耗尽"), "inode 用完了。", 0.455),
        new SourcePassage("runbooks", "certificate-expiry.md", 1, 9, List.of("Certificate expiry"),
            "A TLS certificate will expire within 14 days: renew it.", "", 0.1, 0.39, ZH, 0.70, en));
    assertTrue(RelevanceGate.DEFAULT.assess("证书快过期了", ranked).relevant());
    assertEquals(List.of("certificate-expiry.md"), SourceSelection.select("证书快过期了", ranked, RelevanceGate.DEFAULT)
        .stream().map(SourcePassage::path).toList());
  }

  @Test
  void aChineseRunbookTheBilingualModelVouchesForIsCitedForAnEnglishQuestion() {
    String en = "bge-small-en-v1.5-q";
    // "a new pod stays Pending for a long time" on the sample runbooks: the English passages sit
    // below bge-small-en's threshold, the Chinese pod-pending.zh.md is not in its space at all and
    // the bilingual model, searched with the question itself, puts it at 0.59
    String question = "a new pod stays Pending for a long time";
    var ranked = List.of(
        new SourcePassage("runbooks", "oomkilled-pods.md", 1, 9, List.of("OOMKilled pods"), "A container was killed.",
            "", 0.1, 0.65, en),
        new SourcePassage("runbooks", "pod-pending.zh.md", 1, 9, List.of("Pod 长时间处于 Pending 状态"),
            "新建的 Pod 超过 10 分钟仍处于 Pending，没有被调度到任何节点。", "", 0.1, Double.NaN, en, 0.59, ZH));
    assertTrue(RelevanceGate.DEFAULT.assess(question, ranked).relevant());
    assertEquals(List.of("pod-pending.zh.md"), SourceSelection.select(question, ranked, RelevanceGate.DEFAULT)
        .stream().map(SourcePassage::path).toList());
    // an English runbook above the threshold answers: the Chinese page is not added beside it
    var confident = List.of(
        new SourcePassage("runbooks", "pod-pending.md", 1, 9, List.of("Pod Pending"), "A pod stays Pending.", "", 0.1,
            0.80, en),
        ranked.get(1));
    assertEquals(List.of("pod-pending.md"), SourceSelection.select(question, confident, RelevanceGate.DEFAULT)
        .stream().map(SourcePassage::path).toList());
  }

  @Test
  void aBm25OnlyHitIsKeptOnlyWhenItRanksFirst() {
    var ranked = List.of(
        passage("KubeletTooManyPods.md", 1, 5, List.of("KubeletTooManyPods"), "maxPods", Double.NaN),
        passage("other.md", 1, 5, List.of("Other"), "x", 0.7));
    assertEquals(2, SourceSelection.select("", ranked, RelevanceGate.DEFAULT).size());
  }

  @Test
  void passagesOfOneDocumentBecomeOneSourceWithTheirHeadings() {
    var ranked = List.of(
        passage("disk-full.md", 12, 20, List.of("Node disk full", "Mitigation"), "- Rotate logs.\n- Prune images.", 0.8),
        passage("disk-inodes.md", 1, 9, List.of("Inodes"), "Too many files.", 0.79),
        passage("disk-full.md", 3, 10, List.of("Node disk full", "Diagnosis"), "- Run `df -h /var`.", 0.78));
    List<SourcePassage> cited = SourceSelection.select("", ranked, RelevanceGate.DEFAULT);
    assertEquals(List.of("disk-full.md", "disk-inodes.md"), cited.stream().map(SourcePassage::path).toList());
    SourcePassage merged = cited.get(0);
    assertEquals(3, merged.startLine());
    assertEquals(20, merged.endLine());
    assertEquals(List.of("Node disk full"), merged.headingPath());
    assertEquals(0.8, merged.vectorSimilarity());
    assertTrue(merged.text().indexOf("## Diagnosis") < merged.text().indexOf("## Mitigation"), merged.text());
    // the merged source still yields the checklist of both step sections, in file order
    List<String> steps = RunbookSteps.extract(merged.headingPath(), merged.text());
    assertEquals(List.of("Run `df -h /var`.", "Rotate logs.", "Prune images."), steps);
  }
}
