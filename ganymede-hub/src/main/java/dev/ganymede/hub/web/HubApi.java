package dev.ganymede.hub.web;

import dev.ganymede.hub.config.ServiceSpec;
import dev.ganymede.hub.rbac.Permissions;
import dev.ganymede.hub.store.User;
import dev.ganymede.proxy.RouteEntry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Hub-wide endpoints: info, the requester's identity, services, proxy and shutdown. */
final class HubApi {
  private final WebContext web;
  private final ApiContext api;
  private final UsersApi users;

  HubApi(WebContext web, ApiContext api, String apiPrefix) {
    this.web = Objects.requireNonNull(web, "web");
    this.api = Objects.requireNonNull(api, "api");
    this.users = new UsersApi(web, api);
  }

  ApiReply info(ApiRequest request) {
    ApiRoutes.requireUnfiltered(request.identity(), "read:hub");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", web.version());
    body.put("python", "n/a (Ganymede runs on Java " + Runtime.version() + ")");
    body.put("sys_executable", ProcessHandle.current().info().command().orElse("java"));
    body.put(
        "spawner",
        Map.of("class", "ganymede." + web.config().spawner().type(), "version", web.version()));
    body.put(
        "authenticator",
        Map.of("class", "ganymede." + web.config().auth().type(), "version", web.version()));
    return ApiReply.json(200, body);
  }

  /** {@code GET /user}: the requester's model, filtered by its scopes, plus its scopes. */
  ApiReply whoAmI(ApiRequest request) {
    ApiIdentity id = request.identity();
    Map<String, Object> model;
    if (id.isService()) {
      model = serviceModel(api.roles().service(id.name()).orElseThrow());
    } else {
      User user = web.users().find(id.name()).orElseThrow(() -> HttpError.forbidden("Gone."));
      // the requester may always read its own name and groups here
      ApiIdentity identifying =
          new ApiIdentity(
              id.kind(),
              id.name(),
              id.admin(),
              id.permissions()
                  .plus(
                      Permissions.of(
                          List.of(
                              "read:users:name!user=" + id.name(),
                              "read:users:groups!user=" + id.name()))),
              id.token(),
              id.sessionId());
      model = users.model(identifying, user, api.groups().groupsOf(user.name()), false);
      model.putIfAbsent("admin", user.admin());
    }
    model.put("scopes", id.permissions().asList());
    model.put("session_id", id.sessionId().orElse(null));
    model.put("token_id", id.token().map(t -> t.apiId()).orElse(null));
    return ApiReply.json(200, model);
  }

  ApiReply services(ApiRequest request) {
    if (!request.identity().permissions().has("list:services")) {
      throw HttpError.forbidden(
          "Action is not authorized with current scopes; requires any of [list:services]");
    }
    Map<String, Object> all = new LinkedHashMap<>();
    for (ServiceSpec s : api.roles().services()) {
      if (request.identity().permissions().forService("list:services", s.name())) {
        all.put(s.name(), serviceModel(s));
      }
    }
    return ApiReply.json(200, all);
  }

  ApiReply service(ApiRequest request) {
    String name = request.param("name");
    Optional<ServiceSpec> service = api.roles().service(name);
    ApiRoutes.requireFor(
        request.identity(),
        s -> service.isPresent() && request.identity().permissions().forService(s, name),
        "read:services",
        "read:services:name",
        "read:roles:services");
    return ApiReply.json(
        200,
        serviceModel(service.orElseThrow(() -> HttpError.notFound("No such service: " + name))));
  }

  private Map<String, Object> serviceModel(ServiceSpec s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "service");
    m.put("name", s.name());
    m.put("admin", false);
    m.put("roles", api.roles().rolesOfService(s.name()));
    m.put("url", s.url().orElse(""));
    m.put(
        "prefix",
        s.url().isPresent() ? web.config().hub().baseUrl() + "services/" + s.name() + "/" : "");
    m.put("command", List.of());
    m.put("pid", 0);
    m.put("info", Map.of());
    m.put("display", false);
    return m;
  }

  ApiReply proxyRoutes(ApiRequest request) {
    ApiRoutes.requireUnfiltered(request.identity(), "proxy");
    Pagination.Page page = Pagination.of(request);
    Map<String, RouteEntry> entries = routes();
    List<Map.Entry<String, Object>> all = new ArrayList<>();
    for (RouteEntry entry : new TreeMap<>(entries).values()) {
      String spec =
          entry.route().prefix().endsWith("/")
              ? entry.route().prefix()
              : entry.route().prefix() + "/";
      Map<String, Object> data = new LinkedHashMap<>(entry.route().data());
      data.put("last_activity", Timestamps.format(entry.lastActivity()));
      Map<String, Object> route = new LinkedHashMap<>();
      route.put("routespec", spec);
      route.put("target", entry.route().target().toString());
      route.put("data", data);
      all.add(Map.entry(spec, route));
    }
    int from = Math.min(page.offset(), all.size());
    int to = Math.min(all.size(), from + page.limit());
    Map<String, Object> slice = new LinkedHashMap<>();
    all.subList(from, to).forEach(e -> slice.put(e.getKey(), e.getValue()));
    if (!page.wrapped()) {
      return ApiReply.json(200, slice);
    }
    Object wrapped =
        Pagination.answer(request, page, all.stream().map(Map.Entry::getValue).toList());
    return ApiReply.json(200, wrapped);
  }

  ApiReply proxySync(ApiRequest request) {
    ApiRoutes.requireUnfiltered(request.identity(), "proxy");
    web.servers().syncActivity();
    return ApiReply.empty(200);
  }

  ApiReply proxyPatch(ApiRequest request) {
    ApiRoutes.requireUnfiltered(request.identity(), "proxy");
    JsonObject body = request.requireObjectBody();
    ApiRequest.string(body, "api_url");
    ApiRequest.string(body, "auth_token");
    throw HttpError.badRequest(
        "Ganymede's proxy runs inside the hub; pointing the hub at another proxy is not supported.");
  }

  ApiReply shutdown(ApiRequest request) {
    ApiRoutes.requireUnfiltered(request.identity(), "shutdown");
    JsonObject body = request.objectBody().orElse(new JsonObject());
    ApiRequest.onlyKeys(body, List.of("proxy", "servers"));
    ApiRequest.bool(body, "proxy");
    ApiRequest.bool(body, "servers");
    request.context().vertx().setTimer(200, t -> Thread.ofVirtual().start(api.shutdown()));
    return ApiReply.json(202, Map.of("message", "Shutting down Hub"));
  }

  ApiReply removedAuthorizations(ApiRequest request) {
    throw HttpError.notFound(
        "This method was removed in JupyterHub 2.0; use POST /hub/api/users/:user/tokens.");
  }

  private Map<String, RouteEntry> routes() {
    try {
      return api.routes()
          .list()
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the route table", e);
    }
  }
}
