package dev.ganymede.proxy.standalone;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The hub's answer about one (session, route): allow with headers to add, or deny. */
record AuthAnswer(
    boolean allow,
    Map<String, String> headers,
    Set<String> stripCookies,
    int status,
    String message,
    Optional<String> loginUrl) {

  AuthAnswer {
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    stripCookies = Set.copyOf(Objects.requireNonNull(stripCookies, "stripCookies"));
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(loginUrl, "loginUrl");
  }

  static AuthAnswer fromJson(JsonObject json) {
    boolean allow = json.getBoolean("allow", false);
    Map<String, String> headers = new LinkedHashMap<>();
    JsonObject h = json.getJsonObject("headers", new JsonObject());
    for (String name : h.fieldNames()) {
      headers.put(name, h.getString(name));
    }
    JsonArray strip = json.getJsonArray("stripCookies", new JsonArray());
    List<String> names = strip.stream().map(Object::toString).toList();
    int status = json.getInteger("status", allow ? 200 : 403);
    if (status < 400 || status > 599) {
      status = 403;
    }
    return new AuthAnswer(
        allow,
        headers,
        Set.copyOf(names),
        allow ? 200 : status,
        json.getString("message", allow ? "" : "Access denied."),
        HubSessionAuth.nonEmpty(json.getString("loginUrl")));
  }
}
