package dev.opsmind.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.retrieval.KnowledgeIndex;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code opsmind index} through the real command line, on the project's sample runbooks. */
class IndexCommandTest {
  @TempDir Path dir;


  static Path samples() {
    String root = System.getProperty("opsmind.root", "..");
    return Path.of(root).resolve("samples/runbooks");
  }

  @Test
  void indexesThenReportsNothingToDoThenTheEdit() throws Exception {
    Path src = dir.resolve("runbooks");
    Files.createDirectories(src);
    for (String name : List.of("disk-full.md", "pod-pending.zh.md", "nginx-502-bad-gateway.html", "payment-service-oom.log")) {
      Files.copy(samples().resolve(name), src.resolve(name));
    }
    Files.write(src.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Files.writeString(src.resolve("restart.md"), "# Restart\n\n```opsmind-action\nname: restart\n"
        + "run: [\"/usr/bin/systemctl\", \"restart\", \"{{unit}}\"]\nparams:\n  unit: {pattern: \"^[a-z]+\\\\.service$\"}\n```\n\n"
        + "```opsmind-action\nname: loose\nrun: [\"/usr/bin/rm\", \"{{path}}\"]\n```\n");
    String index = dir.resolve("index").toString();
    String[] args = {"index", src.toString(), "--collection", "ops", "--index", index,
        "--embedder", "bge-small-zh-v1.5-q", "--readers", "alice,bob", "--progress", "none"};

    CliRun first = CliRun.of(args);
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("added 5, updated 0, renamed 0, deleted 0, unchanged 0, skipped 1"), first.out());
    assertTrue(first.out().contains("runbook actions: 1 declared, 1 refused"), first.out());
    assertTrue(first.out().contains("action error restart.md:10-13: loose: placeholder {{path}} has no parameter with a pattern"),
        first.out());
    assertTrue(first.out().contains("skipped logo.png: unsupported file type .png"), first.out());

    CliRun second = CliRun.of(args);
    assertTrue(second.out().contains("added 0, updated 0, renamed 0, deleted 0, unchanged 5, skipped 1"), second.out());
    assertTrue(second.out().contains("(embedded 0, reused 0)"), second.out());

    Files.delete(src.resolve("payment-service-oom.log"));
    CliRun third = CliRun.of(args);
    assertTrue(third.out().contains("deleted 1"), third.out());

    try (KnowledgeIndex idx = KnowledgeIndex.open(Path.of(index), 512, "bge-small-zh-v1.5-q")) {
      assertEquals(List.of("alice", "bob"), idx.collection("ops").orElseThrow().readers());
      assertEquals(4, idx.manifests("ops").size());
      assertEquals(1, idx.notes("action", "ops").size());
    }
  }

  @Test
  void badArgumentsExitWith2AndAPlainMessage() {
    CliRun notDir = CliRun.of("index", dir.resolve("missing").toString(), "--collection", "ops", "--index", dir.resolve("i").toString());
    assertEquals(2, notDir.code());
    assertTrue(notDir.err().contains("not a directory"), notDir.err());
    CliRun badName = CliRun.of("index", dir.toString(), "--collection", "no spaces please", "--index", dir.resolve("i").toString());
    assertEquals(2, badName.code());
    assertTrue(badName.err().contains("collection name"), badName.err());
    CliRun badProgress = CliRun.of("index", dir.toString(), "--collection", "ops", "--progress", "sparkles");
    assertEquals(2, badProgress.code());
    CliRun badEmbedder = CliRun.of("index", dir.toString(), "--collection", "ops", "--embedder", "gpt-9", "--index", dir.resolve("i").toString());
    assertEquals(2, badEmbedder.code());
    assertTrue(badEmbedder.err().contains("unknown embedder"), badEmbedder.err());
  }
}
