package dev.opsmind.server.cli;

import dev.opsmind.server.auth.ApiKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints the SHA-256 hex of an API key: what goes into the config's apiKeys[].sha256. */
@Command(name = "hash-key", description = "Print the SHA-256 of an API key for the config's apiKeys[].sha256.",
    mixinStandardHelpOptions = true)
public final class HashKeyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "KEY", description = "the plain API key")
  String key;

  @Override
  public Integer call() {
    if (key.isBlank()) {
      throw new IllegalArgumentException("the key must not be empty");
    }
    System.out.println(ApiKeys.sha256Hex(key));
    return 0;
  }
}
