package dev.ganymede.hub.web;

import dev.ganymede.hub.metrics.HubMetrics;
import dev.ganymede.hub.store.AuditStore;
import dev.ganymede.hub.store.GroupStore;
import java.util.Objects;

/**
 * What the operational parts of the web layer need (metrics, the audit log, groups for the admin
 * page), passed in by the wiring code beside {@link WebContext}.
 */
public record OpsContext(HubMetrics metrics, AuditStore audit, GroupStore groups) {
  public OpsContext {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(groups, "groups");
  }
}
