package dev.opsmind.server.answer;

import dev.opsmind.inference.tokenizer.ChatMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ExtractiveAnswerTest {

  static Path sample(String name) throws URISyntaxException {
    return Path.of(ExtractiveAnswerTest.class.getResource("/answer-runbooks/" + name).toURI());
  }

  static Path runbooks() {
    String env = System.getenv("OPSMIND_SHARED_DIR");
    Path shared = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("opsmind.root", ".")).resolve("../shared");
    return shared.resolve("data/runbooks");
  }

  static List<String> checklist(GroundedAnswer answer) {
    String text = answer.text();
    int at = Math.max(text.indexOf("Checklist:\n"), text.indexOf("检查清单：\n"));
    if (at < 0) {
      return List.of();
    }
    return text.substring(text.indexOf('\n', at) + 1).lines().map(String::strip).toList();
  }

  @Test
  void sampleRunbookChecklistHasTheRealMitigationSteps() throws Exception {
    List<SourcePassage> passages = MarkdownPassages.of(sample("NodeDiskPressure.md"), "samples", "NodeDiskPressure.md", 0.71);
    var ranked = List.of(MarkdownPassages.section(passages, "Mitigation"), MarkdownPassages.section(passages, "Diagnosis"),
        MarkdownPassages.section(passages, "Meaning"));
    var query = RetrievalQuery.of(List.of(ChatMessage.user("The node is evicting pods because its disk is full. What do I do?")));

    GroundedAnswer answer = ExtractiveAnswer.DEFAULT.answer(query, ranked);

    assertEquals(GroundedAnswer.Mode.EXTRACTIVE, answer.mode());
    assertTrue(answer.text().startsWith("Extractive answer (no generator)"), answer.text());
    assertTrue(answer.text().contains("[1] samples:NodeDiskPressure.md › NodeDiskPressure > Mitigation (lines"), answer.text());
    assertTrue(answer.text().contains("> - Remove unused container images with `crictl rmi --prune`."), answer.text());
    assertEquals(List.of(
        "- [ ] Remove unused container images with `crictl rmi --prune`. [1]",
        "- [ ] Delete completed pods that finished jobs left behind. [1]",
        "- [ ] Truncate oversized container logs under `/var/log/pods`. [1]",
        "- [ ] If the disk is simply too small, expand the volume and grow the filesystem. [1]",
        "- [ ] The eviction threshold itself lives in the kubelet configuration: [1]",
        "- [ ] Find the affected nodes and their conditions: `kubectl describe node $NODE`. [2]",
        "- [ ] Open a debug shell on the node: [2]",
        "- [ ] `kubectl debug node/$NODE -it --image=busybox` [2]",
        "- [ ] `chroot /host` [2]",
        "- [ ] Find the largest directories under `/var`. [2]"), checklist(answer));
    // the YAML block is configuration, not a command; "Meaning" has no steps
    assertFalse(answer.text().contains("`evictionHard:`"), answer.text());
    assertEquals(List.of(1, 2, 3), answer.citations().stream().map(Citation::number).toList());
    assertEquals(List.of("NodeDiskPressure", "Mitigation"), answer.citations().getFirst().headingPath());
  }

  @Test
  void wholeFileAsOnePassageStillFindsTheStepSections() throws Exception {
    String text = Files.readString(sample("NodeDiskPressure.md"));
    var passage = new SourcePassage("samples", "NodeDiskPressure.md", 1, 50, List.of(), text, "", 1, 0.8);
    List<String> steps = RunbookSteps.extract(passage.headingPath(), passage.text());
    assertTrue(steps.contains("Remove unused container images with `crictl rmi --prune`."), steps.toString());
    assertTrue(steps.contains("`chroot /host`"), steps.toString());
    assertFalse(steps.stream().anyMatch(s -> s.contains("Node-pressure eviction")), steps.toString()); // "See also"
    assertFalse(steps.stream().anyMatch(s -> s.contains("scheduler stops")), steps.toString()); // "Impact"
  }

  @Test
  void chineseQuestionGetsAChineseChecklistFromTheHandlingSection() throws Exception {
    List<SourcePassage> passages = MarkdownPassages.of(sample("NodeDiskPressure.zh.md"), "samples", "NodeDiskPressure.zh.md", 0.66);
    var query = RetrievalQuery.of(List.of(ChatMessage.user("节点磁盘满了，Pod 被驱逐，怎么处理？")));
    GroundedAnswer answer = ExtractiveAnswer.DEFAULT.answer(query,
        List.of(MarkdownPassages.section(passages, "处理"), MarkdownPassages.section(passages, "排查")));
    assertTrue(answer.text().startsWith("摘录式回答"), answer.text());
    List<String> checklist = checklist(answer);
    assertEquals("- [ ] 清理未使用的容器镜像：`crictl rmi --prune`。 [1]", checklist.getFirst());
    assertTrue(checklist.contains("- [ ] 查看节点状况：`kubectl describe node $NODE`。 [2]"), checklist.toString());
    assertEquals(6, checklist.size(), checklist.toString());
  }

  @Test
  void nearDuplicatePassagesAreQuotedOnce() throws Exception {
    SourcePassage mitigation = MarkdownPassages.section(
        MarkdownPassages.of(sample("NodeDiskPressure.md"), "samples", "NodeDiskPressure.md", 0.7), "Mitigation");
    var copy = new SourcePassage("mirror", "copy/NodeDiskPressure.md", 30, 45, mitigation.headingPath(),
        mitigation.text().replace("Truncate", "truncate"), "", 0.6, 0.69);
    var overlapping = new SourcePassage("samples", "NodeDiskPressure.md", mitigation.startLine() + 2, mitigation.endLine(),
        mitigation.headingPath(), "Delete completed pods that finished jobs left behind.", "", 0.5, 0.6);
    var other = new SourcePassage("samples", "Other.md", 1, 3, List.of("Other", "Mitigation"), "- Call the storage team.", "", 0.4, 0.6);
    List<SourcePassage> kept = ExtractiveAnswer.distinct(List.of(mitigation, copy, overlapping, other), 3);
    assertEquals(List.of("NodeDiskPressure.md", "Other.md"), kept.stream().map(SourcePassage::path).toList());

    GroundedAnswer answer = ExtractiveAnswer.DEFAULT.answer(
        RetrievalQuery.of(List.of(ChatMessage.user("disk full on node"))), List.of(mitigation, copy, other));
    assertEquals(2, answer.citations().size());
    assertEquals(1, checklist(answer).stream().filter(s -> s.contains("crictl rmi --prune")).count());
  }

  @Test
  void ofTwoTemplatedRunbooksTheOneWithTheQuestionsWordsIsQuoted() {
    String template = "The %s requests of all pods exceed what the cluster can hold if a node fails. "
        + "Check the requests of each namespace with kubectl describe quota, then add nodes or lower the "
        + "requests of workloads that do not need them. Review the capacity plan with the owners.";
    var cpu = new SourcePassage("runbooks", "KubeCPUOvercommit.md", 1, 5, List.of("KubeCPUOvercommit"),
        template.formatted("CPU"), "", 0.03, 0.73);
    var memory = new SourcePassage("runbooks", "KubeMemoryOvercommit.md", 1, 5, List.of("KubeMemoryOvercommit"),
        template.formatted("memory"), "", 0.02, 0.71);
    String question = "The memory requests of our pods are more than the cluster survives losing a node";
    assertEquals(List.of("KubeMemoryOvercommit.md"),
        ExtractiveAnswer.distinct(question, List.of(cpu, memory), 4).stream().map(SourcePassage::path).toList());
    // a Chinese question's word counts through the glossary (内存: memory)
    assertEquals(List.of("KubeMemoryOvercommit.md"),
        ExtractiveAnswer.distinct("所有 Pod 的内存 requests 超过了节点故障后集群能承受的容量", List.of(cpu, memory), 4)
            .stream().map(SourcePassage::path).toList());
    // a question that names neither keeps the first, as before
    assertEquals(List.of("KubeCPUOvercommit.md"),
        ExtractiveAnswer.distinct("pods requests exceed cluster capacity", List.of(cpu, memory), 4).stream()
            .map(SourcePassage::path).toList());
    GroundedAnswer answer = ExtractiveAnswer.DEFAULT.answer(RetrievalQuery.of(List.of(ChatMessage.user(question))),
        List.of(cpu, memory));
    assertEquals(List.of("KubeMemoryOvercommit.md"), answer.citations().stream().map(Citation::path).toList());
  }

  @Test
  void theVerdictOnTheWholeListAnswersFromTheSelection() {
    String zh = "bge-small-zh-v1.5";
    // the nearest passage lacks the question's words; the one holding them sits lower (Pod 被 OOMKilled 了)
    var near = new SourcePassage("runbooks", "redis-memory-high.zh.md", 1, 5, List.of("Redis 内存高"),
        "Redis 内存使用率超过 90%。", "", 0.2, 0.60, zh);
    var holding = new SourcePassage("runbooks", "oomkilled-pods.md", 1, 5, List.of("OOMKilled pods"),
        "A pod was OOMKilled: raise its memory limit.", "", 0.1, 0.459, zh);
    var query = RetrievalQuery.of(List.of(ChatMessage.user("Pod 被 OOMKilled 了")));
    RelevanceGate.Assessment verdict = RelevanceGate.DEFAULT.assess(query.text(), List.of(near, holding));
    assertTrue(verdict.relevant());
    List<SourcePassage> selected = SourceSelection.select(query.text(), List.of(near, holding), RelevanceGate.DEFAULT);
    assertEquals(List.of(holding), selected);
    GroundedAnswer answer = ExtractiveAnswer.DEFAULT.answer(query, selected, verdict);
    assertEquals(GroundedAnswer.Mode.EXTRACTIVE, answer.mode());
    assertEquals(List.of("oomkilled-pods.md"), answer.citations().stream().map(Citation::path).toList());
  }

  @Test
  void nothingRelevantMeansNoAnswerAndNoQuotes() throws Exception {
    List<SourcePassage> weak = MarkdownPassages.of(sample("NodeDiskPressure.md"), "samples", "NodeDiskPressure.md", 0.31);
    var query = RetrievalQuery.of(List.of(ChatMessage.user("What is a good recipe for banana bread?")));
    GroundedAnswer answer = ExtractiveAnswer.DEFAULT.answer(query, weak);
    assertEquals(GroundedAnswer.Mode.NO_ANSWER, answer.mode());
    assertEquals(List.of(), answer.citations());
    assertTrue(answer.text().startsWith("Nothing relevant"), answer.text());
    assertFalse(answer.text().contains("crictl"), answer.text());

    GroundedAnswer empty = ExtractiveAnswer.DEFAULT.answer(RetrievalQuery.of(List.of(ChatMessage.user("磁盘满了怎么办"))), List.of());
    assertEquals(GroundedAnswer.Mode.NO_ANSWER, empty.mode());
    assertTrue(empty.text().startsWith("知识库中没有找到"), empty.text());
  }

  @Test
  void withoutVectorScoresTheGateUsesTermCoverage() throws Exception {
    List<SourcePassage> lexical = MarkdownPassages.of(sample("NodeDiskPressure.md"), "samples", "NodeDiskPressure.md", Double.NaN);
    var onTopic = RetrievalQuery.of(List.of(ChatMessage.user("kubelet DiskPressure evicts pods, how to prune images?")));
    var offTopic = RetrievalQuery.of(List.of(ChatMessage.user("How do I configure OSPF areas on a Cisco router?")));
    assertEquals(GroundedAnswer.Mode.EXTRACTIVE, ExtractiveAnswer.DEFAULT.answer(onTopic, lexical).mode());
    assertEquals(GroundedAnswer.Mode.NO_ANSWER, ExtractiveAnswer.DEFAULT.answer(offTopic, lexical).mode());
  }

  @Test
  void realPrometheusOperatorRunbook() throws IOException {
    Path file = runbooks().resolve("prometheus-operator-runbooks/content/runbooks/kubernetes/KubePodCrashLooping.md");
    Assumptions.assumeTrue(Files.isRegularFile(file), "../shared/data absent: skipping real-runbook extractive test (" + file + ")");
    List<SourcePassage> passages = MarkdownPassages.of(file, "runbooks", "KubePodCrashLooping.md", 0.72);
    var query = RetrievalQuery.of(List.of(ChatMessage.user("A pod keeps dying right after it starts and gets restarted. What do I check?")));
    var ranked = new ArrayList<SourcePassage>();
    ranked.add(MarkdownPassages.section(passages, "Diagnosis"));
    ranked.add(MarkdownPassages.section(passages, "Mitigation"));
    GroundedAnswer answer = ExtractiveAnswer.DEFAULT.answer(query, ranked);
    List<String> checklist = checklist(answer);
    assertTrue(checklist.contains("- [ ] Check pod events via `kubectl -n $NAMESPACE describe pod $POD`. [1]"), checklist.toString());
    assertTrue(checklist.contains("- [ ] Check pod logs via `kubectl -n $NAMESPACE logs $POD -c $CONTAINER` [1]"), checklist.toString());
    assertTrue(checklist.stream().anyMatch(s -> s.startsWith("- [ ] Talk with developers or read documentation about the app")),
        checklist.toString());
  }

  @Test
  void realChineseKubesphereRunbook() throws IOException {
    Path file = runbooks().resolve("kubesphere-alert-runbooks-zh/content.zh/runbooks/kubernetes/KubePersistentVolumeFillingUp.md");
    Assumptions.assumeTrue(Files.isRegularFile(file), "../shared/data absent: skipping real-runbook extractive test (" + file + ")");
    List<SourcePassage> passages = MarkdownPassages.of(file, "runbooks", "KubePersistentVolumeFillingUp.md", 0.68);
    var query = RetrievalQuery.of(List.of(ChatMessage.user("数据库的 PVC 快被写满了"), ChatMessage.assistant("可以先删除不再需要的数据。"),
        ChatMessage.user("能直接扩容这个卷吗？")));
    GroundedAnswer answer = ExtractiveAnswer.DEFAULT.answer(query, List.of(MarkdownPassages.section(passages, "调整卷大小")));
    List<String> checklist = checklist(answer);
    assertTrue(checklist.contains("- [ ] `kubectl -n $NAMESPACE edit pvc $PVC` [1]"), checklist.toString());
    assertTrue(checklist.contains("- [ ] `kubectl -n $NAMESPACE get pvc $PVC` [1]"), checklist.toString());
    assertTrue(answer.text().startsWith("摘录式回答"), answer.text());
  }
}
