package dev.opsmind.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config file when it changes (checked every {@code periodMillis}) or on SIGHUP, and
 * hands the new config to {@code apply}. A file that no longer loads is logged and ignored: the
 * running config stays. Runs on its own daemon thread, never on an event loop.
 */
public final class ConfigWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatch.class);

  private final Path file;
  private final Supplier<ServerConfig> load;
  private final Consumer<ServerConfig> apply;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "opsmind-config-watch");
    t.setDaemon(true);
    return t;
  });
  private FileTime lastModified;
  private long lastSize;

  /**
   * @param load reads the file (with environment overrides and command-line flags) into a config
   * @param apply what to do with a config that loaded
   */
  public ConfigWatch(Path file, Supplier<ServerConfig> load, Consumer<ServerConfig> apply, long periodMillis) {
    this.file = file;
    this.load = load;
    this.apply = apply;
    stamp();
    thread.scheduleWithFixedDelay(this::checkForChange, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> thread.execute(this::reload));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.info("no SIGHUP on this platform: the config is reloaded when the file changes");
    }
  }

  private boolean stamp() {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      boolean changed = lastModified != null && (!modified.equals(lastModified) || size != lastSize);
      lastModified = modified;
      lastSize = size;
      return changed;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private void checkForChange() {
    if (stamp()) {
      reload();
    }
  }

  /** Loads and applies the file now (on the watch thread). */
  public void reload() {
    try {
      ServerConfig config = load.get();
      apply.accept(config);
    } catch (RuntimeException e) {
      LOG.error("config {} not reloaded: {}", file, e.getMessage());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
