package dev.ganymede.hub.store;

import java.util.List;

/**
 * One page of the audit log.
 *
 * @param entries newest first
 * @param total how many events match the query in all
 */
public record AuditPage(List<AuditEntry> entries, long total) {
  public AuditPage {
    entries = List.copyOf(entries);
  }
}
