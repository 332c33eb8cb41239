package dev.ganymede.hub.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganymede.hub.event.HubEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** {@link AuditStore} on the {@code audit_events} table. Thread-safe; every method blocks. */
final class JdbiAuditStore implements AuditStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {};

  private final SqlRunner sql;

  JdbiAuditStore(SqlRunner sql) {
    this.sql = Objects.requireNonNull(sql, "sql");
  }

  @Override
  public void append(List<HubEvent> events) {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      return;
    }
    sql.inTransaction(
        "store " + events.size() + " audit events",
        h -> {
          PreparedBatch batch =
              h.prepareBatch(
                  "INSERT INTO audit_events"
                      + " (at, type, actor, subject, client_address, outcome, details)"
                      + " VALUES (:at, :type, :actor, :subject, :address, :outcome, :details)");
          for (HubEvent event : events) {
            batch
                .bind("at", event.at().toEpochMilli())
                .bind("type", event.type())
                .bind("actor", event.actor())
                .bind("subject", event.subject())
                .bind("address", event.clientAddress())
                .bind("outcome", event.outcome())
                .bind("details", toJson(event.details()))
                .add();
          }
          batch.execute();
          return null;
        });
  }

  @Override
  public AuditPage find(AuditQuery query) {
    Objects.requireNonNull(query, "query");
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    Map<String, Object> binds = new HashMap<>();
    query.type().ifPresent(v -> filter(where, binds, "type = :type", "type", v));
    query.actor().ifPresent(v -> filter(where, binds, "actor = :actor", "actor", v));
    query.subject().ifPresent(v -> filter(where, binds, "subject = :subject", "subject", v));
    query.since().ifPresent(v -> filter(where, binds, "at >= :since", "since", v.toEpochMilli()));
    query.until().ifPresent(v -> filter(where, binds, "at < :until", "until", v.toEpochMilli()));
    return sql.call(
        "read the audit log",
        h -> {
          Query count = h.createQuery("SELECT COUNT(*) FROM audit_events" + where);
          binds.forEach(count::bind);
          long total = count.mapTo(Long.class).one();
          Query select =
              h.createQuery(
                  "SELECT id, at, type, actor, subject, client_address, outcome, details"
                      + " FROM audit_events"
                      + where
                      + " ORDER BY id DESC LIMIT :limit OFFSET :offset");
          binds.forEach(select::bind);
          List<AuditEntry> entries =
              select
                  .bind("limit", query.limit())
                  .bind("offset", query.offset())
                  .map(
                      (rs, ctx) ->
                          new AuditEntry(
                              rs.getLong("id"),
                              new HubEvent(
                                  Instant.ofEpochMilli(rs.getLong("at")),
                                  rs.getString("type"),
                                  rs.getString("actor"),
                                  rs.getString("subject"),
                                  rs.getString("client_address"),
                                  rs.getString("outcome"),
                                  fromJson(rs.getString("details")))))
                  .list();
          return new AuditPage(new ArrayList<>(entries), total);
        });
  }

  private static void filter(
      StringBuilder where, Map<String, Object> binds, String clause, String name, Object value) {
    where.append(" AND ").append(clause);
    binds.put(name, value);
  }

  private static String toJson(Map<String, String> details) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(details));
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot encode audit details", e);
    }
  }

  private static Map<String, String> fromJson(String text) {
    try {
      return JSON.readValue(text, DETAILS);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot decode audit details", e);
    }
  }
}
