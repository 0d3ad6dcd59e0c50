package dev.opsmind.indexer.logs.mine;

/** Masking plus mining: a message in, its template out. One per stream (not thread-safe). */
public final class LineMiner {
  private final Masker masker = new Masker();
  private final TemplateMiner miner;

  public LineMiner() {
    this(new TemplateMiner());
  }

  public LineMiner(TemplateMiner miner) {
    this.miner = miner;
  }

  /** Mines a message (only its first line: a stack trace's lines stay with it but do not shape it). */
  public Template mine(String message) {
    return miner.add(TemplateMiner.tokens(masker.mask(firstLine(message))));
  }

  /** The template the message matches without learning from it, or null. */
  public Template match(String message) {
    return miner.match(TemplateMiner.tokens(masker.mask(firstLine(message))));
  }

  public TemplateMiner miner() {
    return miner;
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
