package dev.opsmind.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A server in a child JVM, for the tests that kill it with {@code kill -9}: started with this
 * test's class path, it prints {@code PORT n} on stdout once listening; its stderr goes to a file
 * under {@code home}.
 */
public record ChildServer(Process process, int port) {

  /** Starts {@code main} (a class with a main method that prints the port) with {@code args}. */
  public static ChildServer start(Path home, Class<?> main, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
        "--enable-native-access=ALL-UNNAMED", "-Dai.djl.offline=true", "-Xmx1g", "-XX:+UseSerialGC",
        "-Dopsmind.home=" + home, main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    Path err = home.resolve("child-" + System.nanoTime() + ".err");
    pb.redirectError(err.toFile());
    Process process = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT ")) {
        return new ChildServer(process, Integer.parseInt(line.substring(5).trim()));
      }
    }
    int exit = process.waitFor();
    // the stderr file lives in the test's temporary folder, gone after the run: say why here
    List<String> lines = Files.exists(err) ? Files.readAllLines(err) : List.of();
    String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    throw new AssertionError("the child server did not start (exit " + exit + "); its stderr ends:\n" + tail);
  }
}
