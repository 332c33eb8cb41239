package dev.ganymede.hub.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link GroupStore} on the {@code user_groups} and {@code group_members} tables. Thread-safe;
 * every method blocks.
 */
final class JdbiGroupStore implements GroupStore {

  private static final String SELECT =
      "SELECT g.id, g.name, u.name AS member FROM user_groups g"
          + " LEFT JOIN group_members m ON m.group_id = g.id"
          + " LEFT JOIN users u ON u.id = m.user_id";

  private final SqlRunner sql;

  JdbiGroupStore(SqlRunner sql) {
    this.sql = Objects.requireNonNull(sql, "sql");
  }

  @Override
  public Optional<Group> find(String name) {
    Objects.requireNonNull(name, "name");
    return sql
        .call(
            "read group " + name,
            h -> groups(h, SELECT + " WHERE g.name = :name", Map.of("name", name)))
        .stream()
        .findFirst();
  }

  @Override
  public List<Group> list() {
    return sql.call("list groups", h -> groups(h, SELECT + " ORDER BY g.name", Map.of()));
  }

  @Override
  public Group create(String name) {
    Objects.requireNonNull(name, "name");
    try {
      return sql.inTransaction(
          "create group " + name,
          h -> {
            h.createUpdate("INSERT INTO user_groups (name) VALUES (:name)")
                .bind("name", name)
                .execute();
            return new Group(groupId(h, name).orElseThrow(), name, Set.of());
          });
    } catch (StoreException e) {
      if (SqlRunner.isUniqueViolation(e)) {
        throw new AlreadyExistsException("group " + name + " exists already");
      }
      throw e;
    }
  }

  @Override
  public boolean delete(String name) {
    Objects.requireNonNull(name, "name");
    return sql.call(
        "delete group " + name,
        h ->
            h.createUpdate("DELETE FROM user_groups WHERE name = :name")
                    .bind("name", name)
                    .execute()
                > 0);
  }

  /** Adds all or none: a missing group or user leaves the group as it was. */
  @Override
  public void addMembers(String group, Set<String> users) {
    Objects.requireNonNull(group, "group");
    Set<String> names = Set.copyOf(users);
    sql.inTransaction(
        "add members to group " + group,
        h -> {
          long groupId = requireGroup(h, group);
          Map<String, Long> userIds = new LinkedHashMap<>();
          Set<String> missing = new TreeSet<>();
          for (String user : new TreeSet<>(names)) {
            userId(h, user).ifPresentOrElse(id -> userIds.put(user, id), () -> missing.add(user));
          }
          if (!missing.isEmpty()) {
            throw new NotFoundException("no such users: " + String.join(", ", missing));
          }
          if (!userIds.isEmpty()) {
            PreparedBatch batch =
                h.prepareBatch(
                    "INSERT INTO group_members (group_id, user_id) VALUES (:group, :user)"
                        + " ON CONFLICT (group_id, user_id) DO NOTHING");
            for (long userId : userIds.values()) {
              batch.bind("group", groupId).bind("user", userId).add();
            }
            batch.execute();
          }
          return null;
        });
  }

  /** Users that are not members (or do not exist) are ignored; the group must exist. */
  @Override
  public void removeMembers(String group, Set<String> users) {
    Objects.requireNonNull(group, "group");
    Set<String> names = Set.copyOf(users);
    sql.inTransaction(
        "remove members from group " + group,
        h -> {
          long groupId = requireGroup(h, group);
          for (String user : names) {
            h.createUpdate(
                    "DELETE FROM group_members WHERE group_id = :group"
                        + " AND user_id = (SELECT id FROM users WHERE name = :user)")
                .bind("group", groupId)
                .bind("user", user)
                .execute();
          }
          return null;
        });
  }

  @Override
  public Set<String> groupsOf(String user) {
    Objects.requireNonNull(user, "user");
    return sql.call(
        "read groups of " + user,
        h ->
            Set.copyOf(
                h.createQuery(
                        "SELECT g.name FROM user_groups g"
                            + " JOIN group_members m ON m.group_id = g.id"
                            + " JOIN users u ON u.id = m.user_id WHERE u.name = :user")
                    .bind("user", user)
                    .mapTo(String.class)
                    .list()));
  }

  @Override
  public Map<String, Set<String>> groupsOf(Collection<String> users) {
    if (users.isEmpty()) {
      return Map.of();
    }
    return sql.call(
        "read groups of " + users.size() + " users",
        h -> {
          Map<String, Set<String>> memberships = new HashMap<>();
          h.createQuery(
                  "SELECT u.name AS user_name, g.name AS group_name FROM user_groups g"
                      + " JOIN group_members m ON m.group_id = g.id"
                      + " JOIN users u ON u.id = m.user_id WHERE u.name IN (<users>)")
              .bindList("users", List.copyOf(users))
              .map(
                  (rs, ctx) -> {
                    memberships
                        .computeIfAbsent(rs.getString("user_name"), u -> new HashSet<>())
                        .add(rs.getString("group_name"));
                    return 0;
                  })
              .list();
          return memberships;
        });
  }

  /** One row of {@link #SELECT}: a group with one member, or with none. */
  private record MemberRow(long id, String name, Optional<String> member) {}

  private static List<Group> groups(Handle h, String query, Map<String, Object> arguments) {
    List<MemberRow> rows =
        h.createQuery(query)
            .bindMap(arguments)
            .map(
                (rs, ctx) ->
                    new MemberRow(
                        rs.getLong("id"),
                        rs.getString("name"),
                        Columns.optionalString(rs, "member")))
            .list();
    Map<Long, String> names = new LinkedHashMap<>();
    Map<Long, Set<String>> members = new LinkedHashMap<>();
    for (MemberRow row : rows) {
      names.put(row.id(), row.name());
      Set<String> set = members.computeIfAbsent(row.id(), id -> new LinkedHashSet<>());
      row.member().ifPresent(set::add);
    }
    List<Group> groups = new ArrayList<>();
    names.forEach((id, name) -> groups.add(new Group(id, name, members.get(id))));
    return groups;
  }

  private static long requireGroup(Handle h, String group) {
    return groupId(h, group).orElseThrow(() -> new NotFoundException("no group " + group));
  }

  private static Optional<Long> groupId(Handle h, String group) {
    return h.createQuery("SELECT id FROM user_groups WHERE name = :name")
        .bind("name", group)
        .mapTo(Long.class)
        .findOne();
  }

  private static Optional<Long> userId(Handle h, String user) {
    return h.createQuery("SELECT id FROM users WHERE name = :name")
        .bind("name", user)
        .mapTo(Long.class)
        .findOne();
  }
}
