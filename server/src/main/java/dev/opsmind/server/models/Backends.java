package dev.opsmind.server.models;

import dev.opsmind.indexer.embed.EmbedderSet;
import dev.opsmind.indexer.ingest.IngestOptions;
import dev.opsmind.indexer.ingest.IngestRun;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.inference.embed.EmbedderSpec;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.ops.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real parts the API serves, loaded from the config: the embedder, the knowledge index (with
 * the ingestion that writes it) and the generators. Loading is blocking (seconds): it runs
 * before the port opens.
 */
public final class Backends implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  private final long created = System.currentTimeMillis() / 1000;
  private final EmbedderSet embedders;
  private final KnowledgeIndex index;
  private final IngestRun ingest;
  private final HybridSearcher searcher;
  private final Map<String, GeneratorModel> generators;

  /** One entry of GET /v1/models. */
  public record ModelCard(String id, long created, String kind, Integer maxModelLen) {}

  private Backends(EmbedderSet embedders, KnowledgeIndex index, Map<String, GeneratorModel> generators) {
    this.generators = generators;
    this.embedders = embedders;
    this.index = index;
    this.ingest = index == null ? null : new IngestRun(index, embedders, IngestOptions.DEFAULT);
    this.searcher = index == null ? null : new HybridSearcher(index, embedders.queryEncoder());
  }

  /** {@code cachedSystemPrompts}: see {@link GeneratorModel#load}. */
  public static Backends load(ServerConfig config, Metrics metrics, List<String> cachedSystemPrompts) {
    List<Embedder> loaded = new ArrayList<>();
    KnowledgeIndex index = null;
    Map<String, GeneratorModel> generators = new LinkedHashMap<>();
    try {
      for (String entry : config.models()) {
        long start = System.nanoTime();
        GeneratorModel.Entry named = GeneratorModel.Entry.parse(entry);
        GeneratorModel model = GeneratorModel.load(GeneratorModel.resolve(named.location(), config.modelsDir()),
            named.id(), config, metrics, cachedSystemPrompts);
        if (generators.putIfAbsent(model.id(), model) != null) {
          model.close();
          throw new IllegalArgumentException("two models are named '" + model.id() + "': give each its own directory or file name, or name one ID=PATH");
        }
        LOG.info("generator {} loaded from {} in {} ms (context {} tokens, decode path {})", model.id(),
            model.directory(), (System.nanoTime() - start) / 1_000_000, model.contextLength(), model.decodePath());
      }
      EmbedderSet embedders = null;
      if (config.embedderEnabled()) {
        List<EmbedderSet.Member> members = new ArrayList<>();
        for (ServerConfig.EmbedderEntry entry : config.embedders()) {
          long start = System.nanoTime();
          // a bundled name, a directory, or the name of an embedder directory under modelsDir
          Embedder embedder = Embedder.load(EmbedderSpec.resolve(entry.name(), List.of(config.modelsDir())));
          loaded.add(embedder);
          members.add(new EmbedderSet.Member(embedder, entry.languages()));
          LOG.info("embedder {} loaded ({} dimensions, languages {}) in {} ms", embedder.name(), embedder.dimension(),
              members.getLast().languages(), (System.nanoTime() - start) / 1_000_000);
        }
        embedders = new EmbedderSet(members);
        // In a cluster every node starts as a replica; one becomes the writer (cluster/IndexReplication).
        index = config.cluster().enabled() ? KnowledgeIndex.openReplica(config.index(), embedders.spaces())
            : KnowledgeIndex.open(config.index(), embedders.spaces());
        LOG.info("knowledge index open at {} ({} collections{})", config.index(), index.collections().size(),
            config.cluster().enabled() ? ", a replica until this node becomes the cluster's index writer" : "");
      } else {
        LOG.info("no embedder configured: embeddings, search and collections are off");
      }
      return new Backends(embedders, index, generators);
    } catch (RuntimeException | Error e) {
      generators.values().forEach(GeneratorModel::close);
      if (index != null) {
        index.close();
      }
      loaded.forEach(Embedder::close);
      throw e;
    }
  }

  /** The embedders of the index and of /v1/embeddings, with the languages each serves. */
  public Optional<EmbedderSet> embedders() {
    return Optional.ofNullable(embedders);
  }

  public Optional<KnowledgeIndex> index() {
    return Optional.ofNullable(index);
  }

  /**
   * The ingestion that writes the index (the same code as {@code opsmind index}). It handles one
   * run at a time: callers hold its monitor ({@code synchronized (backends.ingest())}).
   */
  public Optional<IngestRun> ingest() {
    return Optional.ofNullable(ingest);
  }

  public Optional<HybridSearcher> searcher() {
    return Optional.ofNullable(searcher);
  }

  /** Every model the API can name: the generators, then the embedder. */
  public List<ModelCard> models() {
    List<ModelCard> cards = new ArrayList<>();
    for (GeneratorModel model : generators.values()) {
      cards.add(new ModelCard(model.id(), created, "generator", model.contextLength()));
    }
    if (embedders != null) {
      for (String name : embedders.names()) {
        cards.add(new ModelCard(name, created, "embedding", null));
      }
    }
    if (index != null) {
      // Grounded chat aliases: a generator + retrieval, and retrieval alone (extractive answers).
      for (GeneratorModel model : generators.values()) {
        cards.add(new ModelCard(GroundedModels.aliasOf(model.id()), created, "grounded", model.contextLength()));
      }
      cards.add(new ModelCard(GroundedModels.EXTRACTIVE, created, "grounded", null));
    }
    return cards;
  }

  /** The loaded generators by id (empty: chat and completions are off). */
  public Map<String, GeneratorModel> generators() {
    return generators;
  }

  public Optional<ModelCard> model(String id) {
    return models().stream().filter(card -> card.id().equals(id)).findFirst();
  }

  @Override
  public void close() {
    generators.values().forEach(GeneratorModel::close);
    if (index != null) {
      index.close();
    }
    if (embedders != null) {
      embedders.members().forEach(m -> m.embedder().close());
    }
  }
}
