package dev.ganymede.hub.web;

import static dev.ganymede.hub.web.ApiRoutes.requireFor;

import dev.ganymede.hub.account.AccountException;
import dev.ganymede.hub.auth.UserNames;
import dev.ganymede.hub.store.Group;
import dev.ganymede.hub.store.NotFoundException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@code /groups}: list, create, read, delete, members, properties. */
final class GroupsApi {
  private final WebContext web;
  private final ApiContext api;

  GroupsApi(WebContext web, ApiContext api) {
    this.web = Objects.requireNonNull(web, "web");
    this.api = Objects.requireNonNull(api, "api");
  }

  ApiReply list(ApiRequest request) {
    ApiIdentity id = request.identity();
    if (!id.permissions().has("list:groups")) {
      throw HttpError.forbidden(
          "Action is not authorized with current scopes; requires any of [list:groups]");
    }
    Pagination.Page page = Pagination.of(request);
    List<Object> models = new ArrayList<>();
    for (Group g : api.groups().list()) {
      if (id.permissions().forGroup("list:groups", g.name())) {
        models.add(model(id, g));
      }
    }
    return ApiReply.json(200, Pagination.answer(request, page, models));
  }

  ApiReply read(ApiRequest request) {
    Group group = existing(request, "read:groups", "read:groups:name", "read:roles:groups");
    return ApiReply.json(200, model(request.identity(), group));
  }

  ApiReply createMany(ApiRequest request) {
    ApiRoutes.requireUnfiltered(request.identity(), "admin:groups");
    JsonObject body = request.requireObjectBody();
    ApiRequest.onlyKeys(body, List.of("groups", "users"));
    List<String> names =
        ApiRequest.strings(body, "groups")
            .orElseThrow(() -> HttpError.badRequest("'groups' is required."));
    Set<String> members = members(body);
    if (names.isEmpty()) {
      throw HttpError.badRequest("Must specify at least one group to create.");
    }
    for (String name : names) {
      validGroupName(name);
      if (api.groups().find(name).isPresent()) {
        throw new HttpError(409, "Group " + name + " already exists");
      }
    }
    List<Object> created = new ArrayList<>();
    for (String name : new LinkedHashSet<>(names)) {
      created.add(model(request.identity(), create(request, name, members)));
    }
    return ApiReply.json(201, created);
  }

  ApiReply createOne(ApiRequest request) {
    ApiRoutes.requireUnfiltered(request.identity(), "admin:groups");
    String name = request.param("name");
    validGroupName(name);
    JsonObject body = request.objectBody().orElse(new JsonObject());
    ApiRequest.onlyKeys(body, List.of("users"));
    Set<String> members = members(body);
    if (api.groups().find(name).isPresent()) {
      throw new HttpError(409, "Group " + name + " already exists");
    }
    return ApiReply.json(201, model(request.identity(), create(request, name, members)));
  }

  ApiReply delete(ApiRequest request) {
    Group group = existing(request, "delete:groups");
    web.accounts().deleteGroup(group.name(), request.identity().name());
    return ApiReply.empty(204);
  }

  ApiReply addMembers(ApiRequest request) {
    Group group = existing(request, "groups");
    Set<String> members = members(request.requireObjectBody());
    try {
      web.accounts().addToGroup(group.name(), members, request.identity().name());
    } catch (AccountException | NotFoundException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    return ApiReply.json(200, model(request.identity(), api.groups().find(group.name()).get()));
  }

  ApiReply removeMembers(ApiRequest request) {
    Group group = existing(request, "groups");
    Set<String> members = members(request.requireObjectBody());
    web.accounts().removeFromGroup(group.name(), members, request.identity().name());
    return ApiReply.json(200, model(request.identity(), api.groups().find(group.name()).get()));
  }

  ApiReply setProperties(ApiRequest request) {
    Group group = existing(request, "groups");
    JsonObject properties = request.requireObjectBody();
    api.groupProperties().replace(group.name(), properties.encode());
    return ApiReply.json(200, model(request.identity(), group));
  }

  private Group create(ApiRequest request, String name, Set<String> members) {
    for (String member : members) {
      if (web.users().find(member).isEmpty()) {
        throw HttpError.badRequest("No such user: " + member);
      }
    }
    try {
      web.accounts().createGroup(name, request.identity().name());
      if (!members.isEmpty()) {
        web.accounts().addToGroup(name, members, request.identity().name());
      }
    } catch (AccountException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    return api.groups().find(name).orElseThrow();
  }

  private Set<String> members(JsonObject body) {
    Set<String> out = new LinkedHashSet<>();
    for (String raw : ApiRequest.strings(body, "users").orElse(List.of())) {
      String name = UserNames.normalize(raw);
      UserNames.problem(name)
          .ifPresent(
              p -> {
                throw HttpError.badRequest("Invalid username '" + raw + "': " + p);
              });
      out.add(name);
    }
    return out;
  }

  private static void validGroupName(String name) {
    if (name.isBlank() || name.contains("/") || !name.strip().equals(name) || name.length() > 255) {
      throw HttpError.badRequest("Invalid group name '" + name + "'");
    }
  }

  private Group existing(ApiRequest request, String... scopes) {
    String name = request.param("name");
    var group = api.groups().find(name);
    requireFor(
        request.identity(),
        s -> group.isPresent() && request.identity().permissions().forGroup(s, name),
        scopes);
    return group.orElseThrow(() -> HttpError.notFound("No such group: " + name));
  }

  private Map<String, Object> model(ApiIdentity id, Group g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "group");
    m.put("name", g.name());
    if (id.permissions().forGroup("read:groups", g.name())) {
      m.put(
          "properties",
          api.groupProperties()
              .find(g.name())
              .map(json -> new JsonObject(json).getMap())
              .orElse(Map.of()));
      m.put("users", g.members().stream().sorted().toList());
    }
    if (id.permissions().forGroup("read:roles:groups", g.name())) {
      m.put("roles", List.of());
    }
    return m;
  }
}
