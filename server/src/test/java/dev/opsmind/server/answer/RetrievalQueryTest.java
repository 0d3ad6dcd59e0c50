package dev.opsmind.server.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalQueryTest {

  @Test
  void selfContainedQuestionIsSearchedAsWritten() {
    var q = RetrievalQuery.of(List.of(Turn.user("  Why does etcd lose its leader during network partitions?  ")));
    assertFalse(q.followUp());
    assertEquals("Why does etcd lose its leader during network partitions?", q.text());
    assertEquals(List.of(), q.contextTerms());
  }

  @Test
  void englishFollowUpCarriesTheEarlierTopic() {
    var q = RetrievalQuery.of(List.of(
        Turn.user("Which alert tells me a node is running close to its maximum number of pods?"),
        Turn.assistant("That is KubeletTooManyPods: it fires above 95% of the node's pod capacity."),
        Turn.user("and how do I fix it?")));
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
        Turn.user("持久卷快被写满了，数据库写入开始变慢。"),
        Turn.assistant("这对应 KubePersistentVolumeFillingUp 告警。"),
        Turn.user("那怎么处理？")));
    assertTrue(q.followUp());
    assertTrue(q.text().contains("持久卷快被写满"), q.text());
    assertTrue(q.text().contains("KubePersistentVolumeFillingUp"), q.text());
    assertTrue(RetrievalQuery.isFollowUp("它为什么会这样？"));
    assertTrue(RetrievalQuery.isFollowUp("维护完以后怎么恢复调度？"));
  }

  @Test
  void mostRecentTopicComesFirst() {
    var q = RetrievalQuery.of(List.of(
        Turn.user("Our etcd database is close to its quota."),
        Turn.user("Now the CoreDNS pods return SERVFAIL."),
        Turn.user("why?")));
    assertTrue(q.followUp());
    assertTrue(q.text().indexOf("CoreDNS") < q.text().indexOf("etcd"), q.text());
  }

  @Test
  void newSelfContainedTopicIsNotMixedWithTheOldOne() {
    var q = RetrievalQuery.of(List.of(
        Turn.user("The etcd database is close to its quota."),
        Turn.assistant("Defragment it and check etcdctl endpoint status."),
        Turn.user("Separately, Sidekiq queues keep growing on the GitLab workers after the database outage.")));
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
        () -> RetrievalQuery.of(List.of(Turn.system("be brief"), Turn.assistant("hello"))));
    assertTrue(e.getMessage().contains("no user question"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Turn("tool", "x"));
  }
}
