import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load generator for bench/proxy/run.py (JDK only: run with `java WsBench.java ...`).
 *
 * <ul>
 *   <li>{@code echo <ws-url> <connections> <seconds>}: each connection sends a 32-byte text
 *       message and waits for its echo, in a loop; prints {@code msgs_per_s p50_ms p99_ms}.
 *   <li>{@code idle <ws-url> <connections> <hold-file>}: opens idle connections, prints {@code
 *       open <n>}, and holds them until {@code hold-file} disappears.
 *   <li>{@code routes <api-url> <token> <count> <target>}: POSTs {@code count} routes {@code
 *       /r/<i>} with 16 in flight; prints the seconds it took.
 * </ul>
 */
public class WsBench {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "echo" -> echo(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "idle" -> idle(URI.create(args[1]), Integer.parseInt(args[2]), java.nio.file.Path.of(args[3]));
      case "routes" -> routes(URI.create(args[1]), args[2], Integer.parseInt(args[3]), args[4]);
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.exit(0);
  }

  static void echo(URI uri, int connections, int seconds) throws Exception {
    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
    LongAdder count = new LongAdder();
    ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean running = new AtomicBoolean(true);
    String payload = "x".repeat(32);
    List<WebSocket> sockets = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      long[] sent = new long[1];
      long[] lat = new long[1 << 17];
      int[] n = new int[1];
      samples.add(lat);
      WebSocket.Listener listener =
          new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              if (!last) { // a message may arrive in parts; only a whole echo counts
                ws.request(1);
                return null;
              }
              if (measuring.get()) {
                count.increment();
                if (n[0] < lat.length) {
                  lat[n[0]++] = System.nanoTime() - sent[0];
                }
              }
              if (running.get()) {
                sent[0] = System.nanoTime();
                ws.sendText(payload, true);
              }
              ws.request(1);
              return null;
            }
          };
      WebSocket ws = http.newWebSocketBuilder().buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
      sockets.add(ws);
      sent[0] = System.nanoTime();
      ws.sendText(payload, true);
    }
    Thread.sleep(1000); // warm-up
    measuring.set(true);
    long begun = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    double elapsed = (System.nanoTime() - begun) / 1e9;
    running.set(false);
    long total = count.sum();
    long[] all = samples.stream().flatMapToLong(a -> Arrays.stream(a).filter(v -> v > 0)).sorted().toArray();
    double p50 = all.length == 0 ? 0 : all[all.length / 2] / 1e6;
    double p99 = all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e6;
    System.out.printf("%.0f %.3f %.3f%n", total / elapsed, p50, p99);
    for (WebSocket ws : sockets) {
      ws.abort();
    }
  }

  static void idle(URI uri, int connections, java.nio.file.Path hold) throws Exception {
    HttpClient http = HttpClient.newBuilder().build();
    List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
    List<WebSocket> open = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      opening.add(http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {}));
      if (opening.size() == 200) {
        for (CompletableFuture<WebSocket> f : opening) {
          open.add(f.get(30, TimeUnit.SECONDS));
        }
        opening.clear();
      }
    }
    for (CompletableFuture<WebSocket> f : opening) {
      open.add(f.get(30, TimeUnit.SECONDS));
    }
    System.out.println("open " + open.size());
    System.out.flush();
    while (java.nio.file.Files.exists(hold)) {
      Thread.sleep(200);
    }
    for (WebSocket ws : open) {
      ws.abort();
    }
  }

  static void routes(URI api, String token, int count, String target) throws Exception {
    // Warm-up, the same for every proxy: the route API's JIT (and this client's), with routes
    // under another prefix that are deleted again before the measured run.
    int warmup = Math.max(100, count / 5);
    send(api, token, "POST", "/api/routes/warm/", warmup, target);
    send(api, token, "DELETE", "/api/routes/warm/", warmup, target);
    long begun = System.nanoTime();
    send(api, token, "POST", "/api/routes/r/", count, target);
    System.out.printf("%.3f%n", (System.nanoTime() - begun) / 1e9);
  }

  /**
   * {@code count} requests {@code <prefix><i>} over 16 keep-alive HTTP/1.1 connections, one request
   * in flight on each (a plain socket client: the JDK's HttpClient costs more per request than the
   * route APIs being measured, and would upgrade to h2c where a server offers it).
   */
  static void send(URI api, String token, String method, String prefix, int count, String target)
      throws Exception {
    int connections = 16;
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    String expected = method.equals("POST") ? " 201" : " 204";
    byte[] body =
        method.equals("POST")
            ? ("{\"target\":\"" + target + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)
            : new byte[0];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (java.net.Socket socket = new java.net.Socket(api.getHost(), api.getPort())) {
                      socket.setTcpNoDelay(true);
                      var out = new java.io.BufferedOutputStream(socket.getOutputStream());
                      var in = new java.io.BufferedInputStream(socket.getInputStream());
                      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        String head =
                            method + " " + prefix + i + " HTTP/1.1\r\nHost: " + api.getHost() + ":"
                                + api.getPort() + "\r\nAuthorization: token " + token
                                + "\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length + "\r\n\r\n";
                        out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                        String status = readLine(in);
                        int length = 0;
                        boolean chunked = false;
                        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                          String lower = line.toLowerCase(java.util.Locale.ROOT);
                          if (lower.startsWith("content-length:")) {
                            length = Integer.parseInt(lower.substring(15).trim());
                          } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                            chunked = true;
                          }
                        }
                        if (chunked) {
                          for (int size = Integer.parseInt(readLine(in).trim(), 16); size > 0;
                              size = Integer.parseInt(readLine(in).trim(), 16)) {
                            in.readNBytes(size + 2);
                          }
                          readLine(in);
                        } else {
                          in.readNBytes(length);
                        }
                        if (!status.contains(expected)) {
                          failures.incrementAndGet();
                          System.err.println(method + " " + prefix + i + ": " + status);
                        }
                      }
                    } catch (java.io.IOException e) {
                      failures.incrementAndGet();
                      System.err.println(method + " routes: " + e);
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join(120_000);
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " " + method + " requests failed");
    }
  }

  private static String readLine(java.io.InputStream in) throws java.io.IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new java.io.EOFException("connection closed");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }
}
