package dev.opsmind.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real GGUF files of ../shared/data/models/tinyllamas (stories260K and its published greedy
 * output): external data a fresh clone does not have, so tests that read them skip, saying so,
 * where it is absent (the server's twin of inference's test helper of the same name).
 */
public final class TinyLlamas {
  private TinyLlamas() {}

  /** The folder (env OPSMIND_SHARED_DIR, else ../shared next to the repository root); skips the test when absent. */
  public static Path dir() {
    String env = System.getenv("OPSMIND_SHARED_DIR");
    Path shared = env != null && !env.isBlank() ? Path.of(env) : TestRoots.repo().resolve("../shared").normalize();
    Path dir = shared.resolve("data/models/tinyllamas");
    Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("stories260K.gguf")),
        "SKIPPED: " + dir + " is absent (../shared/data is not part of a fresh clone): the API tests on stories260K"
            + " did not run");
    return dir;
  }
}
