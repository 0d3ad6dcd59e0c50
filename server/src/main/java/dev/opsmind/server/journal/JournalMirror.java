package dev.opsmind.server.journal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a journal's appends are copied before {@link Journal#append} returns: in a cluster, other
 * nodes' disks (server/.../cluster/JournalCopies). Registered per data folder, so that several
 * servers in one JVM (tests) each mirror only their own journals; a journal outside every
 * registered folder is not mirrored.
 */
public interface JournalMirror {
  /**
   * Copies {@code lines}, just appended to the journal at {@code name} (its path under the data
   * folder, '/'-separated), and returns once they are durable where this mirror promises; throws
   * when they could not be, and the append is then not acknowledged.
   */
  void mirror(String name, List<String> lines);

  /** Mirrors by data folder. */
  Map<Path, JournalMirror> REGISTERED = new ConcurrentHashMap<>();

  /** Mirrors the journals under {@code dataRoot} through {@code mirror} from now on. */
  static void register(Path dataRoot, JournalMirror mirror) {
    REGISTERED.put(dataRoot.toAbsolutePath().normalize(), mirror);
  }

  static void unregister(Path dataRoot) {
    REGISTERED.remove(dataRoot.toAbsolutePath().normalize());
  }

  /** Hands lines appended to {@code file} to the mirror of its data folder, if any. */
  static void appended(Path file, List<String> lines) {
    if (REGISTERED.isEmpty()) {
      return;
    }
    Path absolute = file.toAbsolutePath().normalize();
    for (var entry : REGISTERED.entrySet()) {
      if (absolute.startsWith(entry.getKey())) {
        String name = entry.getKey().relativize(absolute).toString().replace('\\', '/');
        entry.getValue().mirror(name, lines);
        return;
      }
    }
  }
}
