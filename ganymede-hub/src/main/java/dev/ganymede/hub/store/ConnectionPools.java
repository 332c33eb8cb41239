package dev.ganymede.hub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.ganymede.hub.config.DatabaseConfig;

/** Builds the HikariCP pool for a database. */
final class ConnectionPools {

  /** How long a SQLite connection waits for another writer before it fails. */
  static final int SQLITE_BUSY_TIMEOUT_MILLIS = 5000;

  private ConnectionPools() {}

  static HikariDataSource open(String jdbcUrl, DatabaseKind kind, DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("ganymede-db");
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setMaximumPoolSize(config.maxPoolSize());
    config.username().ifPresent(hikari::setUsername);
    config.password().ifPresent(hikari::setPassword);
    switch (kind) {
      case SQLITE -> {
        // sqlite-jdbc applies these pragmas to every connection it opens.
        hikari.addDataSourceProperty("journal_mode", "WAL");
        hikari.addDataSourceProperty("synchronous", "NORMAL");
        hikari.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MILLIS));
        hikari.addDataSourceProperty("foreign_keys", "true");
        // Take the write lock when a transaction begins: a read-then-write transaction cannot
        // then fail with SQLITE_BUSY halfway, it waits for busy_timeout instead.
        hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
      }
      case POSTGRESQL -> hikari.addDataSourceProperty("ApplicationName", "ganymede-hub");
    }
    try {
      return new HikariDataSource(hikari);
    } catch (HikariPool.PoolInitializationException e) {
      throw new StoreException(
          "cannot connect to the database at " + Urls.masked(jdbcUrl) + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
