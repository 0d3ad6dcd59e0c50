package dev.opsmind.indexer.logs.read;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * One log to read: a file (gzip when it starts with gzip's magic bytes, whatever its name), stdin
 * or an upload, named as reports cite it. {@link #of(List)} expands folders to the files in them.
 */
public record LogInput(String name, Opener opener) {
  /** Opens the raw bytes; the caller closes them. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  public LogInput {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("a log input needs a name");
    if (opener == null) throw new IllegalArgumentException("a log input needs an opener");
  }

  /** The decompressed bytes. */
  public InputStream open() throws IOException {
    InputStream raw = new BufferedInputStream(opener.open(), 1 << 16);
    raw.mark(2);
    int b1 = raw.read();
    int b2 = raw.read();
    raw.reset();
    if (b1 == 0x1f && b2 == 0x8b) return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    return raw;
  }

  public static LogInput file(Path file) {
    return new LogInput(file.toString(), () -> Files.newInputStream(file));
  }

  public static LogInput stdin() {
    return new LogInput("-", () -> System.in);
  }

  public static LogInput bytes(String name, byte[] bytes) {
    return new LogInput(name, () -> new java.io.ByteArrayInputStream(bytes));
  }

  /** Files and folders ("-" is stdin) to inputs: a folder gives its regular files, sorted, hidden ones skipped. */
  public static List<LogInput> of(List<String> paths) throws IOException {
    List<LogInput> inputs = new ArrayList<>();
    for (String p : paths) {
      if (p.equals("-")) {
        inputs.add(stdin());
        continue;
      }
      Path path = Path.of(p);
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .filter(f -> !f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
              .sorted().forEach(f -> inputs.add(file(f)));
        }
      } else if (Files.isRegularFile(path)) {
        inputs.add(file(path));
      } else {
        throw new IllegalArgumentException("no such log file or folder: " + p);
      }
    }
    return inputs;
  }
}
