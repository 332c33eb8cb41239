package dev.ganymede.hub.web;

import static dev.ganymede.hub.web.ApiRoutes.requireFor;

import dev.ganymede.hub.rbac.IssuedToken;
import dev.ganymede.hub.rbac.Permissions;
import dev.ganymede.hub.rbac.Scopes;
import dev.ganymede.hub.store.ApiTokenRecord;
import dev.ganymede.hub.store.User;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@code /users/{name}/tokens}: list, create, read, revoke. */
final class TokensApi {
  private final WebContext web;
  private final ApiContext api;

  TokensApi(WebContext web, ApiContext api) {
    this.web = Objects.requireNonNull(web, "web");
    this.api = Objects.requireNonNull(api, "api");
  }

  ApiReply list(ApiRequest request) {
    User user = owner(request, "read:tokens");
    List<Object> tokens = new ArrayList<>();
    for (ApiTokenRecord t : api.tokens().list(user.name(), false)) {
      tokens.add(model(t, user));
    }
    return ApiReply.json(200, Map.of("api_tokens", tokens));
  }

  ApiReply read(ApiRequest request) {
    User user = owner(request, "read:tokens");
    ApiTokenRecord token =
        api.tokens()
            .find(user.name(), request.param("id"))
            .orElseThrow(() -> HttpError.notFound("No such token: " + request.param("id")));
    return ApiReply.json(200, model(token, user));
  }

  ApiReply create(ApiRequest request) {
    User user = owner(request, "tokens");
    JsonObject body = request.objectBody().orElse(new JsonObject());
    ApiRequest.onlyKeys(body, List.of("expires_in", "note", "scopes", "roles", "auth"));
    Optional<Duration> expiresIn = Optional.empty();
    Object expires = body.getValue("expires_in");
    if (expires != null) {
      if (!(expires instanceof Number n) || n.longValue() <= 0 || n.doubleValue() % 1 != 0) {
        throw HttpError.badRequest("'expires_in' must be a positive integer number of seconds.");
      }
      expiresIn = Optional.of(Duration.ofSeconds(n.longValue()));
    }
    String note = ApiRequest.string(body, "note").orElse("");
    if (note.length() > 1000) {
      throw HttpError.badRequest("'note' is too long (at most 1000 characters).");
    }
    note = "Requested via api" + (note.isEmpty() ? "" : ": " + note);
    List<String> scopes = new ArrayList<>(ApiRequest.strings(body, "scopes").orElse(List.of()));
    for (String role : ApiRequest.strings(body, "roles").orElse(List.of())) {
      List<String> roleScopes = Scopes.DEFAULT_ROLES.get(role);
      if (roleScopes == null) {
        throw HttpError.badRequest("No such role: " + role);
      }
      scopes.addAll(roleScopes);
    }
    if (scopes.isEmpty()) {
      scopes.add(Scopes.INHERIT);
    }
    for (String scope : scopes) {
      Scopes.problem(scope).ifPresent(p -> fail(HttpError.badRequest(p)));
    }
    if (!scopes.contains(Scopes.INHERIT)) {
      Permissions requested = Permissions.of(Scopes.expand(scopes, user.name(), ""));
      Permissions requester = request.identity().permissions();
      Permissions owner = ownerPermissions(user);
      Permissions held = requested.intersect(requester).intersect(owner);
      if (!held.equals(requested)) {
        throw HttpError.badRequest(
            "Not assigning requested scopes "
                + requested.asList().stream().filter(s -> !held.asList().contains(s)).toList()
                + " not held by "
                + user.name());
      }
    } else if (request.identity().token().isPresent()
        && !request.identity().token().get().scopes().contains(Scopes.INHERIT)) {
      // a narrowed token cannot mint a token with everything its owner has
      Permissions owner = ownerPermissions(user);
      if (!request.identity().permissions().equals(owner)) {
        throw HttpError.badRequest("Not assigning 'inherit' with a token that does not hold it.");
      }
    }
    IssuedToken issued = api.tokens().create(user.name(), false, scopes, expiresIn, note);
    Map<String, Object> model = model(issued.record(), user);
    model.put("token", issued.value());
    return ApiReply.json(201, model);
  }

  ApiReply revoke(ApiRequest request) {
    User user = owner(request, "tokens");
    ApiTokenRecord token =
        api.tokens()
            .find(user.name(), request.param("id"))
            .orElseThrow(() -> HttpError.notFound("No such token: " + request.param("id")));
    api.tokens().revoke(token);
    return ApiReply.empty(204);
  }

  private Permissions ownerPermissions(User user) {
    return api.roles().forUser(user.name(), user.admin(), api.groups().groupsOf(user.name()));
  }

  private User owner(ApiRequest request, String scope) {
    String name = request.param("name");
    Optional<User> user = web.users().find(name);
    requireFor(
        request.identity(),
        s ->
            user.isPresent()
                && request.identity().permissions().forUser(s, name, api.groups().groupsOf(name)),
        scope);
    return user.orElseThrow(() -> HttpError.notFound("No such user: " + name));
  }

  private Map<String, Object> model(ApiTokenRecord t, User owner) {
    Permissions p =
        t.scopes().contains(Scopes.INHERIT)
            ? ownerPermissions(owner)
            : Permissions.of(Scopes.expand(t.scopes(), owner.name(), ""));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.apiId());
    m.put("kind", "api_token");
    m.put("user", t.owner());
    m.put("roles", List.of());
    m.put("scopes", p.asList());
    m.put("created", Timestamps.format(t.createdAt()));
    m.put("last_activity", Timestamps.formatOrNull(t.lastActivity()));
    m.put("expires_at", Timestamps.formatOrNull(t.expiresAt()));
    m.put("note", t.note());
    m.put("session_id", t.sessionId().orElse(null));
    m.put("oauth_client", t.clientId().equals("jupyterhub") ? "JupyterHub" : t.clientId());
    return m;
  }

  private static void fail(HttpError error) {
    throw error;
  }
}
