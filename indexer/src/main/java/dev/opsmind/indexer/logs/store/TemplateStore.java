package dev.opsmind.indexer.logs.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.indexer.logs.detect.Baseline;
import dev.opsmind.indexer.logs.detect.Baseline.StoredTemplate;
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
 * JSON with the templates (id, tokens, count, merged-into), the number of buckets they were
 * counted over and up to {@value #MAX_SESSIONS} sessions' template counts. Written to a temporary
 * file and moved into place, so a crash leaves the old store or the new one.
 */
public final class TemplateStore {
  public static final String FILE_NAME = "log-templates.json";
  public static final int MAX_SESSIONS = 20_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

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
      throw new IllegalArgumentException("template store " + f + " has an unknown version");
    }
    List<StoredTemplate> templates = new ArrayList<>();
    for (JsonNode n : root.path("templates")) {
      List<String> tokens = new ArrayList<>();
      for (JsonNode t : n.path("tokens")) tokens.add(t.asText());
      templates.add(new StoredTemplate(n.path("id").asInt(), tokens, n.path("count").asLong(), n.path("mergedInto").asInt(-1)));
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
