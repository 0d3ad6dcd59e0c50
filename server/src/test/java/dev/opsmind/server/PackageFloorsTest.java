package dev.opsmind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The server's packages drawn as floors, and a guard that imports only point down (or sideways,
 * within one floor). Run {@code main} to print the graph, the arrows that run back up and the
 * files over 300 lines:
 * <pre>
 *   mvn -o -q -pl server -am test-compile
 *   java -cp server/target/test-classes dev.opsmind.server.PackageFloorsTest server/src/main/java
 * </pre>
 * A package is named by its first segment under {@code dev.opsmind.server} ("" is the root
 * package). A package not listed in {@link #FLOORS} is a feature package: it sits on the feature
 * floor (it may use anything below it, and only the route table and the CLI may use it).
 */
class PackageFloorsTest {
  /** Bottom first. A package may import its own floor and the floors below it. */
  static final List<Set<String>> FLOORS = List.of(
      Set.of("journal", "config"),             // files and settings: know nothing of HTTP
      Set.of("http"),                          // HTTP plumbing: errors, JSON bodies, SSE, TLS, limits
      Set.of("audit"),                         // the hash-chained audit log
      Set.of("auth"),                          // keys, roles, the /v1 guard (records to audit)
      Set.of("ops"),                           // metrics, health, the audit read API
      Set.of("models"),                        // loaded generators and embedders (Backends)
      Set.of("answer"),                        // grounded answers from passages: prompt, citations, extractive
      Set.of("diagnose"),                      // log fault diagnosis
      Set.of("openai", "knowledge", "logs"),   // API features (and any unlisted package)
      Set.of("grounded"),                      // grounded chat: retrieval + generation + feedback
      Set.of(""),                              // OpsmindServer and its route table: knows every feature
      Set.of("cli"));                          // the command line: starts servers, runs evaluations
  static final int FEATURE_FLOOR = 8;
  static final String PREFIX = "dev.opsmind.server";

  private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
  private static final Pattern STRINGS = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");
  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.opsmind\\.server\\.([a-zA-Z_]\\w*)");

  /** An arrow: {@code from} imports {@code to} in {@code files} files. */
  record Arrow(String from, String to, int files) {}

  static int floorOf(String pkg) {
    for (int i = 0; i < FLOORS.size(); i++) {
      if (FLOORS.get(i).contains(pkg)) {
        return i;
      }
    }
    return FEATURE_FLOOR;
  }

  /** The package of a source file under {@code root} ({@code dev/opsmind/server/<pkg>/...}). */
  static String packageOf(Path root, Path file) {
    Path rel = root.resolve(PREFIX.replace('.', '/')).relativize(file);
    return rel.getNameCount() == 1 ? "" : rel.getName(0).toString();
  }

  /** Package → package arrows, with how many files of the first reference the second. */
  static List<Arrow> arrows(Path root) {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (Path file : sources(root)) {
      String from = packageOf(root, file);
      String code;
      try {
        code = Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      code = STRINGS.matcher(COMMENTS.matcher(code).replaceAll(" ")).replaceAll("\"\"");
      Set<String> targets = new TreeSet<>();
      Matcher m = REFERENCE.matcher(code);
      while (m.find()) {
        String segment = m.group(1);
        // dev.opsmind.server.models.Backends is a class of the root package; dev.opsmind.server.http a package
        String to = Character.isUpperCase(segment.charAt(0)) ? "" : segment;
        if (!to.equals(from)) {
          targets.add(to);
        }
      }
      for (String to : targets) {
        counts.computeIfAbsent(from, k -> new TreeMap<>()).merge(to, 1, Integer::sum);
      }
    }
    List<Arrow> out = new ArrayList<>();
    counts.forEach((from, tos) -> tos.forEach((to, n) -> out.add(new Arrow(from, to, n))));
    return out;
  }

  static List<Arrow> upward(List<Arrow> arrows) {
    return arrows.stream().filter(a -> floorOf(a.to()) > floorOf(a.from())).toList();
  }

  static List<Path> sources(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String name(String pkg) {
    return pkg.isEmpty() ? "(root)" : pkg;
  }

  @Test
  void importsPointDown() {
    Path root = TestRoots.repo().resolve("server/src/main/java");
    List<Arrow> up = upward(arrows(root));
    assertEquals(List.of(), up, "imports that run back up (see FLOORS)");
  }

  @Test
  void theGraphIsNotEmpty() {
    List<Arrow> arrows = arrows(TestRoots.repo().resolve("server/src/main/java"));
    assertFalse(arrows.isEmpty());
    // the route table knows the features; the features never know it
    assertFalse(arrows.stream().anyMatch(a -> a.to().isEmpty() && !a.from().equals("cli")), arrows.toString());
  }

  /**
   * Every package has a package-info.java whose Javadoc tours it: at least 15 words, naming at
   * least one of its classes (tools/package-info-check.py checks every module the same way).
   */
  @Test
  void everyPackageHasAConceptTour() throws IOException {
    Path root = TestRoots.repo().resolve("server/src/main/java");
    Map<Path, List<String>> classes = new TreeMap<>();
    for (Path file : sources(root)) {
      String name = file.getFileName().toString();
      List<String> list = classes.computeIfAbsent(file.getParent(), k -> new ArrayList<>());
      if (!name.equals("package-info.java")) {
        list.add(name.substring(0, name.length() - ".java".length()));
      }
    }
    List<String> problems = new ArrayList<>();
    for (var e : classes.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      Path info = e.getKey().resolve("package-info.java");
      String pkg = root.relativize(e.getKey()).toString().replace('/', '.');
      if (!Files.isRegularFile(info)) {
        problems.add(pkg + ": no package-info.java");
        continue;
      }
      Matcher doc = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL).matcher(Files.readString(info));
      String text = doc.find() ? doc.group(1) : "";
      long words = Pattern.compile("[\\p{L}\\p{N}'-]+").matcher(text.replaceAll("\\{@\\w+\\s+([^}]*)}", "$1"))
          .results().count();
      boolean namesAClass = e.getValue().stream().anyMatch(c -> Pattern.compile("\\b" + c + "\\b").matcher(text).find());
      if (words < 15 || !namesAClass) {
        problems.add(pkg + ": " + words + " words" + (namesAClass ? "" : ", names none of its classes"));
      }
    }
    assertEquals(List.of(), problems, "packages without a concept tour");
  }

  /** Prints the graph, the upward arrows and the long files: {@code java ... PackageFloorsTest <src/main/java>}. */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "server/src/main/java");
    List<Arrow> arrows = arrows(root);
    System.out.println("package -> packages it imports (files), floor order bottom first:");
    for (int i = 0; i < FLOORS.size(); i++) {
      System.out.println("  floor " + i + ": " + FLOORS.get(i).stream().map(PackageFloorsTest::name).sorted().toList());
    }
    Map<String, List<String>> byFrom = new TreeMap<>();
    for (Arrow a : arrows) {
      String mark = floorOf(a.to()) > floorOf(a.from()) ? " UP" : "";
      byFrom.computeIfAbsent(name(a.from()), k -> new ArrayList<>()).add(name(a.to()) + "(" + a.files() + ")" + mark);
    }
    byFrom.forEach((from, tos) -> System.out.println("  " + from + " [" + floorOf(from.equals("(root)") ? "" : from)
        + "] -> " + String.join(", ", tos)));
    List<Arrow> up = upward(arrows);
    System.out.println("arrows: " + arrows.size() + ", running back up: " + up.size()
        + " (" + up.stream().mapToInt(Arrow::files).sum() + " files' references)");
    up.forEach(a -> System.out.println("  UP " + name(a.from()) + " -> " + name(a.to()) + " (" + a.files() + " files)"));
    System.out.println("files over 300 lines:");
    for (Path file : sources(root)) {
      long lines;
      try (Stream<String> s = Files.lines(file)) {
        lines = s.count();
      }
      if (lines > 300) {
        System.out.println("  " + lines + " " + root.relativize(file));
      }
    }
  }
}
