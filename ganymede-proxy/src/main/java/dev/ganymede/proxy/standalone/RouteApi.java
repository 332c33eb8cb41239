package dev.ganymede.proxy.standalone;

import dev.ganymede.proxy.InMemoryRouteTable;
import dev.ganymede.proxy.ProxyJson;
import dev.ganymede.proxy.Route;
import dev.ganymede.proxy.RouteEntry;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * configurable-http-proxy's REST API over an {@link InMemoryRouteTable}, mounted on the API port.
 *
 * <p>{@code GET /api/routes[?inactive_since=<ISO 8601>]}, {@code GET|POST|DELETE
 * /api/routes/<prefix>}; {@code Authorization: token <secret>} (wrong or missing: 403, empty body);
 * invalid JSON or no string {@code target}: 400; unknown route: 404; other methods: 405; other
 * paths: 404. Route data keeps every extra field of the POSTed object (JSON {@code null} values are
 * dropped); {@code last_activity} is ISO 8601 with milliseconds in UTC.
 *
 * <p>Runs on the API server's event loop; table writes are short and never block.
 */
final class RouteApi implements Handler<HttpServerRequest> {
  private static final String PREFIX = "/api/routes";
  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final Pattern TOKEN = Pattern.compile("token\\s+(\\S+)");
  private static final DateTimeFormatter ACTIVITY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final InMemoryRouteTable routes;
  private final Optional<byte[]> token;

  RouteApi(InMemoryRouteTable routes, Optional<String> token) {
    this.routes = Objects.requireNonNull(routes, "routes");
    this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    if (path == null || !(path.equals(PREFIX) || path.startsWith(PREFIX + "/"))) {
      request.response().setStatusCode(404).end();
      return;
    }
    if (!authorized(request)) {
      request.response().setStatusCode(403).end();
      return;
    }
    String rest = decode(path.substring(PREFIX.length()));
    HttpMethod method = request.method();
    if (method == HttpMethod.GET) {
      if (rest.isEmpty() || rest.equals("/")) {
        list(request);
      } else {
        getOne(request, Route.normalizePrefix(rest));
      }
    } else if (method == HttpMethod.POST) {
      readBody(request, body -> post(request, Route.normalizePrefix(rest), body));
    } else if (method == HttpMethod.DELETE) {
      routes
          .remove(Route.normalizePrefix(rest))
          .onSuccess(removed -> request.response().setStatusCode(removed ? 204 : 404).end());
    } else {
      request.response().setStatusCode(405).end();
    }
  }

  private boolean authorized(HttpServerRequest request) {
    if (token.isEmpty()) {
      return true;
    }
    String header = request.getHeader("Authorization");
    if (header == null) {
      return false;
    }
    Matcher matcher = TOKEN.matcher(header);
    return matcher.find()
        && MessageDigest.isEqual(token.get(), matcher.group(1).getBytes(StandardCharsets.UTF_8));
  }

  private void list(HttpServerRequest request) {
    String since = request.getParam("inactive_since");
    if (since == null) {
      since = request.getParam("inactiveSince");
    }
    Optional<Instant> inactiveSince;
    if (since == null) {
      inactiveSince = Optional.empty();
    } else {
      Optional<Instant> parsed = parseInstant(since);
      if (parsed.isEmpty()) {
        json(request.response().setStatusCode(400), error(400, "bad inactive_since: " + since));
        return;
      }
      inactiveSince = parsed;
    }
    routes
        .list()
        .onSuccess(
            all -> {
              JsonObject answer = new JsonObject();
              for (RouteEntry entry : all.values()) {
                if (inactiveSince.isEmpty() || entry.lastActivity().isBefore(inactiveSince.get())) {
                  answer.put(entry.route().prefix(), toJson(entry));
                }
              }
              json(request.response().setStatusCode(200), answer);
            });
  }

  private void getOne(HttpServerRequest request, String prefix) {
    routes
        .get(prefix)
        .ifPresentOrElse(
            entry -> json(request.response().setStatusCode(200), toJson(entry)),
            () -> request.response().setStatusCode(404).end());
  }

  private void post(HttpServerRequest request, String prefix, Buffer body) {
    JsonObject data;
    try {
      data = body.length() == 0 ? null : ProxyJson.object(body);
    } catch (DecodeException | ClassCastException e) {
      json(request.response().setStatusCode(400), error(400, "body is not a JSON object"));
      return;
    }
    if (data == null || !(data.getValue("target") instanceof String target)) {
      json(request.response().setStatusCode(400), error(400, "target must be a string"));
      return;
    }
    URI targetUri;
    try {
      targetUri = new URI(target);
    } catch (URISyntaxException e) {
      json(request.response().setStatusCode(400), error(400, "target is not a URL: " + target));
      return;
    }
    if (targetUri.getHost() == null
        || !("http".equals(targetUri.getScheme()) || "https".equals(targetUri.getScheme()))) {
      json(request.response().setStatusCode(400), error(400, "target must be an http(s) URL"));
      return;
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Map.Entry<String, Object> field : data.getMap().entrySet()) {
      if (!field.getKey().equals("target")
          && !field.getKey().equals("last_activity")
          && field.getValue() != null) {
        extra.put(field.getKey(), field.getValue());
      }
    }
    routes
        .put(new Route(prefix, targetUri, extra))
        .onSuccess(v -> request.response().setStatusCode(201).end());
  }

  private static void readBody(HttpServerRequest request, Handler<Buffer> then) {
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (body.length() + chunk.length() > MAX_BODY_BYTES) {
            request.handler(null);
            HttpServerResponse response = request.response();
            if (!response.ended()) {
              response.putHeader("Connection", "close");
              json(response.setStatusCode(413), error(413, "body too large"));
            }
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        v -> {
          if (!request.response().ended()) {
            then.handle(body);
          }
        });
  }

  private static JsonObject toJson(RouteEntry entry) {
    JsonObject json = new JsonObject(new LinkedHashMap<>(entry.route().data()));
    json.put("target", entry.route().target().toString());
    json.put("last_activity", ACTIVITY.format(entry.lastActivity()));
    return json;
  }

  /** ISO 8601 with or without offset (without: UTC), as JavaScript's {@code new Date(s)}. */
  static Optional<Instant> parseInstant(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  private static String decode(String path) {
    try {
      return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return path;
    }
  }

  private static JsonObject error(int status, String message) {
    return new JsonObject().put("status", status).put("message", message);
  }

  private static void json(HttpServerResponse response, JsonObject body) {
    response.putHeader("Content-Type", "application/json").end(ProxyJson.text(body));
  }
}
