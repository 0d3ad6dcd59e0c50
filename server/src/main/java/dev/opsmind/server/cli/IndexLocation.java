package dev.opsmind.server.cli;

import java.nio.file.Path;

/** Where the knowledge index lives unless a command is told otherwise: {@code <opsmind home>/data/index}. */
final class IndexLocation {
  private IndexLocation() {}

  static Path defaultDir() {
    String home = System.getProperty("opsmind.home");
    Path base = home == null || home.isBlank() ? Path.of(".") : Path.of(home);
    return base.resolve("data").resolve("index");
  }
}
