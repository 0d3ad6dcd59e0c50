package dev.opsmind.server.grounded;

import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feedback on grounded answers, durable: {@code feedback.jsonl} in the data folder, one
 * {@link FeedbackRecord} per line, appended through a {@link Journal} (fsynced before the request
 * is answered; a torn tail is cut off at open). One rating per principal and reply: a new one
 * replaces the earlier (the file keeps both, the last counts). Each principal may keep at most
 * {@code perPrincipal} ratings (429 insufficient_quota beyond).
 *
 * <p>Also keeps the most recent grounded replies (response id → who asked, question, citations;
 * at most {@value #RECENT_RESPONSES} and {@value #RECENT_CHARS} characters) in memory so feedback
 * can name a reply by id; the record copies what it needs from there.
 */
public final class FeedbackStore implements AutoCloseable {
  public static final String FILE = "feedback.jsonl";
  static final int RECENT_RESPONSES = 10_000;
  static final long RECENT_CHARS = 16L << 20;
  /** Question and retrieval query are kept up to this many characters in a record. */
  static final int MAX_TEXT_CHARS = 4000;
  public static final int DEFAULT_PER_PRINCIPAL = 1000;

  private final Journal journal;
  private final int perPrincipal;
  // Two locks: remember/answered run on the event loop and must never wait for an fsync.
  private final Object fileLock = new Object();
  /** (principal, response id) → record, in first-rated order. */
  private final LinkedHashMap<String, FeedbackRecord> records;
  private final Map<String, Integer> perPrincipalCount = new HashMap<>();
  private long recentChars;
  private final LinkedHashMap<String, AnsweredQuestion> recent = new LinkedHashMap<>(256, 0.75f, true);

  private FeedbackStore(Journal journal, LinkedHashMap<String, FeedbackRecord> records, int perPrincipal) {
    this.journal = journal;
    this.records = records;
    this.perPrincipal = perPrincipal;
    records.values().forEach(r -> perPrincipalCount.merge(r.principal(), 1, Integer::sum));
  }

  public static FeedbackStore open(Path dir) {
    return open(dir, DEFAULT_PER_PRINCIPAL);
  }

  /** Opens (creating the folder, 0700) and reads the records written so far; a torn tail is cut off. */
  public static FeedbackStore open(Path dir, int perPrincipal) {
    if (perPrincipal <= 0) {
      throw new IllegalArgumentException("the feedback quota per principal must be > 0, got " + perPrincipal);
    }
    Journal journal = Journal.open(dir.resolve(FILE), FeedbackStore::isRecord);
    var records = new LinkedHashMap<String, FeedbackRecord>();
    for (String line : journal.records()) {
      FeedbackRecord record = parse(line);
      records.put(key(record.principal(), record.responseId()), record);
    }
    return new FeedbackStore(journal, records, perPrincipal);
  }

  private static boolean isRecord(String line) {
    try {
      FeedbackRecord record = parse(line);
      return record.principal() != null && record.responseId() != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static FeedbackRecord parse(String line) {
    try {
      return Json.MAPPER.readValue(line, FeedbackRecord.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a feedback record: " + e.getMessage(), e);
    }
  }

  private static String key(String principal, String responseId) {
    return principal + "\n" + responseId;
  }

  public Path file() {
    return journal.file();
  }

  /** Remembers a grounded reply so that feedback can refer to it. */
  public void remember(AnsweredQuestion answered) {
    synchronized (recent) {
      AnsweredQuestion previous = recent.put(answered.responseId(), answered);
      recentChars += answered.chars() - (previous == null ? 0 : previous.chars());
      var eldest = recent.entrySet().iterator();
      while (eldest.hasNext() && (recent.size() > RECENT_RESPONSES || recentChars > RECENT_CHARS)) {
        recentChars -= eldest.next().getValue().chars();
        eldest.remove();
      }
    }
  }

  public Optional<AnsweredQuestion> answered(String responseId) {
    synchronized (recent) {
      return Optional.ofNullable(recent.get(responseId));
    }
  }

  /**
   * Appends and fsyncs one record (blocking: call it on a worker); afterwards it is part of
   * {@link #records()}, replacing the principal's earlier rating of the same reply.
   *
   * @throws ApiException 429 insufficient_quota when the principal holds its quota of ratings
   */
  public void append(FeedbackRecord record) {
    FeedbackRecord bounded = new FeedbackRecord(record.time(), record.principal(), record.responseId(),
        cut(record.question()), cut(record.retrievalQuery()), record.rating(), record.weight(), record.comment(),
        record.correctSource(), record.citations());
    String line = Json.write(Json.MAPPER.valueToTree(bounded));
    String key = key(record.principal(), record.responseId());
    synchronized (fileLock) {
      synchronized (records) {
        if (!records.containsKey(key) && perPrincipalCount.getOrDefault(record.principal(), 0) >= perPrincipal) {
          throw ApiException.quotaExceeded("Principal '" + record.principal() + "' already stored " + perPrincipal
              + " ratings, its quota (quotas.feedbackPerPrincipal)");
        }
      }
      journal.append(line);
      synchronized (records) {
        if (records.remove(key) == null) {
          perPrincipalCount.merge(record.principal(), 1, Integer::sum);
        }
        records.put(key, bounded);
      }
    }
  }

  private static String cut(String text) {
    return text == null || text.length() <= MAX_TEXT_CHARS ? text : text.substring(0, MAX_TEXT_CHARS);
  }

  /** Every current rating (one per principal and reply), oldest first. */
  public List<FeedbackRecord> records() {
    synchronized (records) {
      return List.copyOf(new ArrayList<>(records.values()));
    }
  }

  @Override
  public void close() {
    journal.close();
  }
}
