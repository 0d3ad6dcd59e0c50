package dev.opsmind.server.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a cluster node keeps its copies of the other nodes' journals (written by
 * server/.../cluster/JournalCopies): {@code <data>/peers/<node>/<journal path>}, one folder per
 * origin node. Features read them to serve a lost node's records read-only.
 */
public final class PeerCopies {
  public static final String FOLDER = "peers";

  private PeerCopies() {}

  /** Each origin node's copy of journal {@code name} (its '/'-separated path under the data folder), by node. */
  public static Map<String, Path> of(Path dataRoot, String name) throws IOException {
    Map<String, Path> out = new TreeMap<>();
    Path peers = dataRoot.resolve(FOLDER);
    if (!Files.isDirectory(peers)) {
      return out;
    }
    try (Stream<Path> nodes = Files.list(peers)) {
      for (Path node : nodes.toList()) {
        Path copy = node.resolve(name).normalize();
        if (copy.startsWith(node) && Files.isRegularFile(copy)) {
          out.put(node.getFileName().toString(), copy);
        }
      }
    }
    return out;
  }
}
