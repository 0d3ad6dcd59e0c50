package dev.opsmind.indexer.progress;

import dev.opsmind.indexer.ingest.FileOutcome;
import dev.opsmind.indexer.ingest.IngestListener;
import dev.opsmind.indexer.ingest.IngestPlan;
import dev.opsmind.indexer.ingest.IngestReport;
import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Shows a run's progress on a stream (stderr): a bar redrawn in place on a terminal, or a plain
 * line every few seconds otherwise (CI logs, pipes). Shows files done of those needing work,
 * chunks written, embeddings per second and the ETA (from bytes still to process at the rate so
 * far).
 */
public final class ProgressPrinter implements IngestListener {
  public enum Mode { BAR, PLAIN, NONE }

  private static final long BAR_REDRAW_MILLIS = 100;
  private static final long PLAIN_EVERY_MILLIS = 5_000;
  private static final int BAR_WIDTH = 24;

  private final PrintStream out;
  private final Mode mode;
  private final LongSupplier clock;
  private long startMillis;
  private long lastDraw;
  private int total;
  private long totalBytes;
  private int done;
  private long doneBytes;
  private long chunks;
  private long embeddings;
  private boolean barDrawn;

  public ProgressPrinter(PrintStream out, Mode mode) {
    this(out, mode, System::currentTimeMillis);
  }

  ProgressPrinter(PrintStream out, Mode mode, LongSupplier clock) {
    this.out = out;
    this.mode = mode;
    this.clock = clock;
    this.startMillis = clock.getAsLong();
  }

  @Override
  public void planned(IngestPlan plan) {
    startMillis = clock.getAsLong();
    total = plan.workItems();
    totalBytes = plan.bytesToProcess();
    if (mode == Mode.PLAIN) {
      out.printf("indexing: %d files to add/update/rename/delete, %d unchanged%n", total, plan.unchanged().size());
    }
  }

  @Override
  public void embedded(int count) {
    embeddings += count;
    maybeDraw();
  }

  @Override
  public void fileDone(FileOutcome outcome) {
    if (outcome.kind() == FileOutcome.Kind.UNCHANGED || outcome.kind() == FileOutcome.Kind.SKIPPED) return;
    done++;
    doneBytes += outcome.bytes();
    chunks += outcome.chunks();
    maybeDraw();
  }

  @Override
  public void finished(IngestReport report) {
    if (mode == Mode.BAR && barDrawn) {
      out.print("\r" + line() + "\n");
    } else if (mode == Mode.PLAIN && total > 0) {
      out.println(line());
    }
    out.flush();
  }

  private void maybeDraw() {
    if (mode == Mode.NONE) return;
    long now = clock.getAsLong();
    long every = mode == Mode.BAR ? BAR_REDRAW_MILLIS : PLAIN_EVERY_MILLIS;
    if (now - lastDraw < every) return;
    lastDraw = now;
    if (mode == Mode.BAR) {
      out.print("\r" + line() + "\u001b[K"); // erase what a longer previous line left
      barDrawn = true;
    } else {
      out.println(line());
    }
    out.flush();
  }

  /** The progress line, e.g. {@code [########....] 120/300 files  812 chunks  85.2 emb/s  ETA 0:42}. */
  String line() {
    double seconds = Math.max(1e-3, (clock.getAsLong() - startMillis) / 1000.0);
    double rate = embeddings / seconds;
    StringBuilder s = new StringBuilder();
    if (mode == Mode.BAR) {
      int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / total);
      s.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
    }
    s.append(done).append('/').append(total).append(" files  ")
        .append(chunks).append(" chunks  ")
        .append(String.format("%.1f emb/s", rate))
        .append("  ETA ").append(eta(seconds));
    return s.toString();
  }

  private String eta(double seconds) {
    if (done >= total) return "0:00";
    if (doneBytes == 0 || totalBytes == 0) return "--:--";
    long left = (long) (seconds * (totalBytes - doneBytes) / doneBytes);
    return left >= 3600 ? "%d:%02d:%02d".formatted(left / 3600, left / 60 % 60, left % 60) : "%d:%02d".formatted(left / 60, left % 60);
  }
}
