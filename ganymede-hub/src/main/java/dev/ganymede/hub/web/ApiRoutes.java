package dev.ganymede.hub.web;

import dev.ganymede.hub.rbac.Permissions;
import dev.ganymede.hub.rbac.Roles;
import dev.ganymede.hub.rbac.Scopes;
import dev.ganymede.hub.server.ServerName;
import dev.ganymede.hub.session.CsrfTokens;
import dev.ganymede.hub.store.ApiTokenRecord;
import dev.ganymede.hub.store.Session;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStatus;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JupyterHub-compatible REST API under {@code <base>hub/api} (see {@code docs/api.md}).
 *
 * <p>Authentication, in order: {@code Authorization: token|bearer <t>} (case-insensitive), {@code
 * ?token=<t>}, then the hub session cookie. A cookie-authenticated request that changes state (or a
 * {@code Sec-Fetch-Mode: cors} GET) must carry the session's XSRF token ({@code X-XSRFToken} header
 * or {@code _xsrf} parameter), and a cookie POST with a non-JSON body counts as unauthenticated, as
 * in JupyterHub 4.1+. Missing or invalid credentials give 403, never 401.
 *
 * <p>Threading: routing on the event loop; each endpoint's body runs on a worker thread and returns
 * an {@link ApiReply}, written on the event loop. Errors go through {@link ErrorResponder}.
 */
final class ApiRoutes {
  private static final Pattern AUTHORIZATION =
      Pattern.compile("^(token|bearer)\\s+(\\S+)$", Pattern.CASE_INSENSITIVE);
  static final String NO_CREDENTIALS = "Missing or invalid credentials.";

  private final Vertx vertx;
  private final WebContext web;
  private final ApiContext api;
  private final ErrorResponder errors;
  private final ProgressStream progress;
  private final OAuthProvider oauth;

  ApiRoutes(
      Vertx vertx,
      WebContext web,
      ApiContext api,
      ErrorResponder errors,
      ProgressStream progress,
      Pages pages,
      HubPaths paths) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.web = Objects.requireNonNull(web, "web");
    this.api = Objects.requireNonNull(api, "api");
    this.errors = Objects.requireNonNull(errors, "errors");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.oauth = new OAuthProvider(vertx, web, api, errors, pages, paths);
  }

  /** Adds every API route to {@code router}; call before the router's catch-all routes. */
  void mount(Router router, String apiPrefix) {
    String p = apiPrefix;
    router
        .route(p + "/*")
        .method(HttpMethod.PUT)
        .method(HttpMethod.PATCH)
        .method(HttpMethod.DELETE)
        .handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    router
        .route(p + "/*")
        .handler(
            ctx -> {
              ctx.response()
                  .putHeader(
                      "Content-Security-Policy",
                      "frame-ancestors 'none'; report-uri "
                          + p.substring(0, p.length() - 3)
                          + "security/csp-report; default-src 'none'")
                  .putHeader("Access-Control-Allow-Headers", "accept, content-type, authorization");
              ctx.next();
            });
    oauth.mount(router, p, p.substring(0, p.length() - 3));
    router.get(p + "/health").handler(ctx -> ctx.response().setStatusCode(200).end());
    HubApi hub = new HubApi(web, api, p);
    UsersApi users = new UsersApi(web, api);
    TokensApi tokens = new TokensApi(web, api);
    GroupsApi groups = new GroupsApi(web, api);

    router.get(p + "/info").handler(endpoint(hub::info));
    router.get(p + "/user").handler(endpoint(hub::whoAmI));
    router.get(p + "/services").handler(endpoint(hub::services));
    router.get(p + "/services/:name").handler(endpoint(hub::service));
    router.get(p + "/proxy").handler(endpoint(hub::proxyRoutes));
    router.post(p + "/proxy").handler(endpoint(hub::proxySync));
    router.patch(p + "/proxy").handler(endpoint(hub::proxyPatch));
    router.post(p + "/shutdown").handler(endpoint(hub::shutdown));
    router.post(p + "/authorizations/token").handler(endpoint(hub::removedAuthorizations));

    router.get(p + "/users").handler(endpoint(users::list));
    router.post(p + "/users").handler(endpoint(users::createMany));
    router.get(p + "/users/:name").handler(endpoint(users::read));
    router.post(p + "/users/:name").handler(endpoint(users::createOne));
    router.patch(p + "/users/:name").handler(endpoint(users::patch));
    router.delete(p + "/users/:name").handler(endpoint(users::delete));
    router.post(p + "/users/:name/activity").handler(endpoint(users::activity));
    router.post(p + "/users/:name/server").handler(endpoint(users::startServer));
    router.delete(p + "/users/:name/server").handler(endpoint(users::stopServer));
    router.post(p + "/users/:name/servers/:server").handler(endpoint(users::startServer));
    router.delete(p + "/users/:name/servers/:server").handler(endpoint(users::stopServer));
    router.get(p + "/users/:name/server/progress").handler(this::progressStream);
    router.get(p + "/users/:name/servers/:server/progress").handler(this::progressStream);

    router.get(p + "/users/:name/tokens").handler(endpoint(tokens::list));
    router.post(p + "/users/:name/tokens").handler(endpoint(tokens::create));
    router.get(p + "/users/:name/tokens/:id").handler(endpoint(tokens::read));
    router.delete(p + "/users/:name/tokens/:id").handler(endpoint(tokens::revoke));

    router.get(p + "/groups").handler(endpoint(groups::list));
    router.post(p + "/groups").handler(endpoint(groups::createMany));
    router.get(p + "/groups/:name").handler(endpoint(groups::read));
    router.post(p + "/groups/:name").handler(endpoint(groups::createOne));
    router.delete(p + "/groups/:name").handler(endpoint(groups::delete));
    router.post(p + "/groups/:name/users").handler(endpoint(groups::addMembers));
    router.delete(p + "/groups/:name/users").handler(endpoint(groups::removeMembers));
    router.put(p + "/groups/:name/properties").handler(endpoint(groups::setProperties));
  }

  @FunctionalInterface
  interface Endpoint {
    ApiReply run(ApiRequest request);
  }

  private Handler<RoutingContext> endpoint(Endpoint endpoint) {
    return ctx ->
        vertx
            .executeBlocking(
                () -> {
                  ApiIdentity identity =
                      authenticate(ctx).orElseThrow(() -> HttpError.forbidden(NO_CREDENTIALS));
                  return endpoint.run(new ApiRequest(ctx, identity));
                },
                false)
            .onComplete(
                result -> {
                  if (result.failed()) {
                    errors.respond(ctx, result.cause());
                    return;
                  }
                  ApiReply reply = result.result();
                  if (ctx.response().ended()) {
                    return;
                  }
                  ctx.response().setStatusCode(reply.status());
                  reply.headers().forEach(ctx.response()::putHeader);
                  if (reply.body().isPresent()) {
                    Object body = reply.body().get();
                    ctx.response()
                        .putHeader("Content-Type", "application/json; charset=utf-8")
                        .end(body instanceof JsonText text ? text.text() : Json.encode(body));
                  } else {
                    ctx.response().end();
                  }
                });
  }

  private void progressStream(RoutingContext ctx) {
    vertx
        .executeBlocking(
            () -> {
              ApiIdentity identity =
                  authenticate(ctx).orElseThrow(() -> HttpError.forbidden(NO_CREDENTIALS));
              String owner = ctx.pathParam("name");
              String server = Optional.ofNullable(ctx.pathParam("server")).orElse("");
              User user =
                  web.users()
                      .find(owner)
                      .orElseThrow(() -> HttpError.notFound("No such user: " + owner));
              requireFor(
                  identity,
                  s ->
                      identity
                          .permissions()
                          .forServer(s, user.name(), server, api.groups().groupsOf(user.name())),
                  "read:servers");
              return new ServerName(owner, server);
            },
            false)
        .onComplete(
            result -> {
              if (result.failed()) {
                errors.respond(ctx, result.cause());
              } else {
                progress.stream(ctx, result.result().user(), result.result().server());
              }
            });
  }

  /**
   * The requester, or empty without valid credentials. Blocking (token and session lookups). Throws
   * 403 for a cookie request that lacks its XSRF token.
   */
  Optional<ApiIdentity> authenticate(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String header = request.getHeader("Authorization");
    if (header != null) {
      Matcher m = AUTHORIZATION.matcher(header.strip());
      return m.matches() ? byToken(m.group(2)) : Optional.empty();
    }
    String query = request.getParam("token");
    if (query != null && !query.isEmpty()) {
      return byToken(query);
    }
    return byCookie(ctx);
  }

  private Optional<ApiIdentity> byToken(String value) {
    // only jupyterhub-singleuser servers use their secret with the API; a lab-mode server's
    // secret stays a proxy-to-server credential
    Optional<ServerName> server =
        web.config().spawner().singleuser() ? web.servers().serverOfToken(value) : Optional.empty();
    if (server.isPresent()) {
      return activeUser(server.get().user())
          .map(
              u ->
                  new ApiIdentity(
                      "user",
                      u.name(),
                      u.admin(),
                      Roles.forServer(u.name(), server.get().server())
                          .intersect(userPermissions(u)),
                      Optional.empty(),
                      Optional.empty()));
    }
    Optional<ApiTokenRecord> token = api.tokens().lookup(value);
    if (token.isEmpty() || !oauth.stillValid(token.get())) {
      return Optional.empty();
    }
    ApiTokenRecord t = token.get();
    if (t.service()) {
      return api.roles()
          .service(t.owner())
          .map(
              s ->
                  new ApiIdentity(
                      "service",
                      s.name(),
                      false,
                      api.roles().forService(s.name()),
                      token,
                      Optional.empty()));
    }
    return activeUser(t.owner())
        .map(
            u -> {
              Permissions owner = userPermissions(u);
              Permissions granted =
                  t.scopes().contains(Scopes.INHERIT)
                      ? owner
                      : Permissions.of(Scopes.expand(t.scopes(), u.name(), "")).intersect(owner);
              return new ApiIdentity("user", u.name(), u.admin(), granted, token, t.sessionId());
            });
  }

  private Optional<ApiIdentity> byCookie(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SessionCookie.NAME);
    if (cookie == null || cookie.getValue().isEmpty()) {
      return Optional.empty();
    }
    Optional<Session> session = web.sessions().lookup(cookie.getValue());
    if (session.isEmpty()) {
      return Optional.empty();
    }
    HttpMethod method = ctx.request().method();
    boolean safe =
        method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    if (method == HttpMethod.POST) {
      String type = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("");
      if (!type.isEmpty() && !type.toLowerCase().startsWith("application/json")) {
        return Optional.empty();
      }
    }
    if (!safe || "cors".equalsIgnoreCase(ctx.request().getHeader("Sec-Fetch-Mode"))) {
      String submitted =
          Optional.ofNullable(ctx.request().getHeader("X-XSRFToken"))
              .or(() -> Optional.ofNullable(ctx.request().getHeader("X-CSRFToken")))
              .or(() -> Optional.ofNullable(ctx.request().getParam("_xsrf")))
              .orElse("");
      if (!CsrfTokens.matches(session.get().csrfToken(), submitted)) {
        throw HttpError.forbidden("'_xsrf' argument missing from request.");
      }
    }
    return activeUser(session.get().user())
        .map(
            u ->
                new ApiIdentity(
                    "user",
                    u.name(),
                    u.admin(),
                    userPermissions(u),
                    Optional.empty(),
                    Optional.of(session.get().idHash())));
  }

  /** Everything a user may do: default roles, custom roles of the user and their groups. */
  Permissions userPermissions(User user) {
    return api.roles().forUser(user.name(), user.admin(), api.groups().groupsOf(user.name()));
  }

  private Optional<User> activeUser(String name) {
    return web.users().find(name).filter(u -> u.status() == UserStatus.ACTIVE);
  }

  /**
   * Passes if {@code allowed} holds for any of the scopes; else 404 when some of them are held for
   * other resources, 403 when none is held at all (JupyterHub's rule).
   */
  static void requireFor(ApiIdentity identity, Predicate<String> allowed, String... scopes) {
    for (String scope : scopes) {
      if (allowed.test(scope)) {
        return;
      }
    }
    for (String scope : scopes) {
      if (identity.permissions().has(scope)) {
        throw HttpError.notFound("No access to resources or resources not found");
      }
    }
    throw HttpError.forbidden(
        "Action is not authorized with current scopes; requires any of " + Arrays.toString(scopes));
  }

  /** Requires an unfiltered scope (hub-wide actions). */
  static void requireUnfiltered(ApiIdentity identity, String... scopes) {
    for (String scope : scopes) {
      if (identity.permissions().unfiltered(scope)) {
        return;
      }
    }
    throw HttpError.forbidden(
        "Action is not authorized with current scopes; requires any of " + List.of(scopes));
  }
}
