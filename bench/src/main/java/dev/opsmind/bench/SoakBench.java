package dev.opsmind.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The 30-minute soak of issue 12, against a running server: {@code --clients} threads send a mix
 * of ordinary and hostile requests (3.8 MB embeddings inputs, malformed bodies, wrong keys, random
 * HTTP methods) while half-open sockets are opened and left; every {@code --every} seconds it
 * prints the outcome counts and, with {@code --pid}, the server's resident memory and open file
 * descriptors (from /proc), so a leak shows as a climb. Exit 1 on any 5xx or /health failure.
 *
 * <pre>java ... dev.opsmind.bench.SoakBench --url http://127.0.0.1:8080 [--key KEY] [--pid PID]
 *     [--minutes 30] [--clients 4] [--every 30] [--embedder bge-small-zh-v1.5] [--half-open 50]</pre>
 */
public final class SoakBench {
  private SoakBench() {}

  public static void main(String[] args) throws Exception {
    String url = arg(args, "--url", "http://127.0.0.1:8080");
    String key = arg(args, "--key", null);
    long pid = Long.parseLong(arg(args, "--pid", "-1"));
    double minutes = Double.parseDouble(arg(args, "--minutes", "30"));
    int clients = Integer.parseInt(arg(args, "--clients", "4"));
    int every = Integer.parseInt(arg(args, "--every", "30"));
    int halfOpen = Integer.parseInt(arg(args, "--half-open", "50"));
    String embedder = arg(args, "--embedder", "bge-small-zh-v1.5");
    URI base = URI.create(url);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    AtomicLongArray counts = new AtomicLongArray(4); // 2xx, 4xx, 5xx, failed
    long end = System.nanoTime() + (long) (minutes * 60e9);
    String huge = "disk full on /var ".repeat(210_000);
    List<String[]> mix = List.of(
        new String[] {"GET", "/v1/models", null},
        new String[] {"POST", "/v1/embeddings", "{\"model\":\"" + embedder + "\",\"input\":\"nginx 502\"}"},
        new String[] {"POST", "/v1/embeddings", "{\"model\":\"" + embedder + "\",\"input\":\"" + huge + "\"}"},
        new String[] {"POST", "/v1/search", "{\"query\":\"disk full\",\"top_k\":3}"},
        new String[] {"POST", "/v1/chat/completions", "{\"model\":\"opsmind-extractive\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"the disk is full, what now?\"}]}"},
        new String[] {"POST", "/v1/chat/completions", "{\"model\":"},
        new String[] {"POST", "/v1/feedback", "[]"},
        new String[] {"WRONGKEY", "/v1/models", null},
        new String[] {"GET", "/metrics", null});
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Random random = new Random(c);
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          String[] r = mix.get(random.nextInt(mix.size()));
          try {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(r[1])).timeout(Duration.ofMinutes(2));
            String auth = r[0].equals("WRONGKEY") ? "sk-wrong" : key;
            if (auth != null) {
              b.header("Authorization", "Bearer " + auth);
            }
            b.header("Content-Type", "application/json");
            b.method(r[0].equals("WRONGKEY") ? "GET" : r[0],
                r[2] == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(r[2]));
            int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            counts.incrementAndGet(status < 300 ? 0 : status < 500 ? 1 : 2);
          } catch (IOException | InterruptedException e) {
            counts.incrementAndGet(3);
          }
        }
      }, "soak-" + c);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    List<Socket> idle = new ArrayList<>();
    Random random = new Random(99);
    boolean healthy = true;
    System.out.println("  min |    2xx |    4xx | 5xx | failed | half-open held | rss MB | fds");
    while (System.nanoTime() < end) {
      Thread.sleep(every * 1000L);
      idle.removeIf(Socket::isClosed);
      for (int i = 0; i < halfOpen; i++) { // half-open sockets: connect, maybe a partial header, then nothing
        try {
          Socket s = new Socket(base.getHost(), base.getPort());
          if (random.nextBoolean()) {
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          idle.add(s);
        } catch (IOException e) {
          counts.incrementAndGet(3);
        }
      }
      int held = 0;
      for (Socket s : idle) {
        if (s.isClosed()) {
          continue;
        }
        s.setSoTimeout(1);
        try {
          if (s.getInputStream().read() < 0) {
            s.close(); // the server closed it (header or idle timeout)
          } else {
            held++;
          }
        } catch (java.net.SocketTimeoutException e) {
          held++;
        } catch (IOException e) {
          s.close();
        }
      }
      try {
        int health = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        healthy &= health == 200;
      } catch (IOException e) {
        healthy = false;
      }
      double elapsed = (minutes * 60e9 - (end - System.nanoTime())) / 60e9;
      System.out.printf(Locale.ROOT, "%5.1f | %6d | %6d | %3d | %6d | %14d | %6s | %s%n", elapsed, counts.get(0),
          counts.get(1), counts.get(2), counts.get(3), held, pid > 0 ? rssMb(pid) : "-", pid > 0 ? fds(pid) : "-");
    }
    for (Socket s : idle) {
      s.close();
    }
    System.out.println(counts.get(2) == 0 && healthy ? "ok: no 5xx, /health always answered"
        : "FAILED: " + counts.get(2) + " 5xx, health " + (healthy ? "ok" : "failed"));
    System.exit(counts.get(2) == 0 && healthy ? 0 : 1);
  }

  private static String rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.toString(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // gone or not Linux
    }
    return "?";
  }

  private static String fds(long pid) {
    try (var list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return Long.toString(list.count());
    } catch (IOException e) {
      return "?";
    }
  }

  private static String arg(String[] args, String name, String absent) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return absent;
  }
}
