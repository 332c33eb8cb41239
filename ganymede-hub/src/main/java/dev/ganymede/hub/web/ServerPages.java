package dev.ganymede.hub.web;

import dev.ganymede.hub.config.ProfileConfig;
import dev.ganymede.hub.server.ServerView;
import dev.ganymede.hub.store.ServerState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pages around a user's server: home (status, start, stop, open), the spawn form, the
 * spawn-pending page with its live progress, and the "your server is not running" page that answers
 * {@code /user/<name>/...} when no route to a server exists.
 */
final class ServerPages {
  private static final String DEFAULT_SERVER = "";

  private final WebContext web;
  private final HubPaths paths;

  ServerPages(WebContext web, HubPaths paths) {
    this.web = web;
    this.paths = paths;
  }

  Reply home(HubRequest request) {
    RequestUser me = request.requireUser();
    ServerView view = web.servers().view(me.name(), DEFAULT_SERVER);
    return Reply.page("home", serverModel(view));
  }

  Reply spawnForm(HubRequest request) {
    String owner = owner(request);
    ServerView view = web.servers().view(owner, DEFAULT_SERVER);
    String next = request.query("next");
    if (view.state() == ServerState.RUNNING) {
      return Reply.redirect(next.isEmpty() ? view.basePath() : paths.safeNext(next));
    }
    if (view.state() == ServerState.STARTING) {
      return Reply.redirect(pendingUrl(owner, next));
    }
    Map<String, Object> model = serverModel(view);
    model.put("next", next);
    List<ProfileConfig> profiles = web.servers().profiles(owner);
    model.put("profiles", profiles);
    model.put(
        "defaultProfile",
        profiles.stream()
            .filter(ProfileConfig::isDefault)
            .findFirst()
            .or(() -> profiles.stream().findFirst())
            .map(ProfileConfig::slug)
            .orElse(""));
    return Reply.page("spawn", model);
  }

  Reply spawn(HubRequest request) {
    String owner = owner(request);
    String next = request.form("next").isEmpty() ? request.query("next") : request.form("next");
    web.servers()
        .start(
            owner, DEFAULT_SERVER, SpawnFormOptions.from(request, web.servers().profiles(owner)));
    return Reply.redirect(pendingUrl(owner, next));
  }

  Reply stop(HubRequest request) {
    String owner = owner(request);
    web.servers().stop(owner, DEFAULT_SERVER);
    return Reply.redirect(
        "admin".equals(request.form("return")) ? paths.hub("admin") : paths.hub("home"));
  }

  Reply pending(HubRequest request) {
    String owner = owner(request);
    ServerView view = web.servers().view(owner, DEFAULT_SERVER);
    String next = request.query("next");
    if (view.state() == ServerState.RUNNING) {
      return Reply.redirect(next.isEmpty() ? view.basePath() : paths.safeNext(next));
    }
    if (view.state() == ServerState.STOPPED && view.failure().isEmpty()) {
      return Reply.redirect(paths.hub("home"));
    }
    Map<String, Object> model = serverModel(view);
    model.put("owner", owner);
    model.put("progressUrl", paths.hub("api/users/" + HubPaths.escape(owner) + "/server/progress"));
    model.put("next", next.isEmpty() ? view.basePath() : paths.safeNext(next));
    return Reply.page("spawn_pending", model);
  }

  Reply userRedirect(HubRequest request) {
    RequestUser me = request.requireUser();
    String prefix = paths.hub("user-redirect/");
    String rest =
        request.path().length() > prefix.length() ? request.path().substring(prefix.length()) : "";
    String query = request.context().request().query();
    return Reply.redirect(paths.userServer(me.name()) + rest + (query == null ? "" : "?" + query));
  }

  /**
   * Reached only when the proxy has no route for the server: it is not running (or not yet, or no
   * longer). The owner gets a page with a start button (424, as JupyterHub answers); other users
   * get 403 and never learn more.
   */
  Reply notRunning(HubRequest request) {
    RequestUser me = request.requireUser();
    String owner = request.pathParam("user");
    if (!owner.equals(me.name()) && !me.admin()) {
      throw HttpError.forbidden("This server belongs to another user.");
    }
    ServerView view = web.servers().view(owner, DEFAULT_SERVER);
    String uri = request.uri();
    String hubUserPrefix = paths.hub("user/");
    String target =
        uri.startsWith(hubUserPrefix)
            ? paths.base() + "user/" + uri.substring(hubUserPrefix.length())
            : uri;
    if (view.state() == ServerState.STARTING) {
      return Reply.redirect(pendingUrl(owner, target));
    }
    if (view.state() == ServerState.RUNNING) {
      if (uri.startsWith(hubUserPrefix)) {
        return Reply.redirect(target);
      }
      Map<String, Object> model = serverModel(view);
      model.put("retry", target);
      return Reply.page(503, "server_unavailable", model);
    }
    Map<String, Object> model = serverModel(view);
    model.put("owner", owner);
    model.put("next", target);
    model.put("spawnUrl", paths.hub("spawn/" + HubPaths.escape(owner)));
    return Reply.page(424, "not_running", model);
  }

  private String owner(HubRequest request) {
    RequestUser me = request.requireUser();
    String owner = request.pathParam("user");
    if (owner.isEmpty() || owner.equals(me.name())) {
      return me.name();
    }
    if (!me.admin()) {
      throw HttpError.forbidden("You may only manage your own server.");
    }
    if (web.users().find(owner).isEmpty()) {
      throw HttpError.notFound("There is no user " + owner + ".");
    }
    return owner;
  }

  private String pendingUrl(String owner, String next) {
    String url = paths.hub("spawn-pending/" + HubPaths.escape(owner));
    return next.isEmpty() ? url : url + "?next=" + HubPaths.escapeQuery(paths.safeNext(next));
  }

  private static Map<String, Object> serverModel(ServerView view) {
    Map<String, Object> model = new HashMap<>();
    model.put("owner", view.user());
    model.put("state", view.state().name().toLowerCase(java.util.Locale.ROOT));
    model.put("running", view.state() == ServerState.RUNNING);
    model.put("starting", view.state() == ServerState.STARTING);
    model.put("stopping", view.state() == ServerState.STOPPING);
    model.put("serverUrl", view.basePath());
    model.put("failure", view.failure().orElse(""));
    model.put("progress", view.progress());
    model.put("lastActivity", view.lastActivity().map(Object::toString).orElse(""));
    return model;
  }
}
