package dev.opsmind.server.actions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * The test executable: {@code java -cp ... ArgvRecorder OUT ARG...} writes its arguments after
 * OUT (one JSON array) and the names of its environment variables to OUT, prints "ran", and exits
 * 0 (or with the code given by an argument "exit=N"; "sleep=N" sleeps N seconds first).
 */
public final class ArgvRecorder {
  private ArgvRecorder() {}

  public static void main(String[] args) throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var node = mapper.createObjectNode();
    node.set("argv", mapper.valueToTree(Arrays.asList(args).subList(1, args.length)));
    node.set("env", mapper.valueToTree(new TreeSet<>(System.getenv().keySet())));
    node.put("pid", ProcessHandle.current().pid());
    Files.writeString(Path.of(args[0]), mapper.writeValueAsString(node), StandardCharsets.UTF_8);
    System.out.println("ran");
    int exit = 0;
    for (String arg : args) {
      if (arg.startsWith("sleep=")) {
        Thread.sleep(Long.parseLong(arg.substring(6)) * 1000);
      }
      if (arg.startsWith("exit=")) {
        exit = Integer.parseInt(arg.substring(5));
      }
    }
    System.exit(exit);
  }
}
