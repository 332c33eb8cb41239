package dev.ganymede.hub.web;

import dev.ganymede.hub.account.AccountException;
import dev.ganymede.hub.event.HubEvent;
import dev.ganymede.hub.store.AuditEntry;
import dev.ganymede.hub.store.AuditPage;
import dev.ganymede.hub.store.AuditQuery;
import dev.ganymede.hub.store.Group;
import dev.ganymede.hub.store.NotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The groups and audit-log parts of the admin pages: {@code /hub/admin/groups} (create, delete, add
 * and remove members) and {@code /hub/admin/audit} (filter and page through the audit log). Plain
 * HTML forms and links; no JavaScript.
 */
final class AdminGroupsAndAudit {
  private final WebContext web;
  private final OpsContext ops;
  private final HubPaths paths;

  AdminGroupsAndAudit(WebContext web, OpsContext ops, HubPaths paths) {
    this.web = Objects.requireNonNull(web, "web");
    this.ops = Objects.requireNonNull(ops, "ops");
    this.paths = Objects.requireNonNull(paths, "paths");
  }

  Reply groups(HubRequest request) {
    return groupsPage(200, "", "");
  }

  Reply createGroup(HubRequest request) {
    RequestUser me = request.requireAdmin();
    String name = request.form("group").strip();
    try {
      web.accounts().createGroup(name, me.name());
      return groupsPage(200, "Created group " + name + ".", "");
    } catch (AccountException e) {
      return groupsPage(400, "", e.getMessage());
    }
  }

  Reply operateGroup(HubRequest request) {
    RequestUser me = request.requireAdmin();
    String group = request.pathParam("group");
    String operation = request.pathParam("operation");
    String member = request.form("username").strip();
    try {
      String notice =
          switch (operation) {
            case "delete" -> {
              web.accounts().deleteGroup(group, me.name());
              yield "Deleted group " + group + ".";
            }
            case "add-member" -> {
              web.accounts().addToGroup(group, Set.of(member), me.name());
              yield "Added " + member + " to " + group + ".";
            }
            case "remove-member" -> {
              web.accounts().removeFromGroup(group, Set.of(member), me.name());
              yield "Removed " + member + " from " + group + ".";
            }
            default -> throw HttpError.notFound("Unknown operation " + operation + ".");
          };
      return groupsPage(200, notice, "");
    } catch (AccountException | NotFoundException e) {
      return groupsPage(400, "", e.getMessage());
    }
  }

  Reply audit(HubRequest request) {
    AuditQuery query = AuditQueries.from(request);
    AuditPage page = ops.audit().find(query);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AuditEntry entry : page.entries()) {
      HubEvent event = entry.event();
      Map<String, Object> row = new HashMap<>();
      row.put("at", event.at().toString());
      row.put("type", event.type());
      row.put("actor", event.actor());
      row.put("subject", event.subject());
      row.put("address", event.clientAddress());
      row.put("outcome", event.outcome());
      row.put("details", new TreeMap<>(event.details()).toString());
      rows.add(row);
    }
    Map<String, Object> model = new HashMap<>();
    model.put("events", rows);
    model.put("total", page.total());
    model.put("type", query.type().orElse(""));
    model.put("actor", query.actor().orElse(""));
    model.put("subject", query.subject().orElse(""));
    model.put("first", page.entries().isEmpty() ? 0 : query.offset() + 1);
    model.put("last", query.offset() + page.entries().size());
    long next = (long) query.offset() + page.entries().size();
    model.put("nextUrl", next < page.total() ? pageUrl(query, next) : "");
    model.put(
        "previousUrl",
        query.offset() > 0 ? pageUrl(query, Math.max(0, query.offset() - query.limit())) : "");
    model.put("auditUrl", paths.hub("admin/audit"));
    return Reply.page(200, "admin_audit", model);
  }

  private String pageUrl(AuditQuery query, long offset) {
    StringBuilder url =
        new StringBuilder(paths.hub("admin/audit")).append("?offset=").append(offset);
    url.append("&limit=").append(query.limit());
    query.type().ifPresent(v -> url.append("&type=").append(HubPaths.escapeQuery(v)));
    query.actor().ifPresent(v -> url.append("&actor=").append(HubPaths.escapeQuery(v)));
    query.subject().ifPresent(v -> url.append("&subject=").append(HubPaths.escapeQuery(v)));
    return url.toString();
  }

  private Reply groupsPage(int status, String notice, String error) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Group group : ops.groups().list()) {
      Map<String, Object> row = new HashMap<>();
      row.put("name", group.name());
      row.put("escaped", HubPaths.escape(group.name()));
      row.put("members", List.copyOf(new TreeSet<>(group.members())));
      rows.add(row);
    }
    Map<String, Object> model = new HashMap<>();
    model.put("groups", rows);
    model.put("notice", notice);
    model.put("error", error);
    return Reply.page(status, "admin_groups", model);
  }
}
