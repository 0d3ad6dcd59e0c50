package dev.opsmind.server.answer;

import dev.opsmind.inference.tokenizer.ChatMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalQueryTest {

  @Test
  void selfContainedQuestionIsSearchedAsWritten() {
    var q = RetrievalQuery.of(List.of(ChatMessage.user("  Why does etcd lose its leader during network partitions?  ")));
    assertFalse(q.followUp());
    assertEquals("Why does etcd lose its leader during network partitions?", q.text());
    assertEquals(List.of(), q.contextTerms());
  }

  @Test
  void englishFollowUpCarriesTheEarlierTopic() {
    var q = RetrievalQuery.of(List.of(
        ChatMessage.user("Which alert tells me a node is running close to its maximum number of pods?"),
        ChatMessage.assistant("That is KubeletTooManyPods: it fires above 95% of the node's pod capacity."),
        ChatMessage.user("and how do I fix it?")));
    assertTrue(q.followUp());
    assertTrue(q.text().startsWith("and how do I fix it?"), q.text());
    assertTrue(q.contextTerms().contains("KubeletTooManyPods"), q.contextTerms().toString());
    assertTrue(q.contextTerms().contains("pods"), q.contextTerms().toString());
    assertTrue(q.contextTerms().contains("node"), q.contextTerms().toString());
    // assistant prose is not a source of terms, only its identifiers
    assertFalse(q.contextTerms().contains("capacity"), q.contextTerms().toString());
  }

  @Test
  void chineseFollowUpCarriesTheEarlierTopic() {
    var q = RetrievalQuery.of(List.of(
        ChatMessage.user("持久卷快被写满了，数据库写入开始变慢。"),
        ChatMessage.assistant("这对应 KubePersistentVolumeFillingUp 告警。"),
        ChatMessage.user("那怎么处理？")));
    assertTrue(q.followUp());
    assertTrue(q.text().contains("持久卷快被写满"), q.text());
    assertTrue(q.text().contains("KubePersistentVolumeFillingUp"), q.text());
    assertTrue(RetrievalQuery.isFollowUp("它为什么会这样？"));
    assertTrue(RetrievalQuery.isFollowUp("维护完以后怎么恢复调度？"));
  }

  @Test
  void anExtractiveAnswersQuotesAndCodeNeverWidenAFollowUpItsCitedTitlesDo() {
    String answer = """
        Extractive answer (no generator): the most relevant passages from the knowledge base.

        [1] runbooks:disk-full.md › Node disk full › Mitigation (lines 12-30)
        > Check MySQLReplicationLag on the replica and the BackupRestoreChecklist before pruning.
        ```shell
        docker image prune -af --filter until=BackupJob
        ```
        [2] runbooks:backup-restore-checklist.txt › Backup restore checklist (lines 1-9)
        """;
    var q = RetrievalQuery.of(List.of(
        ChatMessage.user("The /var partition on my server is full"),
        ChatMessage.assistant(answer),
        ChatMessage.user("and how do I prevent it?")));
    assertTrue(q.followUp());
    List<String> terms = q.contextTerms();
    assertTrue(terms.contains("var") || terms.contains("/var"), terms.toString());
    assertTrue(terms.contains("partition"), terms.toString());
    assertTrue(terms.contains("Node") && terms.contains("disk") && terms.contains("full"), terms.toString());
    for (String quoted : List.of("MySQLReplicationLag", "BackupRestoreChecklist", "BackupJob", "docker")) {
      assertFalse(terms.contains(quoted), quoted + " comes from a quote or code: " + terms);
    }
  }

  @Test
  void chineseFollowUpsOfTheWhatIfKindAreWidenedToo() {
    var q = RetrievalQuery.of(List.of(
        ChatMessage.user("Pod 一直处于 Pending 状态怎么办？"),
        ChatMessage.assistant("[1] runbooks:pod-pending.zh.md › Pod 调度失败 › 排查 (lines 5-20)\n> kubectl describe pod"),
        ChatMessage.user("如果是资源不足导致的呢？")));
    assertTrue(q.followUp(), q.toString());
    assertTrue(q.text().contains("Pending"), q.text());
    assertTrue(q.contextTerms().contains("Pod调度失败") || q.contextTerms().contains("调度失败"), q.contextTerms().toString());
    assertTrue(RetrievalQuery.isFollowUp("要是控制平面节点也这样呢？"));
    // Chinese drops the subject the conversation has: a short turn naming nothing continues it
    assertTrue(RetrievalQuery.omitsItsSubject("一般是什么原因？要检查哪些配置？"));
    assertFalse(RetrievalQuery.omitsItsSubject("KubeletTooManyPods 告警怎么处理？"), "it names its subject");
    assertFalse(RetrievalQuery.omitsItsSubject("what are the usual causes?"), "English is judged by isFollowUp");
    assertTrue(RetrievalQuery.isFollowUp("那如果是磁盘压力引起的？"));
    assertFalse(RetrievalQuery.isFollowUp("Kubernetes 集群里的 etcd 数据库空间超过配额之后如何压缩和整理碎片？"));
  }

  @Test
  void mostRecentTopicComesFirst() {
    var q = RetrievalQuery.of(List.of(
        ChatMessage.user("Our etcd database is close to its quota."),
        ChatMessage.user("Now the CoreDNS pods return SERVFAIL."),
        ChatMessage.user("why?")));
    assertTrue(q.followUp());
    assertTrue(q.text().indexOf("CoreDNS") < q.text().indexOf("etcd"), q.text());
  }

  @Test
  void newSelfContainedTopicIsNotMixedWithTheOldOne() {
    var q = RetrievalQuery.of(List.of(
        ChatMessage.user("The etcd database is close to its quota."),
        ChatMessage.assistant("Defragment it and check etcdctl endpoint status."),
        ChatMessage.user("Separately, Sidekiq queues keep growing on the GitLab workers after the database outage.")));
    assertFalse(q.followUp());
    assertFalse(q.text().contains("etcd"), q.text());
  }

  @Test
  void shortAndAnaphoricTurnsAreFollowUps() {
    assertTrue(RetrievalQuery.isFollowUp("what's the mitigation?"));
    assertTrue(RetrievalQuery.isFollowUp("Can I rebalance the data instead of deleting it?"));
    assertTrue(RetrievalQuery.isFollowUp("那怎么处理？"));
    assertFalse(RetrievalQuery.isFollowUp("How do I take a snapshot backup of etcd and restore it on a new cluster?"));
    assertFalse(RetrievalQuery.isFollowUp("容器一直停留在 Waiting 状态超过一个小时，可能是什么原因？"));
  }

  @Test
  void aConversationWithoutAUserQuestionIsRejected() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> RetrievalQuery.of(List.of(ChatMessage.system("be brief"), ChatMessage.assistant("hello"))));
    assertTrue(e.getMessage().contains("no user question"), e.getMessage());
    // a tool result is no question either
    assertThrows(IllegalArgumentException.class, () -> RetrievalQuery.of(List.of(new ChatMessage("tool", "x"))));
  }
}
