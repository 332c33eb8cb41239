package dev.ganymede.hub.store;

import java.sql.SQLException;
import java.util.Objects;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Runs JDBI callbacks and turns JDBI's exceptions into {@link StoreException}s naming the action.
 * Thread-safe.
 */
final class SqlRunner {

  private static final String POSTGRES_UNIQUE_VIOLATION = "23505";

  private final Jdbi jdbi;

  SqlRunner(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Runs statements in auto-commit mode. */
  <T> T call(String action, HandleCallback<T, RuntimeException> callback) {
    try {
      return jdbi.withHandle(callback);
    } catch (JdbiException e) {
      throw new StoreException("cannot " + action + ": " + e.getMessage(), e);
    }
  }

  /** Runs statements in one transaction, rolled back if the callback throws. */
  <T> T inTransaction(String action, HandleCallback<T, RuntimeException> callback) {
    try {
      return jdbi.inTransaction(callback);
    } catch (JdbiException e) {
      throw new StoreException("cannot " + action + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@code e} was caused by a unique or primary key constraint, on either database. Stores
   * insert and catch this instead of checking first, which two hubs could race.
   */
  static boolean isUniqueViolation(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLiteException sqlite) {
        SQLiteErrorCode code = sqlite.getResultCode();
        return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
            || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        return POSTGRES_UNIQUE_VIOLATION.equals(sql.getSQLState());
      }
    }
    return false;
  }
}
