package dev.ganymede.hub.web;

import dev.ganymede.hub.account.AccountService;
import dev.ganymede.hub.auth.Authenticator;
import dev.ganymede.hub.auth.LoginService;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.server.ServerManager;
import dev.ganymede.hub.session.SessionManager;
import dev.ganymede.hub.store.UserStore;
import java.util.Objects;

/**
 * Everything the hub's web layer needs from the rest of the hub, passed in explicitly by the wiring
 * code.
 */
public record WebContext(
    GanymedeConfig config,
    String version,
    UserStore users,
    SessionManager sessions,
    LoginService logins,
    AccountService accounts,
    Authenticator authenticator,
    ServerManager servers) {

  public WebContext {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(logins, "logins");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(authenticator, "authenticator");
    Objects.requireNonNull(servers, "servers");
  }
}
