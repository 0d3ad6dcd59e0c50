package dev.opsmind.server;

import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real parts the API serves, loaded from the config: the embedder, the knowledge index and
 * the generators. Loading is blocking (seconds): it runs before the port opens.
 */
public final class Backends implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

  private final long created = System.currentTimeMillis() / 1000;
  private final Embedder embedder;

  /** One entry of GET /v1/models. */
  public record ModelCard(String id, long created, String kind) {}

  private Backends(Embedder embedder) {
    this.embedder = embedder;
  }

  public static Backends load(ServerConfig config) {
    Embedder embedder = null;
    if (config.embedderEnabled()) {
      long start = System.nanoTime();
      embedder = Embedder.load(config.embedder());
      LOG.info("embedder {} loaded ({} dimensions) in {} ms", embedder.name(), embedder.dimension(),
          (System.nanoTime() - start) / 1_000_000);
    }
    return new Backends(embedder);
  }

  public Optional<Embedder> embedder() {
    return Optional.ofNullable(embedder);
  }

  /** Every model the API can name: the generators, then the embedder. */
  public List<ModelCard> models() {
    List<ModelCard> cards = new ArrayList<>();
    if (embedder != null) {
      cards.add(new ModelCard(embedder.name(), created, "embedding"));
    }
    return cards;
  }

  public Optional<ModelCard> model(String id) {
    return models().stream().filter(card -> card.id().equals(id)).findFirst();
  }

  @Override
  public void close() {
    if (embedder != null) {
      embedder.close();
    }
  }
}
