package dev.ganymede.hub.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A filter and page over the audit log. Text filters match exactly; {@code since} is inclusive,
 * {@code until} exclusive.
 */
public record AuditQuery(
    Optional<String> type,
    Optional<String> actor,
    Optional<String> subject,
    Optional<Instant> since,
    Optional<Instant> until,
    int offset,
    int limit) {

  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
    }
  }

  /** Everything, newest first, {@code limit} at a time. */
  public static AuditQuery all(int limit) {
    return new AuditQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0,
        limit);
  }
}
