package dev.opsmind.server.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proposal journal: state rules, expiry, four eyes, and what a reopened store makes of a run a crash cut short. */
class ProposalStoreTest {
  @TempDir Path tmp;

  /** A clock the test moves (java.time's own abstraction, set by hand). */
  static final class ManualClock extends Clock {
    long millis = 1_800_000_000_000L;

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  private static Proposal proposal(String id, String risk, String by, long now) {
    return new Proposal(id, "restart", new Proposal.Source("ops", "r.md", 3, 9), Map.of("unit", "nginx.service"),
        List.of("/usr/bin/systemctl", "restart", "nginx.service"), risk, 60, "it is down", null, by, "reader", "api",
        now, now + 60_000, "pending", null, null, null, null);
  }

  @Test
  void expiredProposalsRefuseApprovalAndRunAndHighRiskNeedsASecondPerson() {
    ManualClock clock = new ManualClock();
    try (ProposalStore store = ProposalStore.open(tmp, clock)) {
      store.create(proposal("a", "medium", "alice", clock.millis()));
      store.create(proposal("b", "high", "alice", clock.millis()));
      assertEquals(403, assertThrows(ApiException.class, () -> store.approve("b", "alice", "operator", null)).status());
      assertEquals(409, assertThrows(ApiException.class, () -> store.start("a", "bob", "operator")).status(),
          "no run without approval");
      store.approve("b", "bob", "operator", "ok");
      store.approve("a", "alice", "operator", null); // medium: the proposer may approve
      assertEquals(409, assertThrows(ApiException.class, () -> store.approve("a", "bob", "operator", null)).status(),
          "decided");
      clock.millis += 61_000;
      assertEquals("expired", store.get("a").orElseThrow().state(clock.millis()));
      assertEquals(409, assertThrows(ApiException.class, () -> store.start("a", "bob", "operator")).status());
      store.create(proposal("c", "low", "carol", clock.millis()));
      clock.millis += 61_000;
      assertEquals(409, assertThrows(ApiException.class, () -> store.approve("c", "bob", "operator", null)).status());
    }
  }

  @Test
  void aRunningProposalIsInterruptedAfterReopenAndNeverRunsAgain() {
    ManualClock clock = new ManualClock();
    try (ProposalStore store = ProposalStore.open(tmp, clock)) {
      store.create(proposal("a", "low", "alice", clock.millis()));
      store.create(proposal("b", "low", "alice", clock.millis()));
      store.approve("a", "bob", "operator", null);
      store.approve("b", "bob", "operator", null);
      store.start("a", "bob", "operator");
      store.start("b", "bob", "operator");
      store.finish("b", "succeeded", Json.object().put("exit_code", 0));
      assertEquals(409, assertThrows(ApiException.class, () -> store.start("b", "bob", "operator")).status(),
          "no run twice");
      // no close: as after a crash, the journal is all there is
    }
    try (ProposalStore reopened = ProposalStore.open(tmp, clock)) {
      assertEquals(List.of("a"), reopened.interruptedAtOpen().stream().map(Proposal::id).toList());
      assertEquals("interrupted", reopened.get("a").orElseThrow().state());
      assertEquals("succeeded", reopened.get("b").orElseThrow().state());
      assertEquals(409, assertThrows(ApiException.class, () -> reopened.start("a", "bob", "operator")).status());
      assertEquals(409, assertThrows(ApiException.class, () -> reopened.approve("a", "bob", "operator", null)).status());
    }
    try (ProposalStore again = ProposalStore.open(tmp, clock)) {
      assertEquals(List.of(), again.interruptedAtOpen(), "marked once");
      assertEquals(Proposal.argvSha256(again.get("a").orElseThrow().argv()),
          again.get("a").orElseThrow().approval().argvSha256());
    }
  }
}
