package dev.ganymede.hub.web;

import dev.ganymede.hub.account.AccountException;
import dev.ganymede.hub.account.AddedUser;
import dev.ganymede.hub.server.ServerView;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /hub/admin}: find users, see their servers, add users, approve sign-ups, reset passwords,
 * grant or revoke admin, start, stop and delete.
 */
final class AdminPages {
  private final WebContext web;
  private final HubPaths paths;

  AdminPages(WebContext web, HubPaths paths) {
    this.web = web;
    this.paths = paths;
  }

  Reply list(HubRequest request) {
    return page(200, request.query("q"), "", "");
  }

  Reply addUser(HubRequest request) {
    RequestUser me = request.requireAdmin();
    String name = request.form("username");
    String password = request.form("password");
    boolean admin = !request.form("admin").isEmpty();
    try {
      AddedUser added =
          web.accounts()
              .addUser(
                  name,
                  admin,
                  password.isEmpty() ? Optional.empty() : Optional.of(password),
                  me.name());
      String notice =
          added
              .oneTimePassword()
              .map(p -> "Added " + added.user().name() + ". One-time password (shown once): " + p)
              .orElse("Added " + added.user().name() + ".");
      return page(200, "", notice, "");
    } catch (AccountException e) {
      return page(400, "", "", e.getMessage());
    }
  }

  Reply operate(HubRequest request) {
    RequestUser me = request.requireAdmin();
    String name = request.pathParam("user");
    String operation = request.pathParam("operation");
    try {
      String notice =
          switch (operation) {
            case "approve" -> {
              web.accounts().approve(name, me.name());
              yield "Approved " + name + ".";
            }
            case "reset-password" ->
                "New one-time password for "
                    + name
                    + " (shown once): "
                    + web.accounts().resetPassword(name, me.name());
            case "make-admin" -> {
              web.accounts().setAdmin(name, true, me.name());
              yield name + " is now an administrator.";
            }
            case "remove-admin" -> {
              if (name.equals(me.name())) {
                throw new AccountException("You cannot remove your own administrator rights.");
              }
              web.accounts().setAdmin(name, false, me.name());
              yield name + " is no longer an administrator.";
            }
            case "delete" -> {
              if (name.equals(me.name())) {
                throw new AccountException("You cannot delete your own account.");
              }
              web.servers().stop(name, "");
              web.accounts().deleteUser(name, me.name());
              yield "Deleted " + name + ".";
            }
            case "start" -> {
              web.servers().start(name, "", Map.of());
              yield "Starting the server of " + name + ".";
            }
            case "stop" -> {
              web.servers().stop(name, "");
              yield "Stopping the server of " + name + ".";
            }
            default -> throw HttpError.notFound("Unknown operation " + operation + ".");
          };
      return page(200, "", notice, "");
    } catch (AccountException e) {
      return page(400, "", "", e.getMessage());
    }
  }

  private Reply page(int status, String query, String notice, String error) {
    String q = query.toLowerCase(Locale.ROOT);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (User user : web.users().list()) {
      if (!q.isEmpty() && !user.name().contains(q)) {
        continue;
      }
      ServerView server = web.servers().view(user.name(), "");
      Map<String, Object> row = new HashMap<>();
      row.put("name", user.name());
      row.put("escaped", HubPaths.escape(user.name()));
      row.put("admin", user.admin());
      row.put("pending", user.status() == UserStatus.PENDING);
      row.put("server", server.state().name().toLowerCase(Locale.ROOT));
      row.put("running", server.state().mayBeRunning());
      row.put("serverUrl", server.basePath());
      row.put(
          "lastActivity",
          user.lastActivity()
              .map(Object::toString)
              .orElse(server.lastActivity().map(Object::toString).orElse("")));
      rows.add(row);
    }
    Map<String, Object> model = new HashMap<>();
    model.put("users", rows);
    model.put("query", query);
    model.put("notice", notice);
    model.put("error", error);
    model.put("adminUrl", paths.hub("admin"));
    return Reply.page(status, "admin", model);
  }
}
