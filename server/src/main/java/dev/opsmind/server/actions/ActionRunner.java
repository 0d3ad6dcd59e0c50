package dev.opsmind.server.actions;

import dev.opsmind.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Starts an approved argv: {@link ProcessBuilder} with the argv as given (no shell, no PATH
 * lookup: the executable is an absolute path on {@code actions.allow}), an environment made only of
 * what the config lists, the configured working directory, stdin closed, stdout and stderr each
 * kept up to a cap (the rest read, counted, digested and dropped), and on timeout the whole
 * process tree killed. At most {@code actions.maxConcurrent} processes at once. Blocking: call it
 * on a worker.
 */
public final class ActionRunner {
  private final ServerConfig.Actions config;
  private final Path workingDirectory;
  private final Semaphore slots;

  public ActionRunner(ServerConfig.Actions config, Path home) {
    this.config = config;
    this.workingDirectory = config.workingDirectory() != null ? config.workingDirectory() : home;
    this.slots = new Semaphore(config.maxConcurrent());
  }

  /** Whether {@code executable} is on the allowlist (exact path). */
  public boolean allowed(String executable) {
    return config.allow().contains(executable);
  }

  /** One captured stream: its kept text, whether it was cut, its full length and SHA-256. */
  public record Output(String text, boolean truncated, long bytes, String sha256) {}

  /**
   * What happened. {@code exitCode} is null when the process never started or was killed at the
   * timeout; {@code launchError} says why it never started.
   */
  public record Result(Integer exitCode, Output stdout, Output stderr, long startedAtMillis, long durationMillis,
      boolean timedOut, String launchError) {}

  /** A slot for one run, or false when {@code maxConcurrent} run already. Release with {@link #release}. */
  public boolean tryAcquire() {
    return slots.tryAcquire();
  }

  public void release() {
    slots.release();
  }

  /** Runs {@code argv} to its end or its timeout (the caller holds a slot). */
  public Result run(List<String> argv, int timeoutSeconds) {
    long started = System.currentTimeMillis();
    long t0 = System.nanoTime();
    if (!allowed(argv.get(0))) {
      throw new IllegalStateException("not on actions.allow: " + argv.get(0));
    }
    ProcessBuilder builder = new ProcessBuilder(argv).directory(workingDirectory.toFile());
    var env = builder.environment();
    env.clear();
    for (String name : config.passEnvironment()) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.putAll(config.environment());
    Process process;
    try {
      if (!Files.isDirectory(workingDirectory)) {
        throw new IOException("the working directory " + workingDirectory + " does not exist");
      }
      process = builder.start();
    } catch (IOException e) {
      Output none = new Output("", false, 0, sha256(new byte[0]));
      return new Result(null, none, none, started, (System.nanoTime() - t0) / 1_000_000, false,
          "cannot start " + argv.get(0) + ": " + e.getMessage());
    }
    try {
      process.getOutputStream().close(); // stdin: closed, so a prompt reads end-of-file instead of hanging
    } catch (IOException e) {
      // already gone
    }
    Capture out = new Capture(process.getInputStream(), config.maxOutputBytes());
    Capture err = new Capture(process.getErrorStream(), config.maxOutputBytes());
    Thread outReader = Thread.ofPlatform().daemon().name("opsmind-action-stdout").start(out);
    Thread errReader = Thread.ofPlatform().daemon().name("opsmind-action-stderr").start(err);
    boolean timedOut = false;
    Integer exit = null;
    try {
      if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        exit = process.exitValue();
      } else {
        timedOut = true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      timedOut = true;
    } finally {
      // On a timeout the whole tree goes; after a normal exit, what it left behind goes too (an
      // action is over when its process is, and leftovers would hold the output pipes open).
      killTree(process.toHandle());
    }
    join(outReader);
    join(errReader);
    return new Result(timedOut ? null : exit, out.output(), err.output(), started,
        (System.nanoTime() - t0) / 1_000_000, timedOut, null);
  }

  /**
   * Kills a process and every descendant: the tree is listed before anything is killed (a killed
   * parent's children leave the tree), then killed, and listed again while anything is left. A
   * process that detached itself (double fork, setsid) is beyond reach: confine such services
   * with systemd-run or the like.
   */
  static void killTree(ProcessHandle root) {
    for (int round = 0; round < 5; round++) {
      List<ProcessHandle> tree = new ArrayList<>();
      tree.add(root);
      root.descendants().forEach(tree::add);
      List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).toList();
      if (alive.isEmpty()) {
        return;
      }
      alive.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle p : alive) {
        try {
          p.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          // checked again next round
        }
      }
    }
  }

  private static void join(Thread reader) {
    try {
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a stream to its end: keeps the first {@code cap} bytes, digests and counts all of them. */
  private static final class Capture implements Runnable {
    private final InputStream in;
    private final byte[] kept;
    private int keptLength;
    private long total;
    private final MessageDigest digest;
    private volatile Output output;

    Capture(InputStream in, int cap) {
      this.in = in;
      this.kept = new byte[cap];
      try {
        this.digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          digest.update(buffer, 0, n);
          int keep = Math.min(n, kept.length - keptLength);
          System.arraycopy(buffer, 0, kept, keptLength, keep);
          keptLength += keep;
          total += n;
        }
      } catch (IOException e) {
        // the process went away mid-read: keep what was read
      }
      String text = decode();
      output = new Output(text, total > keptLength, total, HexFormat.of().formatHex(digest.digest()));
    }

    private String decode() {
      try {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(kept, 0, keptLength)).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        return new String(kept, 0, keptLength, StandardCharsets.UTF_8);
      }
    }

    Output output() {
      Output o = output;
      return o != null ? o : new Output(decode(), total > keptLength, total, "");
    }
  }
}
