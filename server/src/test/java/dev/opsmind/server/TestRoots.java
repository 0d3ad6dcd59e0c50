package dev.opsmind.server;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is (surefire sets opsmind.root), for the bundled samples. */
public final class TestRoots {
  private TestRoots() {}

  public static Path repo() {
    Path root = Path.of(System.getProperty("opsmind.root", ".."));
    if (!Files.isDirectory(root.resolve("samples"))) {
      root = Path.of("..");
    }
    return root.toAbsolutePath().normalize();
  }

  public static Path sampleRunbooks() {
    return repo().resolve("samples").resolve("runbooks");
  }
}
