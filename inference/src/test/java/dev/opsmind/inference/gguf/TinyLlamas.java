package dev.opsmind.inference.gguf;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The GGUF files of ../shared/data/models/tinyllamas (stories260K with its published greedy
 * output, llama-2-tiny-random): external data a fresh clone does not have, so the tests that read
 * them skip, saying so, where it is absent.
 */
public final class TinyLlamas {
  private TinyLlamas() {}

  /** The folder (env OPSMIND_SHARED_DIR, else ../shared next to the repository root); skips the test when absent. */
  public static Path dir() {
    String env = System.getenv("OPSMIND_SHARED_DIR");
    String root = System.getProperty("opsmind.root");
    Path repository = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    Path shared = env != null && !env.isBlank() ? Path.of(env) : repository.resolve("../shared").normalize();
    Path dir = shared.resolve("data/models/tinyllamas");
    Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("stories260K.gguf")),
        "SKIPPED: " + dir + " is absent (../shared/data is not part of a fresh clone): the GGUF tests on real files did not run");
    return dir;
  }
}
