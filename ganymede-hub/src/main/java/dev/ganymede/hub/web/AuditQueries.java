package dev.ganymede.hub.web;

import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.store.AuditEntry;
import dev.ganymede.hub.store.AuditQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads an {@link AuditQuery} from request parameters and renders entries for the API. */
final class AuditQueries {
  static final int DEFAULT_LIMIT = 50;

  private AuditQueries() {}

  /** {@code type, actor, subject, since, until} (ISO-8601 instants), {@code offset, limit}. */
  static AuditQuery from(HubRequest request) {
    return new AuditQuery(
        text(request, "type"),
        text(request, "actor"),
        text(request, "subject"),
        instant(request, "since"),
        instant(request, "until"),
        integer(request, "offset", 0, 0, Integer.MAX_VALUE),
        integer(request, "limit", DEFAULT_LIMIT, 1, AuditQuery.MAX_LIMIT));
  }

  static Map<String, Object> json(AuditEntry entry) {
    HubEvent event = entry.event();
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", entry.id());
    item.put("at", event.at().toString());
    item.put("type", event.type());
    item.put("actor", event.actor());
    item.put("subject", event.subject());
    item.put("client_address", event.clientAddress());
    item.put("outcome", event.outcome());
    item.put("details", new TreeMap<>(event.details()));
    return item;
  }

  private static Optional<String> text(HubRequest request, String name) {
    String value = request.query(name).strip();
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<Instant> instant(HubRequest request, String name) {
    return text(request, name)
        .map(
            value -> {
              try {
                return Instant.parse(value);
              } catch (DateTimeParseException e) {
                throw HttpError.badRequest(
                    name + " must be an ISO-8601 instant such as 2026-11-22T10:00:00Z");
              }
            });
  }

  private static int integer(HubRequest request, String name, int fallback, int min, int max) {
    Optional<String> value = text(request, name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.get());
      if (parsed < min || parsed > max) {
        throw HttpError.badRequest(name + " must be from " + min + " to " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw HttpError.badRequest(name + " must be an integer from " + min + " to " + max);
    }
  }
}
