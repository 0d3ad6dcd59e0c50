package dev.opsmind.server.actions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.journal.PeerCopies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Other nodes' proposals, read-only: in a cluster each node's proposal journal is also appended
 * on other nodes' disks before a change is acknowledged ({@link PeerCopies}), so when the node that
 * made a proposal is lost, another serves its last acknowledged state (GET only: deciding or
 * running it needs its own node back, which alone may run it, exactly once).
 */
public final class ProposalCopies {
  private final Path dataRoot;

  /** A proposal as the copy of node {@code node}'s journal last recorded it. */
  public record Copy(String node, Proposal proposal) {}

  /** {@code dataRoot}: the data folder (the index folder's parent). */
  public ProposalCopies(Path dataRoot) {
    this.dataRoot = dataRoot;
  }

  /** The last copied snapshot of proposal {@code id}, if another node's journal copy holds it (blocking). */
  public Optional<Copy> find(String id) throws IOException {
    for (Map.Entry<String, Path> copy : PeerCopies.of(dataRoot, "actions/" + ProposalStore.FILE).entrySet()) {
      Proposal last = null;
      List<String> lines = Files.readAllLines(copy.getValue());
      for (String line : lines) {
        if (!line.contains(id)) {
          continue;
        }
        try {
          JsonNode stored = Json.MAPPER.readTree(line).path("proposal");
          if (id.equals(stored.path("id").asText())) {
            last = Proposal.fromStored(stored);
          }
        } catch (IOException | RuntimeException e) {
          // a torn last line of a copy cut by its node's loss: the lines before it hold
        }
      }
      if (last != null) {
        return Optional.of(new Copy(copy.getKey(), last));
      }
    }
    return Optional.empty();
  }
}
