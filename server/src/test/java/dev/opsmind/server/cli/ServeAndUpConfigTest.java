package dev.opsmind.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How `serve` flags and the `up` embedded default turn into a ServerConfig. */
class ServeAndUpConfigTest {
  @TempDir Path home;

  @Test
  void everyCommandAnswersHelp() {
    for (var sub : Main.commandLine().getSubcommands().entrySet()) {
      if (sub.getKey().equals("help")) {
        continue;
      }
      CliRun run = CliRun.of(sub.getKey(), "--help");
      assertEquals(0, run.code(), sub.getKey() + " --help: " + run.err());
      assertTrue(run.out().contains("Usage: opsmind " + sub.getKey()), sub.getKey() + ": " + run.out());
    }
  }

  @Test
  void flagsOverrideTheFileAndKeysAreStoredHashed() {
    ServerConfig base = ServerConfig.defaults().withModels(List.of("from-file"));
    ServerConfig config = ServeCommand.applyFlags(base, 9123, List.of("a", "b"), List.of("sk-one"));
    assertEquals(9123, config.port());
    assertEquals(List.of("a", "b"), config.models());
    assertEquals(ApiKeys.sha256Hex("sk-one"), config.apiKeys().get(0).sha256());
    assertTrue(config.apiKeys().get(0).admin());
    assertEquals(base, ServeCommand.applyFlags(base, null, List.of(), List.of()), "no flags, no change");
  }

  @Test
  void upFindsGeneratorsUnderModelsAndIndexesTheSampleRunbooks() throws Exception {
    Files.createDirectories(home.resolve("models/qwen-a"));
    Files.writeString(home.resolve("models/qwen-a/config.json"), "{}");
    Files.createDirectories(home.resolve("models/not-a-model"));
    Files.writeString(home.resolve("models/README.md"), "# models");
    Files.createDirectories(home.resolve("samples/runbooks"));
    ServerConfig config = UpCommand.embeddedDefault(home, ServerConfig.defaults(), false, false);
    assertEquals(List.of(home.resolve("models/qwen-a").toString()), config.models());
    assertEquals(home.resolve("data/index"), config.index());
    assertEquals(ServerConfig.DEFAULT_EMBEDDERS, config.embedders());
    ServerConfig.Source source = config.sources().get(0);
    assertEquals("runbooks", source.collection());
    assertEquals(home.resolve("samples/runbooks"), source.path());
    assertEquals(List.of("*"), source.readers());

    ServerConfig kept = UpCommand.embeddedDefault(home,
        ServerConfig.defaults().withIndex(Path.of("/elsewhere")).withModels(List.of("m")), true, true);
    assertEquals(Path.of("/elsewhere"), kept.index(), "OPSMIND_INDEX wins over the default");
    assertEquals(List.of("m"), kept.models(), "OPSMIND_MODELS wins over discovery");
  }

  @Test
  void hashKeyPrintsTheSha256() {
    var out = new java.io.StringWriter();
    var cli = dev.opsmind.server.cli.Main.commandLine();
    cli.setOut(new java.io.PrintWriter(out));
    java.io.PrintStream saved = System.out;
    var captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertEquals(0, cli.execute("hash-key", "test"));
    } finally {
      System.setOut(saved);
    }
    assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        captured.toString(java.nio.charset.StandardCharsets.UTF_8).trim());
  }
}
