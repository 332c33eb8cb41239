package dev.ganymede.hub.web;

import dev.ganymede.hub.metrics.HubMetrics;
import dev.ganymede.hub.server.ServerManager;
import dev.ganymede.hub.store.AuditPage;
import dev.ganymede.hub.store.AuditQuery;
import dev.ganymede.hub.store.User;
import dev.ganymede.hub.store.UserStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * {@code <base>hub/metrics} (and {@code hub/api/metrics}) and {@code <base>hub/api/audit}. The
 * database-derived gauges are computed on the scraping worker thread: running servers at every
 * scrape, users and active users at most every ten seconds.
 */
final class OpsEndpoints {
  static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
  private static final Duration GAUGE_REFRESH = Duration.ofSeconds(10);

  private final OpsContext ops;
  private final UserStore users;
  private final ServerManager servers;
  private final HubPaths paths;
  private final LongSupplier clockMillis;
  private long usersRefreshedAt; // guarded by this
  private boolean usersCounted; // guarded by this

  OpsEndpoints(OpsContext ops, UserStore users, ServerManager servers, HubPaths paths) {
    this.ops = Objects.requireNonNull(ops, "ops");
    this.users = Objects.requireNonNull(users, "users");
    this.servers = Objects.requireNonNull(servers, "servers");
    this.paths = Objects.requireNonNull(paths, "paths");
    this.clockMillis = System::currentTimeMillis;
  }

  Reply metrics(HubRequest request) {
    refreshGauges();
    return new Reply.Text(200, PROMETHEUS, ops.metrics().scrape(), List.of());
  }

  Reply audit(HubRequest request) {
    AuditQuery query = AuditQueries.from(request);
    AuditPage page = ops.audit().find(query);
    Map<String, Object> pagination = new LinkedHashMap<>();
    pagination.put("offset", query.offset());
    pagination.put("limit", query.limit());
    pagination.put("total", page.total());
    long nextOffset = (long) query.offset() + page.entries().size();
    if (nextOffset < page.total() && !page.entries().isEmpty()) {
      Map<String, Object> next = new LinkedHashMap<>();
      next.put("offset", nextOffset);
      next.put("limit", query.limit());
      next.put("url", nextUrl(request, nextOffset));
      pagination.put("next", next);
    } else {
      pagination.put("next", null);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", page.entries().stream().map(AuditQueries::json).toList());
    body.put("_pagination", pagination);
    return Reply.json(200, body);
  }

  private String nextUrl(HubRequest request, long offset) {
    StringBuilder url = new StringBuilder(paths.hub("api/audit")).append("?offset=").append(offset);
    for (String name : List.of("limit", "type", "actor", "subject", "since", "until")) {
      String value = request.query(name);
      if (!value.isEmpty()) {
        url.append('&').append(name).append('=').append(HubPaths.escapeQuery(value));
      }
    }
    return url.toString();
  }

  private void refreshGauges() {
    ops.metrics().runningServers(servers.runningCount());
    long now = clockMillis.getAsLong();
    synchronized (this) {
      if (usersCounted && now - usersRefreshedAt < GAUGE_REFRESH.toMillis()) {
        return;
      }
      usersCounted = true;
      usersRefreshedAt = now;
    }
    List<User> all = users.list();
    Instant at = Instant.ofEpochMilli(now);
    Map<String, Long> active = new HashMap<>();
    for (var period : HubMetrics.ACTIVE_PERIODS.entrySet()) {
      Instant since = at.minus(period.getValue());
      active.put(
          period.getKey(),
          all.stream().filter(u -> u.lastActivity().filter(since::isBefore).isPresent()).count());
    }
    ops.metrics().users(all.size(), active);
  }
}
