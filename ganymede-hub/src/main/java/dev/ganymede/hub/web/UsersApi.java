package dev.ganymede.hub.web;

import static dev.ganymede.hub.web.ApiRoutes.requireFor;

import dev.ganymede.hub.account.AccountException;
import dev.ganymede.hub.auth.UserNames;
import dev.ganymede.hub.rbac.Permissions;
import dev.ganymede.hub.server.ProgressEvent;
import dev.ganymede.hub.server.ServerBusyException;
import dev.ganymede.hub.server.ServerView;
import dev.ganymede.hub.store.ServerState;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserPage;
import dev.ganymede.hub.store.UserQuery;
import dev.ganymede.hub.store.UserStatus;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code /users}: list, create, read, patch, delete, activity, server start and stop. */
final class UsersApi {
  private static final Duration SLOW_SPAWN = Duration.ofSeconds(10);
  private static final Duration FUTURE_LIMIT = Duration.ofMinutes(59);

  private final WebContext web;
  private final ApiContext api;
  private final UserJsonCache json;

  UsersApi(WebContext web, ApiContext api) {
    this.web = Objects.requireNonNull(web, "web");
    this.api = Objects.requireNonNull(api, "api");
    this.json = new UserJsonCache(web.config().database().cacheSize());
  }

  ApiReply list(ApiRequest request) {
    ApiIdentity id = request.identity();
    Permissions p = id.permissions();
    if (!p.has("list:users")) {
      throw HttpError.forbidden(
          "Action is not authorized with current scopes; requires any of [list:users]");
    }
    if (p.filters("list:users").stream().anyMatch(f -> f.startsWith("server="))) {
      throw HttpError.forbidden("list:users cannot be filtered by server");
    }
    Optional<String> state = request.query("state");
    if (state.isPresent() && !List.of("active", "ready", "inactive").contains(state.get())) {
      throw HttpError.badRequest(
          "Invalid state '" + state.get() + "'; must be one of active, ready, inactive");
    }
    String filter = request.query("name_filter").orElse("").toLowerCase();
    String sort = request.query("sort").orElse("id");
    boolean descending = sort.startsWith("-");
    UserQuery.Sort by =
        switch (descending ? sort.substring(1) : sort) {
          case "id" -> UserQuery.Sort.ID;
          case "name" -> UserQuery.Sort.NAME;
          case "last_activity" -> UserQuery.Sort.LAST_ACTIVITY;
          default -> throw HttpError.badRequest("Invalid sort '" + sort + "'");
        };
    boolean includeStopped = includeStopped(request);
    Pagination.Page page = Pagination.of(request);
    UserQuery query =
        new UserQuery(
            filter,
            by,
            descending,
            state.map(
                s ->
                    s.equals("ready")
                        ? Set.of(ServerState.RUNNING)
                        : Set.of(ServerState.STARTING, ServerState.RUNNING, ServerState.STOPPING)),
            !state.equals(Optional.of("inactive")),
            page.offset(),
            page.limit());
    if (p.unfiltered("list:users")) {
      // Everyone is visible: the database filters, orders and pages.
      UserPage found = web.users().page(query);
      return ApiReply.json(
          200,
          Pagination.answerPageJson(
              request, page, models(id, found.users(), includeStopped), found.total()));
    }
    // Visibility depends on each user's groups: the same query answered in memory, from one read
    // of each table (server rows only when filtering by their state).
    Map<String, Set<String>> memberships = api.groups().membershipsByUser();
    Map<String, Set<ServerState>> statesByUser = new HashMap<>();
    if (query.serverStates().isPresent()) {
      for (ServerView view : web.servers().views(api.serverRows().list())) {
        statesByUser.computeIfAbsent(view.user(), u -> new HashSet<>()).add(view.state());
      }
    }
    List<User> listed =
        web.users().list().stream()
            .filter(u -> u.status() == UserStatus.ACTIVE)
            .filter(u -> u.name().toLowerCase().contains(filter))
            .filter(
                u ->
                    p.forUser("list:users", u.name(), memberships.getOrDefault(u.name(), Set.of())))
            .filter(u -> query.keepsServerStates(statesByUser.getOrDefault(u.name(), Set.of())))
            .sorted(query.comparator())
            .toList();
    int from = Math.min(page.offset(), listed.size());
    int to = Math.min(listed.size(), from + page.limit());
    return ApiReply.json(
        200,
        Pagination.answerPageJson(
            request, page, models(id, listed.subList(from, to), includeStopped), listed.size()));
  }

  /** Requires one of {@code scopes} for {@code user} (404 if held for others only, else 403). */
  private void requireForUser(ApiRequest request, User user, String... scopes) {
    Set<String> groups = api.groups().groupsOf(user.name());
    requireFor(
        request.identity(),
        s -> request.identity().permissions().forUser(s, user.name(), groups),
        scopes);
  }

  /** Requires one of {@code scopes} for {@code user}'s server {@code server}. */
  private void requireForServer(ApiRequest request, User user, String server, String... scopes) {
    Set<String> groups = api.groups().groupsOf(user.name());
    requireFor(
        request.identity(),
        s -> request.identity().permissions().forServer(s, user.name(), server, groups),
        scopes);
  }

  /** The models' JSON of {@code users}, with their groups and servers read in one query each. */
  private List<String> models(ApiIdentity id, List<User> users, boolean includeStopped) {
    List<String> names = users.stream().map(User::name).toList();
    Map<String, Set<String>> memberships = api.groups().groupsOf(names);
    Map<String, List<ServerView>> serversByUser = new HashMap<>();
    for (ServerView view : web.servers().views(api.serverRows().listFor(names))) {
      serversByUser.computeIfAbsent(view.user(), u -> new ArrayList<>()).add(view);
    }
    Permissions view = json.canonical(id.permissions());
    List<String> models = new ArrayList<>(users.size());
    for (User user : users) {
      models.add(
          modelJson(
              id,
              view,
              user,
              memberships.getOrDefault(user.name(), Set.of()),
              includeStopped,
              serversByUser.getOrDefault(user.name(), List.of())));
    }
    return models;
  }

  /** {@link #model}'s JSON, reused while its inputs are unchanged (see {@link UserJsonCache}). */
  private String modelJson(
      ApiIdentity id,
      Permissions view,
      User user,
      Set<String> groups,
      boolean includeStopped,
      List<ServerView> allServers) {
    return json.json(
        new UserJsonCache.Inputs(user, groups, allServers, includeStopped, view),
        () -> model(id, user, groups, includeStopped, allServers));
  }

  ApiReply read(ApiRequest request) {
    User user = existing(request);
    Set<String> groups = api.groups().groupsOf(user.name());
    requireFor(
        request.identity(),
        s -> request.identity().permissions().forUser(s, user.name(), groups),
        "read:users",
        "read:users:name",
        "read:servers",
        "read:users:groups",
        "read:users:activity",
        "read:roles:users");
    ApiIdentity id = request.identity();
    return ApiReply.json(
        200,
        new JsonText(
            modelJson(
                id,
                json.canonical(id.permissions()),
                user,
                groups,
                includeStopped(request),
                servers(user.name(), true))));
  }

  ApiReply createMany(ApiRequest request) {
    ApiRoutes.requireUnfiltered(request.identity(), "admin:users");
    JsonObject body = request.requireObjectBody();
    ApiRequest.onlyKeys(body, List.of("usernames", "admin"));
    List<String> names =
        ApiRequest.strings(body, "usernames")
            .orElseThrow(() -> HttpError.badRequest("'usernames' is required."));
    boolean admin = ApiRequest.bool(body, "admin").orElse(false);
    if (admin && !request.identity().admin()) {
      throw HttpError.forbidden("Only admins may create admin users.");
    }
    List<String> normalized = new ArrayList<>();
    for (String raw : names) {
      String name = UserNames.normalize(raw);
      UserNames.problem(name)
          .ifPresent(p -> fail(HttpError.badRequest("Invalid username '" + raw + "': " + p)));
      if (!normalized.contains(name)) {
        normalized.add(name);
      }
    }
    if (normalized.isEmpty()) {
      throw HttpError.badRequest("Must specify at least one user to create.");
    }
    List<String> toCreate = normalized.stream().filter(n -> web.users().find(n).isEmpty()).toList();
    if (toCreate.isEmpty()) {
      throw new HttpError(409, "All " + normalized.size() + " users already exist.");
    }
    List<Object> created = new ArrayList<>();
    for (String name : toCreate) {
      created.add(create(request, name, admin));
    }
    return ApiReply.json(201, created);
  }

  ApiReply createOne(ApiRequest request) {
    ApiRoutes.requireUnfiltered(request.identity(), "admin:users");
    String name = request.param("name");
    JsonObject body = request.objectBody().orElse(new JsonObject());
    ApiRequest.onlyKeys(body, List.of("name", "admin", "groups", "roles", "auth_state"));
    boolean admin = ApiRequest.bool(body, "admin").orElse(false);
    if (admin && !request.identity().admin()) {
      throw HttpError.forbidden("Only admins may create admin users.");
    }
    UserNames.problem(name)
        .ifPresent(p -> fail(HttpError.badRequest("Invalid username '" + name + "': " + p)));
    // the insert refuses a taken name; only then is it looked up, to answer 409
    return ApiReply.json(201, create(request, name, admin));
  }

  private Map<String, Object> create(ApiRequest request, String name, boolean admin) {
    try {
      User user = web.accounts().register(name, admin, request.identity().name());
      // a new user has no groups and no servers yet
      return model(request.identity(), user, Set.of(), false, List.of());
    } catch (AccountException e) {
      if (web.users().find(name).isPresent()) {
        throw new HttpError(409, "User " + name + " already exists");
      }
      throw HttpError.badRequest(e.getMessage());
    }
  }

  ApiReply patch(ApiRequest request) {
    User user = existing(request);
    requireForUser(request, user, "admin:users");
    JsonObject body = request.requireObjectBody();
    ApiRequest.onlyKeys(body, List.of("name", "admin", "auth_state"));
    Optional<String> newName = ApiRequest.string(body, "name");
    Optional<Boolean> admin = ApiRequest.bool(body, "admin");
    if (newName.isPresent() && !newName.get().equals(user.name())) {
      throw HttpError.badRequest("Renaming users is not supported by Ganymede.");
    }
    if ((admin.isPresent() || user.admin()) && !request.identity().admin()) {
      throw HttpError.forbidden("Only admins may change admin users or the admin flag.");
    }
    admin.ifPresent(a -> web.accounts().setAdmin(user.name(), a, request.identity().name()));
    User updated = web.users().find(user.name()).orElseThrow();
    Map<String, Object> model =
        model(request.identity(), updated, api.groups().groupsOf(user.name()), false);
    model.put("auth_state", null);
    return ApiReply.json(200, model);
  }

  ApiReply delete(ApiRequest request) {
    User user = existing(request);
    requireForUser(request, user, "delete:users");
    if (user.name().equals(request.identity().name())) {
      throw HttpError.badRequest("Cannot delete yourself!");
    }
    for (ServerView server : servers(user.name(), false)) {
      if (server.state() == ServerState.STOPPING) {
        throw HttpError.badRequest(
            "User " + user.name() + "'s server is pending stop; try again later");
      }
      web.servers().stop(user.name(), server.serverName());
    }
    web.accounts().deleteUser(user.name(), request.identity().name());
    return ApiReply.empty(204);
  }

  ApiReply activity(ApiRequest request) {
    User user = existing(request);
    requireForUser(request, user, "users:activity");
    JsonObject body = request.requireObjectBody();
    Optional<Instant> last =
        body.containsKey("last_activity")
            ? Optional.of(timestamp(body.getValue("last_activity")))
            : Optional.empty();
    Object serversValue = body.getValue("servers");
    if (last.isEmpty() && serversValue == null) {
      throw HttpError.badRequest("body must contain 'last_activity' or 'servers'");
    }
    Map<String, Instant> perServer = new LinkedHashMap<>();
    if (serversValue != null) {
      if (!(serversValue instanceof JsonObject servers)) {
        throw HttpError.badRequest("'servers' must be an object");
      }
      for (String name : servers.fieldNames()) {
        if (api.serverRows().find(user.name(), name).isEmpty()) {
          throw HttpError.badRequest("No such server '" + name + "' for user " + user.name());
        }
        if (!(servers.getValue(name) instanceof JsonObject entry)
            || !entry.containsKey("last_activity")) {
          throw HttpError.badRequest("servers." + name + " must have 'last_activity'");
        }
        perServer.put(name, timestamp(entry.getValue("last_activity")));
      }
    }
    last.ifPresent(at -> web.users().touch(user.name(), at));
    perServer.forEach(
        (name, at) -> {
          api.serverRows().touch(user.name(), name, at);
          web.users().touch(user.name(), at);
        });
    return ApiReply.empty(200);
  }

  ApiReply startServer(ApiRequest request) {
    User user = existing(request);
    String server = request.param("server");
    requireForServer(request, user, server, "servers");
    Map<String, Object> options = request.objectBody().map(JsonObject::getMap).orElse(Map.of());
    if (!server.isEmpty()) {
      if (!web.config().hub().allowNamedServers()) {
        throw HttpError.badRequest("Named servers are not enabled.");
      }
      int limit = web.config().hub().namedServerLimitPerUser();
      long named =
          api.serverRows().listFor(user.name()).stream()
              .filter(r -> !r.name().isEmpty() && !r.name().equals(server))
              .count();
      if (limit > 0 && named >= limit && api.serverRows().find(user.name(), server).isEmpty()) {
        throw HttpError.badRequest(
            "User " + user.name() + " already has the maximum of " + limit + " named servers.");
      }
    }
    ServerView current = web.servers().view(user.name(), server);
    String label = user.name() + "/" + server;
    switch (current.state()) {
      case RUNNING -> throw HttpError.badRequest(label + " is already running");
      case STOPPING -> throw HttpError.badRequest(label + " is pending stop");
      case STARTING -> {
        return new ApiReply(202, Optional.empty(), Map.of("Content-Type", "text/plain"));
      }
      default -> {}
    }
    CountDownLatch finished = new CountDownLatch(1);
    ProgressEvent[] last = new ProgressEvent[1];
    try {
      web.servers().start(user.name(), server, options);
    } catch (ServerBusyException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    try (AutoCloseable subscription =
        web.servers()
            .subscribe(
                user.name(),
                server,
                event -> {
                  if (event.ready() || event.failed()) {
                    last[0] = event;
                    finished.countDown();
                  }
                })) {
      finished.await(SLOW_SPAWN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    ProgressEvent done = last[0];
    if (done != null && done.failed()) {
      throw new HttpError(500, done.message());
    }
    return new ApiReply(
        done == null ? 202 : 201, Optional.empty(), Map.of("Content-Type", "text/plain"));
  }

  ApiReply stopServer(ApiRequest request) {
    User user = existing(request);
    String server = request.param("server");
    requireForServer(request, user, server, "delete:servers");
    boolean remove = request.objectBody().flatMap(b -> ApiRequest.bool(b, "remove")).orElse(false);
    if (!server.isEmpty()) {
      if (!web.config().hub().allowNamedServers()) {
        throw HttpError.badRequest("Named servers are not enabled.");
      }
      if (api.serverRows().find(user.name(), server).isEmpty()) {
        throw HttpError.notFound("No such server: " + user.name() + "/" + server);
      }
    } else if (remove) {
      throw HttpError.badRequest("Cannot remove the default server");
    }
    ServerView view = web.servers().stop(user.name(), server);
    long deadline = System.nanoTime() + SLOW_SPAWN.toNanos();
    while (view.state().mayBeRunning() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      view = web.servers().view(user.name(), server);
    }
    if (view.state().mayBeRunning()) {
      return ApiReply.empty(202);
    }
    if (remove) {
      api.serverRows().delete(user.name(), server);
    }
    return ApiReply.empty(204);
  }

  private User existing(ApiRequest request) {
    String name = request.param("name");
    return web.users()
        .find(name)
        .filter(u -> u.status() == UserStatus.ACTIVE)
        .orElseThrow(() -> HttpError.notFound("No such user: " + name));
  }

  private static boolean includeStopped(ApiRequest request) {
    return request
        .query("include_stopped_servers")
        .map(v -> !v.equals("0") && !v.equalsIgnoreCase("false"))
        .orElse(false);
  }

  private static Instant timestamp(Object value) {
    if (!(value instanceof String text)) {
      throw HttpError.badRequest("timestamps must be ISO 8601 strings");
    }
    Instant at =
        Timestamps.parse(text)
            .orElseThrow(() -> HttpError.badRequest("Invalid timestamp '" + text + "'"));
    if (at.isAfter(Instant.now().plus(FUTURE_LIMIT))) {
      throw HttpError.badRequest("timestamp '" + text + "' is too far in the future");
    }
    return at;
  }

  private static void fail(HttpError error) {
    throw error;
  }

  /** The user's servers: active ones, or every row when {@code includeStopped}. */
  private List<ServerView> servers(String user, boolean includeStopped) {
    List<ServerView> out = new ArrayList<>();
    for (ServerView view : web.servers().views(api.serverRows().listFor(user))) {
      if (includeStopped || view.state().mayBeRunning()) {
        out.add(view);
      }
    }
    return out;
  }

  /** The user model with the fields the requester's scopes show. */
  Map<String, Object> model(ApiIdentity id, User user, Set<String> groups, boolean includeStopped) {
    return model(id, user, groups, includeStopped, servers(user.name(), true));
  }

  /** The user model, given all of the user's servers (stopped ones included). */
  private Map<String, Object> model(
      ApiIdentity id,
      User user,
      Set<String> groups,
      boolean includeStopped,
      List<ServerView> allServers) {
    Permissions p = id.permissions();
    String n = user.name();
    boolean full = p.forUser("read:users", n, groups);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "user");
    m.put("name", n);
    if (full
        || p.forUser("read:users:name", n, groups)
        || p.forUser("read:roles:users", n, groups)) {
      m.put("admin", user.admin());
    }
    if (full || p.forUser("read:roles:users", n, groups)) {
      m.put("roles", api.roles().rolesOf(n, user.admin(), groups));
    }
    if (full || p.forUser("read:users:groups", n, groups)) {
      m.put("groups", groups.stream().sorted().toList());
    }
    List<ServerView> servers = allServers;
    if (full) {
      Optional<ServerView> def = servers.stream().filter(s -> s.serverName().isEmpty()).findFirst();
      m.put(
          "server",
          def.filter(s -> s.state() == ServerState.RUNNING).map(ServerView::basePath).orElse(null));
      m.put("pending", def.map(UsersApi::pending).orElse(null));
      m.put("created", Timestamps.format(user.createdAt()));
    }
    if (full || p.forUser("read:users:activity", n, groups)) {
      m.put("last_activity", Timestamps.formatOrNull(user.lastActivity()));
    }
    if (p.forUser("read:servers", n, groups) || full && p.has("read:servers")) {
      Map<String, Object> serverModels = new LinkedHashMap<>();
      for (ServerView s : servers) {
        if (!p.forServer("read:servers", n, s.serverName(), groups)) {
          continue;
        }
        if (includeStopped || s.state().mayBeRunning()) {
          serverModels.put(s.serverName(), serverModel(s));
        }
      }
      m.put("servers", serverModels);
    }
    return m;
  }

  private Map<String, Object> serverModel(ServerView s) {
    Map<String, Object> m = new LinkedHashMap<>();
    String api = web.config().hub().baseUrl() + "hub/api/users/" + s.user();
    m.put("name", s.serverName());
    m.put("full_name", s.user() + "/" + s.serverName());
    m.put("last_activity", Timestamps.formatOrNull(s.lastActivity()));
    m.put("started", s.state().mayBeRunning() ? Timestamps.formatOrNull(s.startedAt()) : null);
    m.put("pending", pending(s));
    m.put("ready", s.state() == ServerState.RUNNING);
    m.put("stopped", !s.state().mayBeRunning());
    m.put("url", s.basePath());
    m.put("user_options", Map.of());
    m.put(
        "progress_url",
        s.serverName().isEmpty()
            ? api + "/server/progress"
            : api + "/servers/" + s.serverName() + "/progress");
    m.put("full_url", null);
    m.put("full_progress_url", null);
    return m;
  }

  private static String pending(ServerView s) {
    return switch (s.state()) {
      case STARTING -> "spawn";
      case STOPPING -> "stop";
      default -> null;
    };
  }
}
