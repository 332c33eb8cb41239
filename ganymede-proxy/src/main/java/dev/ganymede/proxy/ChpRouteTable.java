package dev.ganymede.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link RouteTable} that drives a proxy in another process over configurable-http-proxy's REST
 * API: {@code ganymede proxy}, or configurable-http-proxy itself.
 *
 * <p>{@link #put} is {@code POST /api/routes/<prefix>} with the route's data and {@code target};
 * {@link #remove} is {@code DELETE} (404 completes with {@code false}); {@link #list} is {@code GET
 * /api/routes}, with each route's {@code last_activity}. Every call carries {@code Authorization:
 * token <secret>}; connect timeout 3 s, whole request 10 s; a status other than expected fails the
 * future with a {@link ProxyApiException} (the caller retries: the hub's reconcile loop).
 *
 * <p>Threading: methods may be called from any thread; futures complete on a Vert.x event loop.
 */
public final class ChpRouteTable implements RouteTable, AutoCloseable {
  private static final long REQUEST_TIMEOUT_MILLIS = 10_000;

  private final Vertx vertx;
  private final Context context;
  private final HttpClient client;
  private final URI apiUrl;
  private final String authToken;

  /**
   * @param apiUrl the API's base URL, e.g. {@code http://127.0.0.1:8001} (paths {@code /api/routes}
   *     are appended)
   * @param authToken the shared secret ({@code CONFIGPROXY_AUTH_TOKEN})
   */
  public ChpRouteTable(Vertx vertx, URI apiUrl, String authToken) {
    this(vertx, apiUrl, authToken, TargetTls.SYSTEM_TRUST);
  }

  /**
   * @param apiUrl the API's base URL, e.g. {@code https://localhost:8001}
   * @param authToken the shared secret ({@code CONFIGPROXY_AUTH_TOKEN})
   * @param tls for an {@code https} API: the CAs to trust and the certificate to present (the API's
   *     certificate and host name are always verified)
   */
  public ChpRouteTable(Vertx vertx, URI apiUrl, String authToken, TargetTls tls) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.context = vertx.getOrCreateContext();
    this.apiUrl = Objects.requireNonNull(apiUrl, "apiUrl");
    this.authToken = Objects.requireNonNull(authToken, "authToken");
    HttpClientOptions options =
        new HttpClientOptions().setName("ganymede-route-api").setConnectTimeout(3_000);
    tls.trustOptions().ifPresent(options::setTrustOptions);
    tls.keyCertOptions().ifPresent(options::setKeyCertOptions);
    this.client =
        vertx.httpClientBuilder().with(options).with(new PoolOptions().setHttp1MaxSize(10)).build();
  }

  @Override
  public Future<Void> put(Route route) {
    Objects.requireNonNull(route, "route");
    JsonObject body = new JsonObject(new LinkedHashMap<>(route.data()));
    body.put("target", route.target().toString());
    return call(HttpMethod.POST, routePath(route.prefix()), ProxyJson.buffer(body))
        .map(
            response -> {
              if (response.status() != 201 && response.status() != 200) {
                throw failure("POST", route.prefix(), response.status());
              }
              return null;
            });
  }

  @Override
  public Future<Boolean> remove(String prefix) {
    String normalized = Route.normalizePrefix(prefix);
    return call(HttpMethod.DELETE, routePath(normalized), Buffer.buffer())
        .map(
            response ->
                switch (response.status()) {
                  case 204, 200 -> true;
                  case 404 -> false;
                  default -> throw failure("DELETE", normalized, response.status());
                });
  }

  @Override
  public Future<Map<String, RouteEntry>> list() {
    return call(HttpMethod.GET, "/api/routes", Buffer.buffer())
        .map(
            response -> {
              if (response.status() != 200) {
                throw failure("GET", "", response.status());
              }
              return parse(ProxyJson.object(response.body()));
            });
  }

  /** Releases the HTTP client. */
  @Override
  public void close() {
    client.close();
  }

  private Future<Answer> call(HttpMethod method, String path, Buffer body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(method)
            .setAbsoluteURI(apiUrl.toString().replaceAll("/+$", "") + path)
            .setTimeout(REQUEST_TIMEOUT_MILLIS)
            .putHeader("Authorization", "token " + authToken);
    if (method == HttpMethod.POST) {
      options.putHeader("Content-Type", "application/json");
    }
    // The whole exchange runs on one Vert.x context: a caller on another thread could otherwise
    // attach the body handler after a fast response has already ended, and wait forever.
    Promise<Answer> answer = Promise.promise();
    context.runOnContext(
        v ->
            client
                .request(options)
                .compose(request -> body.length() == 0 ? request.send() : request.send(body))
                .compose(response -> response.body().map(b -> new Answer(response.statusCode(), b)))
                .onComplete(
                    result -> {
                      if (result.succeeded()) {
                        answer.tryComplete(result.result());
                      } else {
                        answer.tryFail(result.cause());
                      }
                    }));
    // the request timeout above is an idle timeout; this bounds the whole exchange
    long timer =
        vertx.setTimer(
            REQUEST_TIMEOUT_MILLIS + 1_000,
            id ->
                answer.tryFail(
                    new ProxyApiException(
                        method
                            + " "
                            + path
                            + ": no complete answer from the proxy's API within "
                            + (REQUEST_TIMEOUT_MILLIS / 1000 + 1)
                            + " s")));
    return answer.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  static Map<String, RouteEntry> parse(JsonObject all) {
    TreeMap<String, RouteEntry> entries = new TreeMap<>();
    for (String key : all.fieldNames()) {
      if (!(all.getValue(key) instanceof JsonObject route)
          || !(route.getValue("target") instanceof String target)) {
        continue;
      }
      URI targetUri;
      try {
        targetUri = new URI(target);
      } catch (URISyntaxException e) {
        continue;
      }
      Map<String, Object> data = new LinkedHashMap<>();
      for (Map.Entry<String, Object> field : route.getMap().entrySet()) {
        if (!field.getKey().equals("target")
            && !field.getKey().equals("last_activity")
            && field.getValue() != null) {
          data.put(field.getKey(), field.getValue());
        }
      }
      Instant activity = Instant.EPOCH;
      if (route.getValue("last_activity") instanceof String text) {
        try {
          activity = Instant.parse(text);
        } catch (DateTimeParseException e) {
          activity = Instant.EPOCH;
        }
      }
      Route parsed = new Route(key, targetUri, data);
      entries.put(parsed.prefix(), new RouteEntry(parsed, activity));
    }
    return Collections.unmodifiableMap(entries);
  }

  /** {@code /api/routes} plus the prefix with each segment percent-encoded. */
  static String routePath(String prefix) {
    if (prefix.equals("/")) {
      return "/api/routes/";
    }
    try {
      return "/api/routes" + new URI(null, null, prefix, null).getRawPath();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("route prefix is not a valid path: " + prefix, e);
    }
  }

  private static ProxyApiException failure(String method, String prefix, int status) {
    return new ProxyApiException(
        "route API " + method + " /api/routes" + prefix + " answered " + status);
  }

  private record Answer(int status, Buffer body) {}

  /** The route API answered with an unexpected status. */
  public static final class ProxyApiException extends RuntimeException {
    ProxyApiException(String message) {
      super(message);
    }
  }
}
