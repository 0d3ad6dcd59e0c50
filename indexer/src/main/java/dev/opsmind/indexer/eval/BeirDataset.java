package dev.opsmind.indexer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A retrieval test collection in BEIR layout: corpus.jsonl ({_id, title, text}), queries.jsonl
 * ({_id, text}) and a qrels TSV (query-id, corpus-id, score; header line optional).
 */
public record BeirDataset(
    Map<String, Document> corpus, Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {

  /** One corpus document. */
  public record Document(String id, String title, String text) {
    /** What is indexed and embedded: title and text. */
    public String fullText() {
      return title.isBlank() ? text : title + "\n" + text;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public static BeirDataset load(Path corpusFile, Path queriesFile, Path qrelsFile) {
    Map<String, Document> corpus = new LinkedHashMap<>();
    forEachJsonLine(corpusFile, node -> {
      String id = required(node, "_id", corpusFile);
      corpus.put(id, new Document(id, node.path("title").asText(""), node.path("text").asText("")));
    });
    Map<String, String> queries = new LinkedHashMap<>();
    forEachJsonLine(queriesFile, node -> queries.put(required(node, "_id", queriesFile), node.path("text").asText("")));
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(qrelsFile, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank() || (number == 1 && line.startsWith("query-id"))) {
          continue;
        }
        String[] cols = line.split("\t");
        if (cols.length < 3) {
          throw new IllegalArgumentException(qrelsFile + " line " + number + ": expected 3 tab-separated columns"
              + " (query-id, corpus-id, score), got " + cols.length);
        }
        int grade;
        try {
          grade = Integer.parseInt(cols[2].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(qrelsFile + " line " + number + ": score '" + cols[2] + "' is not an integer");
        }
        if (grade > 0) {
          qrels.computeIfAbsent(cols[0].trim(), q -> new LinkedHashMap<>()).put(cols[1].trim(), grade);
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("qrels file " + qrelsFile + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + qrelsFile, e);
    }
    qrels.keySet().retainAll(queries.keySet());
    if (qrels.isEmpty()) {
      throw new IllegalArgumentException("no query of " + qrelsFile + " appears in " + queriesFile);
    }
    return new BeirDataset(corpus, queries, qrels);
  }

  private interface JsonLine {
    void accept(JsonNode node);
  }

  private static void forEachJsonLine(Path file, JsonLine action) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          action.accept(JSON.readTree(line));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalArgumentException(file + " line " + number + " is not JSON: " + e.getOriginalMessage());
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("file " + file + " does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String required(JsonNode node, String field, Path file) {
    JsonNode value = node.get(field);
    if (value == null || value.asText().isBlank()) {
      throw new IllegalArgumentException(file + ": a record lacks '" + field + "'");
    }
    return value.asText();
  }
}
