package dev.opsmind.server.diagnose;

import dev.opsmind.indexer.logs.read.LogInput;
import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.StoredSources;
import dev.opsmind.retrieval.UnknownCollectionException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;

/**
 * The logs of an indexed collection as log inputs: each log source's chunks read back in line
 * order, overlapping lines once, blank lines put back where the chunker dropped them, so a
 * record's line number is the file's. Chunks are loaded one at a time while the diagnosis reads.
 */
public final class IndexedLogs {
  private IndexedLogs() {}

  /** Work on the inputs; the index's searcher is held while it runs. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(List<LogInput> inputs) throws IOException;
  }

  public static <T> T diagnose(KnowledgeIndex index, Principal principal, String collection, String pathPrefix, Work<T> work)
      throws IOException {
    boolean readable = index.readableCollections(principal).stream().anyMatch(c -> c.name().equals(collection));
    if (!readable) throw new UnknownCollectionException(collection, principal);
    return index.withSources(collection, "log", pathPrefix, sources -> {
      if (sources.isEmpty()) throw new IllegalArgumentException("collection " + collection + " holds no indexed logs"
          + (pathPrefix == null || pathPrefix.isEmpty() ? "" : " under " + pathPrefix));
      List<LogInput> inputs = new ArrayList<>();
      for (StoredSources.Source source : sources) {
        inputs.add(new LogInput(source.path(), () -> stream(source.chunks())));
      }
      return work.apply(inputs);
    });
  }

  private static InputStream stream(Iterator<Chunk> chunks) {
    int[] written = {0};
    Enumeration<InputStream> parts = new Enumeration<>() {
      @Override
      public boolean hasMoreElements() {
        return chunks.hasNext();
      }

      @Override
      public InputStream nextElement() {
        Chunk c = chunks.next();
        String[] lines = c.text().split("\n", -1);
        int span = c.endLine() - c.startLine() + 1;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
          // exact numbers when the chunk holds every line of its range, else in order from its start
          int number = span == lines.length ? c.startLine() + i : Math.max(c.startLine() + i, written[0] + 1);
          if (number <= written[0]) continue;
          while (written[0] + 1 < number) {
            out.append('\n');
            written[0]++;
          }
          out.append(lines[i]).append('\n');
          written[0] = number;
        }
        return new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8));
      }
    };
    return new SequenceInputStream(parts);
  }
}
