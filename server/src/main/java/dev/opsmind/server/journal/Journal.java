package dev.opsmind.server.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of one-line records, fsynced before {@link #append} returns, repaired on
 * {@link #open} (see the package description). Thread-safe; appends block (call them on a worker).
 */
public final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final Path file;
  private final long rotateAtBytes;
  private final List<String> records;
  private FileChannel channel;
  private long size;

  private Journal(Path file, long rotateAtBytes, List<String> records, FileChannel channel, long size) {
    this.file = file;
    this.rotateAtBytes = rotateAtBytes;
    this.records = records;
    this.channel = channel;
    this.size = size;
  }

  /** {@link #open(Path, Predicate, long)} without rotation. */
  public static Journal open(Path file, Predicate<String> isRecord) {
    return open(file, isRecord, 0);
  }

  /**
   * Opens {@code file} (creating it and its folder), repairing a torn tail: the last line is cut
   * off when it has no newline, is not valid UTF-8 or {@code isRecord} refuses it. {@link #records}
   * then holds the current file's valid lines, oldest first.
   *
   * @param rotateAtBytes start a new file once the current one is at least this long; 0 = never
   */
  public static Journal open(Path file, Predicate<String> isRecord, long rotateAtBytes) {
    try {
      SecureFiles.createDirectories(file.toAbsolutePath().getParent());
      SecureFiles.createFile(file);
      byte[] bytes = Files.readAllBytes(file);
      List<String> records = new ArrayList<>();
      long keep = 0; // bytes up to the end of the last line worth keeping
      int start = 0;
      int lineNo = 0;
      while (start < bytes.length) {
        int end = indexOf(bytes, (byte) '\n', start);
        lineNo++;
        if (end < 0) {
          break; // no newline: torn
        }
        String line = utf8(bytes, start, end - start);
        boolean valid = line != null && !line.isBlank() && isRecord.test(line);
        if (valid) {
          records.add(line);
          keep = end + 1;
        } else if (line == null || !line.isBlank()) {
          if (!onlyInvalidAfter(bytes, end + 1, isRecord)) {
            LOG.warn("{} line {} is not a record: skipped", file, lineNo);
            keep = end + 1;
          }
        } else {
          keep = end + 1;
        }
        start = end + 1;
      }
      if (keep < bytes.length) {
        LOG.warn("{}: dropped a torn tail of {} bytes from line {} (a write cut short by a crash; never acknowledged)",
            file, bytes.length - keep, records.size() + 1);
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
      lockOrFail(channel, file);
      if (keep < bytes.length) {
        channel.truncate(keep);
        channel.force(true);
      }
      channel.position(keep);
      return new Journal(file, rotateAtBytes, records, channel, keep);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open journal " + file, e);
    }
  }

  /** One writer per file: a second (another server on the same data folder) would interleave records. */
  private static void lockOrFail(FileChannel channel, Path file) throws IOException {
    java.nio.channels.FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(file + " is in use by another opsmind server (one writer per data folder)");
    }
  }

  /** Whether every line from {@code from} on is invalid (a torn tail rather than one bad line in the middle). */
  private static boolean onlyInvalidAfter(byte[] bytes, int from, Predicate<String> isRecord) {
    int start = from;
    while (start < bytes.length) {
      int end = indexOf(bytes, (byte) '\n', start);
      if (end < 0) {
        return true;
      }
      String line = utf8(bytes, start, end - start);
      if (line != null && !line.isBlank() && isRecord.test(line)) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** Strict UTF-8 decoding; null when the bytes are not valid UTF-8. */
  private static String utf8(byte[] bytes, int offset, int length) {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The current file's records found by {@link #open} (appends are not added here). */
  public List<String> records() {
    return List.copyOf(records);
  }

  public Path file() {
    return file;
  }

  /** Appends one record (a line without newlines) and fsyncs; blocking. */
  public void append(String record) {
    appendAll(List.of(record));
  }

  /** Appends records in order with one fsync (and copies them to the cluster's mirror, if any); blocking. */
  public synchronized void appendAll(List<String> lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a journal record must be one line");
      }
      text.append(line).append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    try {
      if (channel == null) {
        throw new IllegalStateException("journal " + file + " is closed");
      }
      if (rotateAtBytes > 0 && size > 0 && size + bytes.length > rotateAtBytes) {
        rotate();
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
      size += bytes.length;
    } catch (IOException e) {
      // A partial write is repaired by the next open; this one was not acknowledged.
      throw new UncheckedIOException("cannot append to " + file, e);
    }
    // In a cluster: on other nodes' disks too before the caller acknowledges (still under this
    // journal's lock, so every copy holds the lines in this file's order).
    JournalMirror.appended(file, lines);
  }

  /** Renames the current file to the next {@code name.NNNNNN} and starts an empty one. */
  private void rotate() throws IOException {
    channel.force(true);
    channel.close();
    List<Path> rotated = rotatedFiles(file);
    int next = rotated.isEmpty() ? 1 : sequence(rotated.get(rotated.size() - 1)) + 1;
    Path target = file.resolveSibling(file.getFileName() + "." + String.format("%06d", next));
    Files.move(file, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    SecureFiles.createFile(file);
    channel = FileChannel.open(file, StandardOpenOption.WRITE);
    lockOrFail(channel, file);
    size = 0;
    SecureFiles.syncDirectory(file.toAbsolutePath().getParent());
    LOG.info("{} rotated to {}", file, target.getFileName());
  }

  /** The rotated files of {@code file} then {@code file} itself: every record, oldest first. */
  public static List<Path> files(Path file) {
    List<Path> all = new ArrayList<>(rotatedFiles(file));
    if (Files.exists(file)) {
      all.add(file);
    }
    return all;
  }

  private static List<Path> rotatedFiles(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    String prefix = file.getFileName() + ".";
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> {
        String name = p.getFileName().toString();
        return name.startsWith(prefix) && name.substring(prefix.length()).matches("[0-9]{6,}");
      }).sorted(java.util.Comparator.comparingInt(Journal::sequence)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static int sequence(Path rotated) {
    String name = rotated.getFileName().toString();
    return Integer.parseInt(name.substring(name.lastIndexOf('.') + 1));
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.warn("closing {}: {}", file, e.getMessage());
      }
      channel = null;
    }
  }
}
