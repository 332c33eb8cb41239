package dev.ganymede.hub.web;

import dev.ganymede.hub.HubVersion;
import dev.ganymede.hub.store.Session;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStatus;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub's HTTP routes: pages under {@code <base>hub/}, the not-running handling of {@code
 * <base>user/<name>/...} when no route to a server exists, and the spawn progress stream.
 *
 * <h2>Threading</h2>
 *
 * <p>Routing happens on the event loop. Each action's body (database, password hashing, spawner
 * calls) runs on a worker thread through {@link Vertx#executeBlocking} and returns a {@link Reply};
 * the reply is written back on the event loop. Failures of any kind reach {@link ErrorResponder},
 * the one place that maps errors to responses.
 */
public final class HubRoutes {
  private final Vertx vertx;
  private final WebContext web;
  private final HubPaths paths;
  private final Pages pages;
  private final ErrorResponder errors;
  private final SessionCookie cookies;
  private final LoginPages loginPages;
  private final ServerPages serverPages;
  private final AccountPages accountPages;
  private final AdminPages adminPages;
  private final ProgressStream progress;
  private final OpsContext ops;
  private final ApiAccess access;
  private final Optional<ApiRoutes> apiRoutes;
  private final OpsEndpoints opsEndpoints;
  private final AdminGroupsAndAudit adminGroups;

  private final Optional<ApiContext> api;

  /**
   * Routes with the operational endpoints and, when {@code api} is present, the REST API under
   * {@code <base>hub/api}.
   */
  public HubRoutes(Vertx vertx, WebContext web, OpsContext ops, Optional<ApiContext> api) {
    this(vertx, web, ops, api, Optional.empty());
  }

  HubRoutes(
      Vertx vertx, WebContext web, OpsContext ops, Optional<ApiContext> api, ApiAccess access) {
    this(vertx, web, ops, api, Optional.of(access));
  }

  private HubRoutes(
      Vertx vertx,
      WebContext web,
      OpsContext ops,
      Optional<ApiContext> api,
      Optional<ApiAccess> accessOverride) {
    this.api = Objects.requireNonNull(api, "api");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.web = Objects.requireNonNull(web, "web");
    this.ops = Objects.requireNonNull(ops, "ops");
    String base = web.config().hub().baseUrl();
    this.paths = new HubPaths(base);
    this.pages = new Pages(base, HubVersion.product());
    this.errors = new ErrorResponder(pages);
    this.cookies =
        new SessionCookie(
            base, web.config().hub().publicUrl(), web.config().auth().sessionMaxAge());
    this.loginPages = new LoginPages(web, paths, cookies);
    this.serverPages = new ServerPages(web, paths);
    this.accountPages = new AccountPages(web, paths);
    this.adminPages = new AdminPages(web, paths);
    this.progress = new ProgressStream(web.servers(), paths);
    this.opsEndpoints = new OpsEndpoints(ops, web.users(), web.servers(), paths);
    this.adminGroups = new AdminGroupsAndAudit(web, ops, paths);
    this.apiRoutes =
        api.map(context -> new ApiRoutes(vertx, web, context, errors, progress, pages, paths));
    // with the REST API, tokens and their scopes count (a Prometheus server scrapes with a
    // read:metrics token); without it, only an administrator's session
    this.access =
        accessOverride.orElseGet(
            () -> apiRoutes.map(HubRoutes::scopedAccess).orElse(ApiAccess.ADMIN_SESSIONS));
  }

  private static ApiAccess scopedAccess(ApiRoutes apiRoutes) {
    return (request, scope) -> {
      ApiIdentity identity =
          apiRoutes
              .authenticate(request.context())
              .orElseThrow(() -> HttpError.forbidden("Missing or invalid credentials."));
      if (!identity.admin() && !identity.permissions().has(scope)) {
        throw HttpError.forbidden("Action is not authorized: requires the scope " + scope + ".");
      }
    };
  }

  /** Builds the router for everything the hub itself answers. */
  public Router router() {
    String base = web.config().hub().baseUrl();
    String hub = base + "hub/";
    Router router = Router.router(vertx);
    router.route().handler(this::timeRequest);
    router
        .route()
        .handler(
            ctx -> {
              ctx.response().putHeader("X-JupyterHub-Version", web.version());
              ctx.next();
            });
    router
        .route(hub + "static/*")
        .handler(StaticHandler.create("webroot").setCachingEnabled(true).setMaxAgeSeconds(3600));
    router
        .route()
        .method(HttpMethod.POST)
        .handler(BodyHandler.create(false).setBodyLimit(64 * 1024));

    apiRoutes.ifPresent(routes -> routes.mount(router, hub + "api"));

    router.get(base).handler(ctx -> redirect(ctx, hub));
    if (!base.equals("/")) {
      router.get(base.substring(0, base.length() - 1)).handler(ctx -> redirect(ctx, hub));
    }
    router
        .get(hub)
        .handler(
            action(
                Access.ANYONE,
                r ->
                    Reply.redirect(r.user().isPresent() ? paths.hub("home") : paths.hub("login"))));
    router.get(base + "hub").handler(ctx -> redirect(ctx, hub));
    router.get(hub + "health").handler(ctx -> json(ctx, 200, Map.of("status", "ok")));
    router.get(hub + "api").handler(ctx -> json(ctx, 200, Map.of("version", web.version())));
    router.get(hub + "api/").handler(ctx -> json(ctx, 200, Map.of("version", web.version())));

    router.get(hub + "login").handler(action(Access.ANYONE, loginPages::form));
    router.post(hub + "login").handler(action(Access.ANYONE, loginPages::submit));
    router.get(hub + "oauth_login").handler(action(Access.ANYONE, loginPages::oauthLogin));
    router.get(hub + "oauth_callback").handler(action(Access.ANYONE, loginPages::oauthCallback));
    router
        .route(hub + "logout")
        .method(HttpMethod.GET)
        .method(HttpMethod.POST)
        .handler(action(Access.ANYONE, loginPages::logout));
    router.get(hub + "signup").handler(action(Access.ANYONE, accountPages::signupForm));
    router.post(hub + "signup").handler(action(Access.ANYONE, accountPages::signup));
    router
        .get(hub + "change-password")
        .handler(action(Access.PAGE, accountPages::changePasswordForm));
    router.post(hub + "change-password").handler(action(Access.PAGE, accountPages::changePassword));

    router.get(hub + "home").handler(action(Access.PAGE, serverPages::home));
    router.get(hub + "spawn").handler(action(Access.PAGE, serverPages::spawnForm));
    router.post(hub + "spawn").handler(action(Access.PAGE, serverPages::spawn));
    router.get(hub + "spawn/:user").handler(action(Access.PAGE, serverPages::spawnForm));
    router.post(hub + "spawn/:user").handler(action(Access.PAGE, serverPages::spawn));
    router.post(hub + "stop").handler(action(Access.PAGE, serverPages::stop));
    router.post(hub + "stop/:user").handler(action(Access.PAGE, serverPages::stop));
    router.get(hub + "spawn-pending/:user").handler(action(Access.PAGE, serverPages::pending));
    router.get(hub + "user-redirect/*").handler(action(Access.PAGE, serverPages::userRedirect));
    router.get(hub + "user/:user").handler(action(Access.PAGE, serverPages::notRunning));
    router.get(hub + "user/:user/*").handler(action(Access.PAGE, serverPages::notRunning));
    router.route(base + "user/:user").handler(action(Access.PAGE, serverPages::notRunning));
    router.route(base + "user/:user/*").handler(action(Access.PAGE, serverPages::notRunning));
    if (api.isEmpty()) {
      router.get(hub + "api/users/:user/server/progress").handler(this::progressStream);
    }
    router.get(hub + "error/:status").handler(this::errorPage);
    web.config()
        .proxy()
        .authToken()
        .filter(t -> web.config().proxy().external())
        .ifPresent(
            token -> {
              RouteAuthorization authorization =
                  new RouteAuthorization(web.sessions(), web.users(), web.servers(), token, paths);
              router
                  .post(hub + "api/internal/authorize-route")
                  .handler(ctx -> authorizeRoute(ctx, authorization));
            });

    router.get(hub + "admin").handler(action(Access.ADMIN, adminPages::list));
    router.post(hub + "admin/users").handler(action(Access.ADMIN, adminPages::addUser));
    router
        .post(hub + "admin/users/:user/:operation")
        .handler(action(Access.ADMIN, adminPages::operate));

    router.get(hub + "admin/groups").handler(action(Access.ADMIN, adminGroups::groups));
    router.post(hub + "admin/groups").handler(action(Access.ADMIN, adminGroups::createGroup));
    router
        .post(hub + "admin/groups/:group/:operation")
        .handler(action(Access.ADMIN, adminGroups::operateGroup));
    router.get(hub + "admin/audit").handler(action(Access.ADMIN, adminGroups::audit));
    router.get(hub + "api/audit").handler(apiAction("admin:audit", opsEndpoints::audit));
    Handler<RoutingContext> metrics =
        web.config().metrics().authenticated()
            ? apiAction("read:metrics", opsEndpoints::metrics)
            : action(Access.ANYONE, opsEndpoints::metrics);
    router.get(hub + "metrics").handler(metrics);
    router.get(hub + "api/metrics").handler(metrics);

    router
        .route()
        .handler(ctx -> errors.send(ctx, 404, "There is no page at " + ctx.request().path() + "."));
    router.errorHandler(
        404, ctx -> errors.send(ctx, 404, "There is no page at " + ctx.request().path() + "."));
    router.errorHandler(405, ctx -> errors.send(ctx, 405, "That method is not allowed here."));
    router.errorHandler(413, ctx -> errors.send(ctx, 413, "The request body is too large."));
    router.errorHandler(
        400,
        ctx ->
            errors.respond(
                ctx, ctx.failure() == null ? HttpError.badRequest("Bad request.") : ctx.failure()));
    router.errorHandler(
        500,
        ctx ->
            errors.respond(
                ctx, ctx.failure() == null ? new IllegalStateException("failed") : ctx.failure()));
    return router;
  }

  /** Who may reach an action. */
  enum Access {
    /** Anyone; the user is resolved if signed in. */
    ANYONE,
    /** Signed-in users; others are sent to the login page. */
    PAGE,
    /** Signed-in admins. */
    ADMIN
  }

  @FunctionalInterface
  interface Action {
    Reply run(HubRequest request) throws Exception;
  }

  /** An API action allowed to callers that {@link ApiAccess} grants {@code scope}. */
  private Handler<RoutingContext> apiAction(String scope, Action action) {
    return action(
        Access.ANYONE,
        request -> {
          access.require(request, scope);
          return action.run(request);
        });
  }

  /** Records {@code jupyterhub_request_duration_seconds} when the hub's response ends. */
  private void timeRequest(RoutingContext ctx) {
    long begun = System.nanoTime();
    ctx.addEndHandler(
        done -> {
          Route route = ctx.currentRoute();
          String handler = route == null || route.getPath() == null ? "other" : route.getPath();
          ops.metrics()
              .request(
                  ctx.request().method().name(),
                  handler,
                  ctx.response().getStatusCode(),
                  Duration.ofNanos(System.nanoTime() - begun));
        });
    ctx.next();
  }

  private Handler<RoutingContext> action(Access access, Action action) {
    return ctx ->
        vertx
            .executeBlocking(() -> runAction(ctx, access, action), false)
            .onComplete(
                result -> {
                  if (result.succeeded()) {
                    write(ctx, result.result());
                  } else {
                    errors.respond(ctx, result.cause());
                  }
                });
  }

  /** The proxy's error target: {@code <base>hub/error/<status>?url=...}. */
  private void errorPage(RoutingContext ctx) {
    int status;
    try {
      status = Integer.parseInt(ctx.pathParam("status"));
    } catch (NumberFormatException e) {
      status = 500;
    }
    if (status < 400 || status > 599) {
      status = 500;
    }
    String message =
        status == 404
            ? "There is no page at "
                + Optional.ofNullable(ctx.request().getParam("url")).orElse("this address")
                + "."
            : status == 503
                ? "The server for this page is not reachable; it may have stopped."
                : ErrorResponder.defaultMessage(status);
    errors.send(ctx, status, message);
  }

  private void authorizeRoute(RoutingContext ctx, RouteAuthorization authorization) {
    Optional<String> header = Optional.ofNullable(ctx.request().getHeader("Authorization"));
    vertx
        .executeBlocking(
            () -> {
              io.vertx.core.buffer.Buffer body = ctx.body().buffer();
              io.vertx.core.json.JsonObject question;
              try {
                question =
                    body == null
                        ? new io.vertx.core.json.JsonObject()
                        : new io.vertx.core.json.JsonObject(body);
              } catch (RuntimeException e) {
                throw HttpError.badRequest("The body must be a JSON object.");
              }
              return authorization.decide(header, question);
            },
            false)
        .onComplete(
            decided -> {
              if (decided.succeeded()) {
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(decided.result().encode());
              } else {
                ctx.fail(decided.cause());
              }
            });
  }

  private Reply runAction(RoutingContext ctx, Access access, Action action) throws Exception {
    Optional<RequestUser> user = resolveUser(ctx);
    user.ifPresent(u -> u.attachTo(ctx));
    HubRequest request = new HubRequest(ctx, user);
    if (access != Access.ANYONE && user.isEmpty()) {
      if (ctx.request().method() == HttpMethod.GET && !ErrorResponder.wantsJson(ctx)) {
        return Reply.redirect(paths.login(ctx.request().uri()));
      }
      throw HttpError.forbidden("Sign in first.");
    }
    if (access == Access.ADMIN && !user.orElseThrow().admin()) {
      throw HttpError.forbidden("Only administrators may see this page.");
    }
    if (user.isPresent() && isStateChange(ctx)) {
      Csrf.requireForSession(request, user.get());
    }
    if (access != Access.ANYONE
        && user.get().mustChangePassword()
        && !ctx.request().path().equals(paths.hub("change-password"))) {
      return Reply.redirect(paths.hub("change-password"));
    }
    return action.run(request);
  }

  private static boolean isStateChange(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
  }

  /** The signed-in user of a request (blocking: may read the session and user from the store). */
  private Optional<RequestUser> resolveUser(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SessionCookie.NAME);
    if (cookie == null || cookie.getValue().isEmpty()) {
      return Optional.empty();
    }
    Optional<Session> session = web.sessions().lookup(cookie.getValue());
    if (session.isEmpty()) {
      return Optional.empty();
    }
    Optional<User> user = web.users().find(session.get().user());
    if (user.isEmpty() || user.get().status() != UserStatus.ACTIVE) {
      return Optional.empty();
    }
    User u = user.get();
    return Optional.of(new RequestUser(u.name(), u.admin(), u.passwordMustChange(), session.get()));
  }

  private void write(RoutingContext ctx, Reply reply) {
    HttpServerResponse response = ctx.response();
    if (response.ended()) {
      return;
    }
    for (Cookie cookie : reply.cookies()) {
      response.addCookie(cookie);
    }
    switch (reply) {
      case Reply.Page page -> {
        response.setStatusCode(page.status());
        // rendering may create an anonymous anti-forgery token that must reach the browser
        String rendered = pages.render(ctx, page.template(), page.model());
        Csrf.pendingAnonymousToken(ctx)
            .ifPresent(token -> response.addCookie(cookies.anonymousXsrf(token, ctx.request())));
        SecurityHeaders.applyToPage(response);
        response.putHeader("Content-Type", "text/html; charset=utf-8").end(rendered);
      }
      case Reply.Redirect redirect -> redirect(ctx, redirect.location());
      case Reply.Json json -> json(ctx, json.status(), json.body());
      case Reply.Empty empty -> response.setStatusCode(empty.status()).end();
      case Reply.Text text ->
          response
              .setStatusCode(text.status())
              .putHeader("Content-Type", text.contentType())
              .end(text.body());
    }
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response()
        .setStatusCode(302)
        .putHeader("Location", location)
        .putHeader("Cache-Control", "no-store")
        .end();
  }

  private static void json(RoutingContext ctx, int status, Object body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(Json.encode(body));
  }

  private void progressStream(RoutingContext ctx) {
    Future<Optional<RequestUser>> resolved = vertx.executeBlocking(() -> resolveUser(ctx), false);
    resolved.onComplete(
        result -> {
          if (result.failed()) {
            errors.respond(ctx, result.cause());
            return;
          }
          Optional<RequestUser> user = result.result();
          String owner = ctx.pathParam("user");
          if (user.isEmpty()) {
            errors.send(ctx, 403, "Sign in first.");
          } else if (!user.get().name().equals(owner) && !user.get().admin()) {
            errors.send(ctx, 404, "No such server.");
          } else {
            progress.stream(ctx, owner, "");
          }
        });
  }
}
