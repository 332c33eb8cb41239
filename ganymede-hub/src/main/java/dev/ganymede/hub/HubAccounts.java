package dev.ganymede.hub;

import dev.ganymede.hub.account.AccountService;
import dev.ganymede.hub.audit.LoggingEventSink;
import dev.ganymede.hub.auth.PasswordHasher;
import dev.ganymede.hub.auth.PasswordPolicy;
import dev.ganymede.hub.config.GanymedeConfig;
import dev.ganymede.hub.session.SessionManager;
import dev.ganymede.hub.store.Database;
import dev.ganymede.hub.store.UserStore;
import java.time.Clock;

/**
 * Account administration without a running hub, for the command line ({@code ganymede user ...}).
 * Opens the hub's database (SQLite allows this while the hub runs) and closes it on {@link
 * #close()}.
 */
public final class HubAccounts implements AutoCloseable {
  private final Database database;
  private final AccountService service;

  private HubAccounts(Database database, AccountService service) {
    this.database = database;
    this.service = service;
  }

  public static HubAccounts open(GanymedeConfig config) {
    Database database = Database.open(config.database(), config.hub().dataDir());
    try {
      Clock clock = Clock.systemUTC();
      SessionManager sessions = new SessionManager(database.sessions(), config.auth(), clock);
      AccountService service =
          new AccountService(
              config.auth(),
              database.users(),
              database.groups(),
              sessions,
              new PasswordHasher(),
              new PasswordPolicy(),
              new LoggingEventSink(),
              clock);
      return new HubAccounts(database, service);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  public AccountService service() {
    return service;
  }

  public UserStore users() {
    return database.users();
  }

  @Override
  public void close() {
    database.close();
  }
}
