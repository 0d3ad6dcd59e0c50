package dev.opsmind.indexer.ingest;

import static org.junit.jupiter.api.Assertions.*;

import dev.opsmind.indexer.Samples;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.SearchHit;
import dev.opsmind.retrieval.search.SearchMode;
import dev.opsmind.retrieval.search.SearchRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on real runbooks from ../shared: index the prometheus-operator runbooks (English) and
 * the kubesphere runbooks' Chinese content, then ask symptom-style questions (some in Chinese) and
 * expect the runbook that answers each among the top 3 hits of a hybrid search.
 */
class RunbookRetrievalTest {
  @TempDir Path tmp;

  /** A question and the runbook file names that answer it. */
  record Question(String text, Set<String> answers) {}

  static final List<Question> QUESTIONS = List.of(
      new Question("the application in my pod dies right after it starts and kubernetes keeps restarting it",
          Set.of("KubePodCrashLooping.md")),
      new Question("a node's disk is predicted to run out of free space within a few hours",
          Set.of("NodeFilesystemSpaceFillingUp.md", "NodeFilesystemAlmostOutOfSpace.md")),
      new Question("etcd members cannot agree on a leader and writes to the cluster fail",
          Set.of("etcdNoLeader.md", "etcdInsufficientMembers.md")),
      new Question("server time is drifting and NTP does not keep it synchronised",
          Set.of("NodeClockNotSynchronising.md", "NodeClockSkewDetected.md")),
      new Question("notifications are not reaching the receivers like Slack or PagerDuty",
          Set.of("AlertmanagerFailedToSendAlerts.md", "AlertmanagerClusterFailedToSendAlerts.md")),
      new Question("the autoscaler wants more replicas but is stuck at its maximum",
          Set.of("KubeHpaMaxedOut.md")),
      new Question("the host is close to the limit of open file handles",
          Set.of("NodeFileDescriptorLimit.md")),
      new Question("容器一直反复重启，应用始终起不来",
          Set.of("KubePodCrashLooping.md")),
      new Question("持久卷的磁盘空间快要用完了怎么办",
          Set.of("KubePersistentVolumeFillingUp.md", "KubePersistentVolumeInodesFillingUp.md")),
      new Question("命名空间的资源配额已经用满，新的工作负载创建不出来",
          Set.of("KubeQuotaFullyUsed.md", "KubeQuotaExceeded.md", "KubeQuotaAlmostFull.md")),
      new Question("Deployment 的可用副本数一直达不到声明的数量",
          Set.of("KubeDeploymentReplicasMismatch.md")));

  @Test
  void symptomQuestionsFindTheirRunbookInTheTop3() {
    Path runbooks = Samples.shared().resolve("data/runbooks");
    Path en = runbooks.resolve("prometheus-operator-runbooks/content/runbooks");
    Path zh = runbooks.resolve("kubesphere-alert-runbooks-zh/content.zh/runbooks");
    Assumptions.assumeTrue(Files.isDirectory(en) && Files.isDirectory(zh),
        "../shared/data absent: skipping the runbook retrieval test (" + runbooks + ")");
    try (Embedder embedder = Embedder.load("bge-small-zh-v1.5"); // one model for both languages here; BilingualRetrievalTest has the pair
        KnowledgeIndex index = KnowledgeIndex.open(tmp.resolve("index"), embedder.dimension(), embedder.name())) {
      IngestRun run = new IngestRun(index, embedder, IngestOptions.DEFAULT);
      IngestReport enReport = run.syncDirectory(en, "prometheus-operator", IngestListener.NONE);
      IngestReport zhReport = run.syncDirectory(zh, "kubesphere-zh", IngestListener.NONE);
      assertTrue(enReport.added() > 100, enReport.toString());
      assertTrue(zhReport.added() >= 50, zhReport.toString());

      HybridSearcher searcher = new HybridSearcher(index, dev.opsmind.indexer.embed.EmbedderSet.of(embedder).queryEncoder());
      List<String> misses = new ArrayList<>();
      for (Question q : QUESTIONS) {
        List<SearchHit> hits = searcher.search(Principal.ADMIN, SearchRequest.of(q.text(), SearchMode.HYBRID, 3)).hits();
        List<String> files = hits.stream().map(h -> h.citation().path())
            .map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
        if (files.stream().noneMatch(q.answers()::contains)) misses.add(q.text() + " -> " + files);
      }
      assertEquals(List.of(), misses, "questions whose runbook is not in the top 3");
    }
  }
}
