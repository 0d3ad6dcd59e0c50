package dev.opsmind.server.grounded;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.opsmind.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feedback on grounded answers, durable: {@code feedback.jsonl} in the data folder, one
 * {@link FeedbackRecord} per line, appended and fsynced before the request is answered. Also keeps
 * the most recent {@value #RECENT_RESPONSES} grounded replies (response id → question + citations)
 * in memory so feedback can name a reply by id; the record copies what it needs from there.
 */
public final class FeedbackStore {
  public static final String FILE = "feedback.jsonl";
  static final int RECENT_RESPONSES = 10_000;

  private final Path file;
  // Two locks: remember/answered run on the event loop and must never wait for an fsync.
  private final Object fileLock = new Object();
  private final List<FeedbackRecord> records;
  private final Map<String, AnsweredQuestion> recent = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, AnsweredQuestion> eldest) {
      return size() > RECENT_RESPONSES;
    }
  };

  private FeedbackStore(Path file, List<FeedbackRecord> records) {
    this.file = file;
    this.records = records;
  }

  /** Opens (creating the folder) and reads the records written so far; a torn last line is skipped. */
  public static FeedbackStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(FILE);
      var records = new ArrayList<FeedbackRecord>();
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          if (line.isBlank()) {
            continue;
          }
          try {
            records.add(Json.MAPPER.readValue(line, FeedbackRecord.class));
          } catch (JsonProcessingException e) {
            if (i < lines.size() - 1) {
              throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a feedback record: "
                  + e.getOriginalMessage());
            }
            // The last line of a crash mid-write: the request was never acknowledged.
          }
        }
      }
      return new FeedbackStore(file, records);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read feedback in " + dir, e);
    }
  }

  public Path file() {
    return file;
  }

  /** Remembers a grounded reply so that feedback can refer to it. */
  public void remember(AnsweredQuestion answered) {
    synchronized (recent) {
      recent.put(answered.responseId(), answered);
    }
  }

  public Optional<AnsweredQuestion> answered(String responseId) {
    synchronized (recent) {
      return Optional.ofNullable(recent.get(responseId));
    }
  }

  /** Appends and fsyncs one record (blocking: call it on a worker); afterwards it is part of {@link #records()}. */
  public void append(FeedbackRecord record) {
    byte[] line = (Json.write(Json.MAPPER.valueToTree(record)) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (fileLock) {
      write(line);
      synchronized (records) {
        records.add(record);
      }
    }
  }

  private void write(byte[] line) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append feedback to " + file, e);
    }
  }

  public List<FeedbackRecord> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }
}
