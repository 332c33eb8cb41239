package dev.ganymede.hub.store;

import java.util.Objects;
import java.util.Optional;

/**
 * The free-form JSON {@code properties} of groups (JupyterHub 4.0+), kept as JSON text. Blocking;
 * thread-safe.
 */
public final class GroupPropertiesStore {
  private final SqlRunner sql;

  GroupPropertiesStore(SqlRunner sql) {
    this.sql = Objects.requireNonNull(sql, "sql");
  }

  /** The group's properties as JSON text; empty if none were set (or no such group). */
  public Optional<String> find(String group) {
    Objects.requireNonNull(group, "group");
    return sql.call(
        "read properties of group " + group,
        h ->
            h.createQuery(
                    "SELECT p.properties FROM group_properties p"
                        + " JOIN user_groups g ON g.id = p.group_id WHERE g.name = :name")
                .bind("name", group)
                .mapTo(String.class)
                .findOne());
  }

  /** Replaces the properties; throws {@link NotFoundException} if there is no such group. */
  public void replace(String group, String json) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(json, "json");
    sql.inTransaction(
        "set properties of group " + group,
        h -> {
          long id =
              h.createQuery("SELECT id FROM user_groups WHERE name = :name")
                  .bind("name", group)
                  .mapTo(Long.class)
                  .findOne()
                  .orElseThrow(() -> new NotFoundException("no such group: " + group));
          h.createUpdate("DELETE FROM group_properties WHERE group_id = :id")
              .bind("id", id)
              .execute();
          h.createUpdate("INSERT INTO group_properties (group_id, properties) VALUES (:id, :json)")
              .bind("id", id)
              .bind("json", json)
              .execute();
          return null;
        });
  }
}
