package dev.opsmind.server.cli;

import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;

/** Where the knowledge index lives unless a command is told otherwise: {@code <opsmind home>/data/index}. */
final class IndexLocation {
  private IndexLocation() {}

  static Path defaultDir() {
    return ServerConfig.home().resolve("data").resolve("index");
  }
}
