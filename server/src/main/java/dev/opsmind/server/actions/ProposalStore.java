package dev.opsmind.server.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.journal.Journal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proposals, durable: every change appends the proposal's new snapshot to a
 * {@link Journal} ({@code <data>/actions/proposals.jsonl}, fsynced before the change is
 * acknowledged) and the last snapshot of an id wins when the file is read back. A run is recorded
 * as {@code running} before its process starts, so a crash during a run leaves {@code running}
 * on disk, which {@link #open} turns into {@code interrupted}: a proposal whose process may have
 * run is never runnable again. Thread-safe; every method that writes blocks on the fsync.
 */
public final class ProposalStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProposalStore.class);
  public static final String FILE = "proposals.jsonl";
  /** Proposals one principal may have pending at once (readers may propose; this bounds memory and disk). */
  static final int MAX_PENDING_PER_PRINCIPAL = 1000;

  private final Journal journal;
  private final Clock clock;
  private final Map<String, Proposal> proposals = new LinkedHashMap<>();
  private final List<Proposal> interrupted = new ArrayList<>();

  private ProposalStore(Journal journal, Clock clock) {
    this.journal = journal;
    this.clock = clock;
  }

  /**
   * Opens (or creates) {@code dir/proposals.jsonl}, replays it, and marks runs a crash cut short
   * as interrupted (listed by {@link #interruptedAtOpen}, for the audit log).
   */
  public static ProposalStore open(Path dir, Clock clock) {
    Journal journal = Journal.open(dir.resolve(FILE), ProposalStore::isRecord);
    ProposalStore store = new ProposalStore(journal, clock);
    for (String line : journal.records()) {
      try {
        Proposal p = Proposal.fromStored(Json.MAPPER.readTree(line).get("proposal"));
        store.proposals.put(p.id(), p);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("unreadable proposal record in " + journal.file(), e);
      }
    }
    for (Proposal p : List.copyOf(store.proposals.values())) {
      if (p.state().equals("running")) {
        var result = Json.object().put("message",
            "the server stopped while this action ran (crash or kill); its outcome is unknown and the process may "
                + "have finished or still run: check the target before proposing it again");
        result.put("interrupted_at", clock.millis() / 1000);
        Proposal marked = p.with("interrupted", p.approval(), p.rejection(), p.run(), result);
        store.write(marked);
        store.interrupted.add(marked);
        LOG.warn("action proposal {} ({}) was running when the server stopped: marked interrupted", p.id(), p.action());
      }
    }
    return store;
  }

  private static boolean isRecord(String line) {
    try {
      JsonNode node = Json.MAPPER.readTree(line);
      return node != null && node.path("proposal").path("id").isTextual();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The runs found cut short by a crash when the store opened (now interrupted). */
  public List<Proposal> interruptedAtOpen() {
    return List.copyOf(interrupted);
  }

  public long now() {
    return clock.millis();
  }

  private void write(Proposal p) {
    journal.append(Json.write(Json.object().set("proposal", p.stored())));
    proposals.put(p.id(), p);
  }

  /** Stores a new pending proposal (429 when its proposer has too many pending). */
  public synchronized Proposal create(Proposal p) {
    long pending = proposals.values().stream()
        .filter(q -> q.proposedBy().equals(p.proposedBy()) && q.state(now()).equals("pending")).count();
    if (pending >= MAX_PENDING_PER_PRINCIPAL) {
      throw ApiException.quotaExceeded("Principal '" + p.proposedBy() + "' has " + pending
          + " pending proposals; reject or let some expire first");
    }
    write(p);
    return p;
  }

  public synchronized Optional<Proposal> get(String id) {
    return Optional.ofNullable(proposals.get(id));
  }

  /** Proposals passing {@code filter}, newest first. */
  public synchronized List<Proposal> list(Predicate<Proposal> filter) {
    return proposals.values().stream().filter(filter)
        .sorted(Comparator.comparingLong(Proposal::createdAtMillis).reversed()).toList();
  }

  /**
   * Approves a pending, unexpired proposal, binding the approval to its argv's hash. A high-risk
   * proposal cannot be approved by its proposer (four eyes): 403.
   */
  public synchronized Proposal approve(String id, String by, String role, String comment) {
    Proposal p = require(id);
    String state = p.state(now());
    if (!state.equals("pending")) {
      throw ApiException.conflict("proposal_not_pending", "Proposal " + id + " is " + state + "; only a pending "
          + "proposal can be approved");
    }
    if (p.risk().equals("high") && p.proposedBy().equals(by)) {
      throw ApiException.forbidden("Proposal " + id + " is high risk: it needs the approval of someone other than its "
          + "proposer '" + by + "' (four eyes)");
    }
    Proposal approved = p.with("approved",
        new Proposal.Decision(by, role, now(), comment, Proposal.argvSha256(p.argv())), null, null, null);
    write(approved);
    return approved;
  }

  /** Rejects a pending or approved (not yet run), unexpired proposal. */
  public synchronized Proposal reject(String id, String by, String role, String comment) {
    Proposal p = require(id);
    String state = p.state(now());
    if (!state.equals("pending") && !state.equals("approved")) {
      throw ApiException.conflict("proposal_decided", "Proposal " + id + " is " + state + "; it can no longer be "
          + "rejected");
    }
    Proposal rejected = p.with("rejected", p.approval(), new Proposal.Decision(by, role, now(), comment, null), null,
        null);
    write(rejected);
    return rejected;
  }

  /**
   * Claims an approved, unexpired, never-run proposal for running: it is {@code running} on disk
   * before this returns, so it runs at most once, crash or not. The argv must still hash to what
   * was approved.
   */
  public synchronized Proposal start(String id, String by, String role) {
    Proposal p = require(id);
    String state = p.state(now());
    if (!state.equals("approved")) {
      throw ApiException.conflict("proposal_not_approved", "Proposal " + id + " is " + state + "; only an approved, "
          + "unexpired proposal that has not run can run");
    }
    if (!Proposal.argvSha256(p.argv()).equals(p.approval().argvSha256())) {
      throw ApiException.conflict("argv_changed", "Proposal " + id + ": the argv does not match the one approved");
    }
    Proposal running = p.with("running", p.approval(), null, new Proposal.Decision(by, role, now(), null, null), null);
    write(running);
    return running;
  }

  /** Records a run's outcome: {@code state} is succeeded, failed or timed_out. */
  public synchronized Proposal finish(String id, String state, JsonNode result) {
    Proposal p = require(id);
    if (!p.state().equals("running")) {
      throw new IllegalStateException("proposal " + id + " is " + p.state() + ", not running");
    }
    Proposal done = p.with(state, p.approval(), null, p.run(), result);
    write(done);
    return done;
  }

  private Proposal require(String id) {
    Proposal p = proposals.get(id);
    if (p == null) {
      throw ApiException.notFound("proposal_not_found", "No proposal has id '" + id + "'");
    }
    return p;
  }

  public Path file() {
    return journal.file();
  }

  @Override
  public void close() {
    journal.close();
  }
}
