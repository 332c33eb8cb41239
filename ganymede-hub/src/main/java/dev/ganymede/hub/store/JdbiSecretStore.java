package dev.ganymede.hub.store;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/** {@link SecretStore} on the {@code secrets} table. Thread-safe; every method blocks. */
final class JdbiSecretStore implements SecretStore {

  private final SqlRunner sql;
  private final Clock clock;

  JdbiSecretStore(SqlRunner sql, Clock clock) {
    this.sql = Objects.requireNonNull(sql, "sql");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reads the secret; if there is none, inserts the generated value unless another caller (or hub)
   * inserted one in the meantime ({@code ON CONFLICT DO NOTHING}), then reads again. Every caller
   * gets the value that won.
   */
  @Override
  public String getOrCreate(String name, Supplier<String> generator) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(generator, "generator");
    return sql.call(
        "read or create secret " + name,
        h -> {
          Optional<String> existing = read(h, name);
          if (existing.isPresent()) {
            return existing.get();
          }
          String generated = Objects.requireNonNull(generator.get(), "generated secret");
          h.createUpdate(
                  "INSERT INTO secrets (name, value, created_at) VALUES (:name, :value, :at)"
                      + " ON CONFLICT (name) DO NOTHING")
              .bind("name", name)
              .bind("value", generated)
              .bind("at", clock.millis())
              .execute();
          return read(h, name)
              .orElseThrow(() -> new StoreException("secret " + name + " vanished after insert"));
        });
  }

  private static Optional<String> read(Handle h, String name) {
    return h.createQuery("SELECT value FROM secrets WHERE name = :name")
        .bind("name", name)
        .mapTo(String.class)
        .findOne();
  }
}
