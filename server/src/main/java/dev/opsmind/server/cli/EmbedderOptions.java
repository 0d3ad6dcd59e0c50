package dev.opsmind.server.cli;

import dev.opsmind.indexer.embed.EmbedderSet;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.inference.embed.EmbedderSpec;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.VectorSpace;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --embedder} option shared by the commands that index or search: which embedders,
 * serving which languages. Without it a command uses the embedders an existing index holds, else
 * the server's defaults, so {@code index}, {@code search} and {@code serve} agree.
 */
final class EmbedderOptions {
  @Option(names = "--embedder", paramLabel = "NAME[:LANGS]", split = ",",
      description = "Embedder(s): a bundled name (${COMPLETION-CANDIDATES}) or an embedder directory, each optionally"
          + " with the languages it embeds (e.g. bge-small-en-v1.5-q:en,bge-small-zh-v1.5:zh+en). Default: the"
          + " index's own, else the server's default pair.", completionCandidates = Names.class)
  List<String> embedders;

  /** The embedder names, for the help text. */
  static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return EmbedderSpec.names().iterator();
    }
  }

  /** The entries chosen for the index in {@code indexDir}. */
  List<ServerConfig.EmbedderEntry> entries(Path indexDir) {
    if (embedders != null && !embedders.isEmpty()) {
      return ServerConfig.EmbedderEntry.parseList(String.join(",", embedders));
    }
    Optional<KnowledgeIndex.Info> info = KnowledgeIndex.inspect(indexDir);
    List<VectorSpace> spaces = info.map(KnowledgeIndex.Info::spaces).orElse(List.of());
    if (!spaces.isEmpty()) {
      return spaces.stream().map(s -> new ServerConfig.EmbedderEntry(s.name(), List.of())).toList();
    }
    return ServerConfig.DEFAULT_EMBEDDERS;
  }

  /** Loads the embedders (closing those loaded when one fails). */
  static EmbedderSet load(List<ServerConfig.EmbedderEntry> entries) {
    List<Embedder> loaded = new ArrayList<>();
    try {
      List<EmbedderSet.Member> members = new ArrayList<>();
      for (ServerConfig.EmbedderEntry entry : entries) {
        // a bundled name, a directory, or the name of an embedder directory under models/
        Embedder embedder = Embedder.load(EmbedderSpec.resolve(entry.name(), List.of(ModelsCommand.defaultModelsDir())));
        loaded.add(embedder);
        members.add(new EmbedderSet.Member(embedder, entry.languages()));
      }
      return new EmbedderSet(members);
    } catch (RuntimeException e) {
      loaded.forEach(Embedder::close);
      throw e;
    }
  }

  static void close(EmbedderSet set) {
    if (set != null) {
      set.members().forEach(m -> m.embedder().close());
    }
  }
}
