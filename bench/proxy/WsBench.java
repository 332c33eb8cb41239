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
    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build();
    // Warm-up, the same for every proxy: this client's JIT and the route API's, with routes under
    // another prefix that are deleted again before the measured run.
    int warmup = Math.max(100, count / 5);
    send(http, api, token, "POST", "/api/routes/warm/", warmup, target);
    send(http, api, token, "DELETE", "/api/routes/warm/", warmup, target);
    long begun = System.nanoTime();
    send(http, api, token, "POST", "/api/routes/r/", count, target);
    System.out.printf("%.3f%n", (System.nanoTime() - begun) / 1e9);
  }

  /** {@code count} requests {@code <prefix><i>} with 16 in flight; waits for all answers. */
  static void send(
      HttpClient http, URI api, String token, String method, String prefix, int count, String target)
      throws Exception {
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(16);
    CountDownLatch done = new CountDownLatch(count);
    int expected = method.equals("POST") ? 201 : 204;
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      HttpRequest request =
          HttpRequest.newBuilder(api.resolve(prefix + i))
              .header("Authorization", "token " + token)
              .method(
                  method,
                  method.equals("POST")
                      ? HttpRequest.BodyPublishers.ofString("{\"target\":\"" + target + "\"}")
                      : HttpRequest.BodyPublishers.noBody())
              .build();
      http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (r, e) -> {
                if (e != null || r.statusCode() != expected) {
                  System.err.println(
                      method + " route failed: " + (e != null ? e : r.statusCode()));
                }
                inFlight.release();
                done.countDown();
              });
    }
    if (!done.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(method + " routes did not finish within 120 s");
    }
  }
}
