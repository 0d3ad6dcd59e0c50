package dev.opsmind.indexer;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's own sample files and the external ../shared data are. */
public final class Samples {
  private Samples() {}

  public static Path root() {
    String root = System.getProperty("opsmind.root");
    Path dir = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    if (!Files.isDirectory(dir.resolve("samples")) && Files.isDirectory(Path.of("samples"))) dir = Path.of("");
    return dir.toAbsolutePath();
  }

  /** samples/runbooks at the repository root. */
  public static Path runbooks() {
    return root().resolve("samples/runbooks");
  }

  /** ../shared (env OPSMIND_SHARED_DIR, else next to the repository root). */
  public static Path shared() {
    String env = System.getenv("OPSMIND_SHARED_DIR");
    return env != null ? Path.of(env) : root().resolve("../shared").normalize();
  }
}
