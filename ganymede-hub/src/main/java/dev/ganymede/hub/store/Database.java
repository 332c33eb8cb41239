package dev.ganymede.hub.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.ganymede.hub.config.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's database: a connection pool (HikariCP), the schema brought up to date at {@link #open}
 * (Flyway), and the stores on top (JDBI).
 *
 * <p>SQLite by default, at {@code <dataDir>/ganymede.sqlite} (the directory is created), with WAL
 * journaling, a busy timeout and foreign keys on every connection; PostgreSQL when {@link
 * DatabaseConfig#url()} is a {@code jdbc:postgresql:} URL. The same migrations and the same stores
 * run on both.
 *
 * <p>Threading: the stores are thread-safe and every method blocks on JDBC, so call them from
 * worker or virtual threads, never from an event loop:
 *
 * <pre>{@code
 * try (Database db = Database.open(config.database(), config.hub().dataDir())) {
 *   vertx.executeBlocking(() -> db.users().find("alice"));
 * }
 * }</pre>
 *
 * <p>The user, group, server and token stores read through {@link StoreCaches} (bounded by {@link
 * DatabaseConfig#cacheSize()}) and invalidate it on every write; this assumes the hub is the only
 * writer of its database.
 *
 * <p>{@link #close()} closes the pool; the stores must not be used afterwards.
 */
public final class Database implements AutoCloseable {

  /** The SQLite file name inside the data directory. */
  public static final String SQLITE_FILE = "ganymede.sqlite";

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final HikariDataSource pool;
  private final UserStore users;
  private final GroupStore groups;
  private final ServerStore servers;
  private final SecretStore secrets;
  private final SessionStore sessions;
  private final AuditStore audit;
  private final ApiTokenStore tokens;
  private final GroupPropertiesStore groupProperties;
  private final SignInTokenStore signInTokens;
  private final StoreCaches caches;

  private Database(HikariDataSource pool, Clock clock, int cacheSize) {
    this.pool = pool;
    SqlRunner sql = new SqlRunner(Jdbi.create(pool));
    this.caches = new StoreCaches(cacheSize);
    this.users = new CachingUserStore(new JdbiUserStore(sql, clock), caches);
    this.groups = new CachingGroupStore(new JdbiGroupStore(sql), caches);
    this.servers = new CachingServerStore(new JdbiServerStore(sql), caches);
    this.secrets = new JdbiSecretStore(sql, clock);
    this.sessions = new JdbiSessionStore(sql);
    this.audit = new JdbiAuditStore(sql);
    this.tokens = new CachingApiTokenStore(new JdbiApiTokenStore(sql), caches);
    this.groupProperties = new GroupPropertiesStore(sql);
    this.signInTokens = new JdbiSignInTokenStore(sql, clock);
  }

  /**
   * Connects, migrates the schema and returns the database; throws {@link StoreException} saying
   * why if it cannot.
   *
   * @param dataDir where the default SQLite file lives ({@code hub.dataDir})
   */
  public static Database open(DatabaseConfig config, Path dataDir) {
    return open(config, dataDir, Clock.systemUTC());
  }

  static Database open(DatabaseConfig config, Path dataDir, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    String url = config.url().orElseGet(() -> defaultSqliteUrl(dataDir));
    DatabaseKind kind = DatabaseKind.of(url);
    HikariDataSource pool = ConnectionPools.open(url, kind, config);
    try {
      String version = Migrations.apply(pool, kind);
      LOG.info("Database {} ready at schema version {}", Urls.masked(url), version);
      return new Database(pool, clock, config.cacheSize());
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static String defaultSqliteUrl(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("cannot create the data directory " + dataDir, e);
    }
    return "jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath();
  }

  public UserStore users() {
    return users;
  }

  public GroupStore groups() {
    return groups;
  }

  public ServerStore servers() {
    return servers;
  }

  public SecretStore secrets() {
    return secrets;
  }

  public SessionStore sessions() {
    return sessions;
  }

  public AuditStore audit() {
    return audit;
  }

  public ApiTokenStore tokens() {
    return tokens;
  }

  public GroupPropertiesStore groupProperties() {
    return groupProperties;
  }

  /** Encrypted sign-in state for users' servers. */
  public SignInTokenStore signInTokens() {
    return signInTokens;
  }

  /**
   * The in-memory copies of users, memberships, server rows and API tokens that the stores above
   * read through, and the one place that invalidates them (see {@link StoreCaches}).
   */
  public StoreCaches caches() {
    return caches;
  }

  /** The pool, for tests that look at connections. */
  DataSource dataSource() {
    return pool;
  }

  /** Closes the connection pool. Idempotent. */
  @Override
  public void close() {
    pool.close();
  }
}
