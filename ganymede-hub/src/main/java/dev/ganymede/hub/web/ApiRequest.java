package dev.ganymede.hub.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One authenticated REST API request, for the blocking part of an endpoint. */
final class ApiRequest {
  private final RoutingContext ctx;
  private final ApiIdentity identity;

  ApiRequest(RoutingContext ctx, ApiIdentity identity) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.identity = Objects.requireNonNull(identity, "identity");
  }

  ApiIdentity identity() {
    return identity;
  }

  RoutingContext context() {
    return ctx;
  }

  String param(String name) {
    String value = ctx.pathParam(name);
    return value == null ? "" : value;
  }

  Optional<String> query(String name) {
    return Optional.ofNullable(ctx.request().getParam(name));
  }

  /** The JSON object body; empty when there is no body; 400 for anything but an object. */
  Optional<JsonObject> objectBody() {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw HttpError.badRequest("Invalid JSON in request body.");
    }
    if (!(parsed instanceof JsonObject object)) {
      throw HttpError.badRequest("The request body must be a JSON object.");
    }
    return Optional.of(object);
  }

  JsonObject requireObjectBody() {
    return objectBody().orElseThrow(() -> HttpError.badRequest("A JSON body is required."));
  }

  static Optional<Boolean> bool(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof Boolean b)) {
      throw HttpError.badRequest("'" + key + "' must be true or false.");
    }
    return Optional.of(b);
  }

  static Optional<String> string(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String s)) {
      throw HttpError.badRequest("'" + key + "' must be a string.");
    }
    return Optional.of(s);
  }

  static Optional<List<String>> strings(JsonObject body, String key) {
    Object value = body.getValue(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof JsonArray array)) {
      throw HttpError.badRequest("'" + key + "' must be a list of strings.");
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw HttpError.badRequest("'" + key + "' must be a list of strings.");
      }
      out.add(s);
    }
    return Optional.of(out);
  }

  static void onlyKeys(JsonObject body, List<String> allowed) {
    for (String key : body.fieldNames()) {
      if (!allowed.contains(key)) {
        throw HttpError.badRequest("Unexpected key '" + key + "' in request body.");
      }
    }
  }
}
