package dev.opsmind.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.journal.Journal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/** Reading the audit chain: its head (to continue it), verification, and every entry in order. */
public final class AuditChain {
  /** {@code prev} of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  private AuditChain() {}

  /** The last entry's sequence number and hash (0 and {@link #GENESIS} for an empty log). */
  public record Head(long seq, String hash) {}

  /**
   * What {@link #verify} found.
   *
   * @param entries entries checked
   * @param files files read, oldest first
   * @param broken null when the chain holds; else the first broken entry, as "FILE line N (seq S): why"
   */
  public record Verification(long entries, List<Path> files, String broken, Head head) {
    public boolean ok() {
      return broken == null;
    }
  }

  /** One entry as read, with where it is. */
  public record Located(Path file, long line, String text, JsonNode entry) {}

  public static String sha256(String line) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(line.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Whether a line is an audit entry (a JSON object with seq and prev): the journal's record check. */
  static boolean isEntry(String line) {
    try {
      JsonNode node = Json.MAPPER.readTree(line);
      return node != null && node.isObject() && node.path("seq").canConvertToLong() && node.path("prev").isTextual();
    } catch (IOException e) {
      return false;
    }
  }

  /** Every line of every file of the log ({@code file} and its rotations), oldest first. */
  public static void forEach(Path file, Consumer<Located> action) {
    for (Path part : Journal.files(file)) {
      try (BufferedReader reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
        String line;
        long n = 0;
        while ((line = reader.readLine()) != null) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          JsonNode entry;
          try {
            entry = Json.MAPPER.readTree(line);
          } catch (IOException e) {
            entry = null;
          }
          action.accept(new Located(part, n, line, entry));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + part, e);
      }
    }
  }

  /** The head to continue from: the last entry of the newest non-empty file. */
  static Head head(Path file) {
    List<Path> files = Journal.files(file);
    for (int i = files.size() - 1; i >= 0; i--) {
      try {
        List<String> lines = Files.readAllLines(files.get(i), StandardCharsets.UTF_8);
        for (int j = lines.size() - 1; j >= 0; j--) {
          if (isEntry(lines.get(j))) {
            JsonNode entry = Json.MAPPER.readTree(lines.get(j));
            return new Head(entry.get("seq").asLong(), sha256(lines.get(j)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + files.get(i), e);
      }
    }
    return new Head(0, GENESIS);
  }

  /**
   * Walks the whole chain: every line must be an entry whose {@code seq} follows the previous one's
   * and whose {@code prev} is the previous line's SHA-256. Stops at the first broken entry.
   */
  public static Verification verify(Path file) {
    return verify(file, false);
  }

  /**
   * {@link #verify(Path)}; with {@code copy}, the file is another node's copy of a chain (a
   * cluster's {@code peers/<node>/audit}), which starts where copying began: its first entry's
   * {@code seq} and {@code prev} are taken as they are, every later link is checked.
   */
  public static Verification verify(Path file, boolean copy) {
    List<Path> files = Journal.files(file);
    long[] count = {0};
    long[] seq = {0};
    String[] prev = {GENESIS};
    String[] broken = {null};
    forEach(file, located -> {
      if (broken[0] != null) {
        return;
      }
      String where = located.file() + " line " + located.line();
      JsonNode entry = located.entry();
      if (entry == null || !isEntry(located.text())) {
        broken[0] = where + ": not an audit entry (edited or damaged)";
        return;
      }
      if (copy && count[0] == 0) {
        seq[0] = entry.get("seq").asLong() - 1;
        prev[0] = entry.get("prev").asText();
      }
      long s = entry.get("seq").asLong();
      where += " (seq " + s + ")";
      if (!entry.get("prev").asText().equals(prev[0])) {
        broken[0] = where + ": prev does not match the SHA-256 of the entry before it (seq " + seq[0]
            + "): an entry was edited, deleted or inserted";
        return;
      }
      if (s != seq[0] + 1) {
        broken[0] = where + ": expected seq " + (seq[0] + 1);
        return;
      }
      seq[0] = s;
      prev[0] = sha256(located.text());
      count[0]++;
    });
    return new Verification(count[0], files, broken[0], new Head(seq[0], prev[0]));
  }
}
