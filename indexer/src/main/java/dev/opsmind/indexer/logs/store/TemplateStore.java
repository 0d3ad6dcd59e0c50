package dev.opsmind.indexer.logs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.indexer.logs.detect.Baseline;
import dev.opsmind.indexer.logs.detect.Baseline.StoredTemplate;
import dev.opsmind.indexer.logs.detect.LineRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A baseline on disk: {@value #FILE_NAME} in a folder (beside the index, or a baseline folder),
 * JSON with the templates (id, tokens, count, merged-into; for live ones the first and last line,
 * example lines as source and line number, lines per time bucket), the number of buckets they were
 * counted over and up to {@value #MAX_SESSIONS} sessions' template counts. Written to a temporary
 * file and moved into place, so a crash leaves the old store or the new one.
 */
public final class TemplateStore {
  public static final String FILE_NAME = "log-templates.json";
  public static final int MAX_SESSIONS = 20_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The store's version, raised whenever the masks change what a template looks like (2: the
   * template text keeps names and punctuation, issue 11): an older store's templates would not
   * match the lines masked now, so it is refused (save it again) or, for a collection's baseline,
   * mined again.
   */
  public static final int VERSION = 2;

  private TemplateStore() {}

  public static Path file(Path dir) {
    return dir.resolve(FILE_NAME);
  }

  public static boolean exists(Path dir) {
    return Files.isRegularFile(file(dir));
  }

  public static void save(Path dir, Baseline baseline) throws IOException {
    Files.createDirectories(dir);
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("buckets", baseline.buckets());
    ArrayNode templates = root.putArray("templates");
    for (StoredTemplate t : baseline.templates()) {
      ObjectNode n = templates.addObject();
      n.put("id", t.id());
      ArrayNode tokens = n.putArray("tokens");
      t.tokens().forEach(tokens::add);
      n.put("count", t.count());
      if (t.mergedInto() >= 0) n.put("mergedInto", t.mergedInto());
      if (t.first() != null) n.set("first", line(t.first()));
      if (t.last() != null) n.set("last", line(t.last()));
      if (!t.examples().isEmpty()) {
        ArrayNode ex = n.putArray("examples");
        t.examples().forEach(l -> ex.add(line(l)));
      }
      if (!t.buckets().isEmpty()) {
        ObjectNode b = n.putObject("buckets");
        t.buckets().forEach((k, v) -> b.put(Long.toString(k), v));
      }
    }
    ArrayNode sessions = root.putArray("sessions");
    for (Map<Integer, Integer> s : baseline.sessions().subList(0, Math.min(MAX_SESSIONS, baseline.sessions().size()))) {
      ObjectNode n = sessions.addObject();
      s.forEach((k, v) -> n.put(Integer.toString(k), v));
    }
    Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
    JSON.writeValue(tmp.toFile(), root);
    Files.move(tmp, file(dir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static ObjectNode line(LineRef l) {
    ObjectNode n = JSON.createObjectNode();
    n.put("source", l.source());
    n.put("line", l.line());
    if (l.epochMillis() != Long.MIN_VALUE) n.put("time", l.epochMillis());
    if (l.level() != null) n.put("level", l.level());
    n.put("text", l.text());
    return n;
  }

  private static LineRef line(JsonNode n) {
    return new LineRef(n.path("source").asText(), n.path("line").asLong(1), n.has("time") ? n.get("time").asLong() : Long.MIN_VALUE,
        n.has("level") ? n.get("level").asText() : null, n.path("text").asText());
  }

  /** The stored baseline; a missing or malformed store is an IllegalArgumentException naming the file. */
  public static Baseline load(Path dir) throws IOException {
    Path f = file(dir);
    if (!Files.isRegularFile(f)) throw new IllegalArgumentException("no template store at " + f);
    JsonNode root;
    try {
      root = JSON.readTree(f.toFile());
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("template store " + f + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || root.path("version").asInt() != VERSION) {
      int v = root == null ? 0 : root.path("version").asInt();
      throw new IllegalArgumentException("template store " + f + (v > 0 && v < VERSION
          ? " was saved by an older version (masks changed): save the baseline again" : " has an unknown version"));
    }
    List<StoredTemplate> templates = new ArrayList<>();
    for (JsonNode n : root.path("templates")) {
      List<String> tokens = new ArrayList<>();
      for (JsonNode t : n.path("tokens")) tokens.add(t.asText());
      List<LineRef> examples = new ArrayList<>();
      for (JsonNode e : n.path("examples")) examples.add(line(e));
      Map<Long, Long> buckets = new HashMap<>();
      n.path("buckets").properties().forEach(e -> buckets.put(Long.parseLong(e.getKey()), e.getValue().asLong()));
      templates.add(new StoredTemplate(n.path("id").asInt(), tokens, n.path("count").asLong(), n.path("mergedInto").asInt(-1),
          n.has("first") ? line(n.get("first")) : null, n.has("last") ? line(n.get("last")) : null, examples, buckets));
    }
    List<Map<Integer, Integer>> sessions = new ArrayList<>();
    for (JsonNode n : root.path("sessions")) {
      Map<Integer, Integer> s = new HashMap<>();
      n.properties().forEach(e -> s.put(Integer.parseInt(e.getKey()), e.getValue().asInt()));
      sessions.add(s);
    }
    return new Baseline(templates, root.path("buckets").asDouble(), sessions);
  }
}
