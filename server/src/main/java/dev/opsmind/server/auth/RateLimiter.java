package dev.opsmind.server.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-principal token buckets (config {@code quotas.requestsPerMinute} and {@code quotas.burst}):
 * each principal's bucket holds up to {@code burst} requests and refills at
 * {@code requestsPerMinute / 60} per second; a request takes one token or waits
 * {@link #retryAfterSeconds} (429 with Retry-After). Buckets of principals idle long enough to be
 * full are dropped, so memory follows the active principals only.
 */
public final class RateLimiter {
  private final double perNano;
  private final double burst;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  /** {@code requestsPerMinute} 0 = no limit. */
  public RateLimiter(int requestsPerMinute, int burst) {
    this(requestsPerMinute, burst, System::nanoTime);
  }

  RateLimiter(int requestsPerMinute, int burst, LongSupplier clock) {
    this.perNano = requestsPerMinute / 60e9;
    this.burst = burst;
    this.clock = clock;
  }

  public boolean enabled() {
    return perNano > 0;
  }

  /** Takes a token for {@code principal}: 0 when it may go ahead, else the seconds until it may. */
  public int acquire(String principal) {
    if (!enabled()) {
      return 0;
    }
    long now = clock.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(principal, p -> new Bucket(burst, now));
    synchronized (bucket) {
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perNano);
      bucket.at = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return (int) Math.max(1, Math.ceil((1 - bucket.tokens) / perNano / 1e9));
    }
  }

  /** Drops buckets that have refilled (their principals were idle): call now and then. */
  public void forgetIdle() {
    long now = clock.getAsLong();
    buckets.entrySet().removeIf(e -> {
      synchronized (e.getValue()) {
        return e.getValue().tokens + (now - e.getValue().at) * perNano >= burst;
      }
    });
  }

  int tracked() {
    return buckets.size();
  }
}
