package dev.ganymede.hub.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganymede.hub.rbac.Scopes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Value types of the {@code api} section: lists of objects, given in the file as YAML and outside
 * it as JSON text.
 */
final class ApiValueTypes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MASK = "********";

  private ApiValueTypes() {}

  static ValueType<List<ServiceSpec>> services() {
    String description =
        "a list of services, each {name, apiToken (at least 8 characters), scopes, url}"
            + " (JSON outside the file)";
    return ValueType.of(
        description,
        raw -> {
          List<ServiceSpec> out = new ArrayList<>();
          Set<String> names = new HashSet<>();
          for (JsonNode item : items(raw, description)) {
            only(item, description, "name", "apiToken", "scopes", "url");
            String name = text(item, "name", description, true).orElseThrow();
            if (!names.add(name)) {
              throw new BadValue("has the service " + BadValue.quoted(name) + " twice");
            }
            Optional<String> token = text(item, "apiToken", description, false);
            if (token.isPresent() && token.get().length() < 8) {
              throw new BadValue("needs an apiToken of at least 8 characters for service " + name);
            }
            out.add(
                new ServiceSpec(
                    name, token, scopes(item, description), text(item, "url", description, false)));
          }
          return out;
        },
        value -> {
          List<Object> shown = new ArrayList<>();
          for (ServiceSpec s : value) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            s.apiToken().ifPresent(t -> m.put("apiToken", MASK));
            m.put("scopes", s.scopes());
            s.url().ifPresent(u -> m.put("url", u));
            shown.add(m);
          }
          return shown;
        });
  }

  static ValueType<List<RoleSpec>> roles() {
    String description =
        "a list of roles, each {name, scopes, users, groups, services} (JSON outside the file)";
    return ValueType.of(
        description,
        raw -> {
          List<RoleSpec> out = new ArrayList<>();
          Set<String> names = new HashSet<>(Scopes.DEFAULT_ROLES.keySet());
          for (JsonNode item : items(raw, description)) {
            only(item, description, "name", "scopes", "users", "groups", "services");
            String name = text(item, "name", description, true).orElseThrow();
            if (!names.add(name)) {
              throw new BadValue(
                  "has the role " + BadValue.quoted(name) + " twice (or a default role's name)");
            }
            out.add(
                new RoleSpec(
                    name,
                    scopes(item, description),
                    strings(item, "users", description),
                    strings(item, "groups", description),
                    strings(item, "services", description)));
          }
          return out;
        },
        value -> {
          List<Object> shown = new ArrayList<>();
          for (RoleSpec r : value) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("scopes", r.scopes());
            m.put("users", r.users());
            m.put("groups", r.groups());
            m.put("services", r.services());
            shown.add(m);
          }
          return shown;
        });
  }

  private static List<JsonNode> items(RawValue raw, String description) throws BadValue {
    JsonNode node = raw.node();
    if (node.isNull() || node.isMissingNode() || (node.isTextual() && node.asText().isBlank())) {
      return List.of();
    }
    if (raw.isFlatText()) {
      try {
        node = JSON.readTree(node.asText());
      } catch (JsonProcessingException e) {
        throw BadValue.expected(description, raw.node());
      }
    }
    if (!node.isArray()) {
      throw BadValue.expected(description, node);
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isObject()) {
        throw BadValue.expected(description, item);
      }
      out.add(item);
    }
    return out;
  }

  private static void only(JsonNode item, String description, String... keys) throws BadValue {
    List<String> allowed = List.of(keys);
    for (Map.Entry<String, JsonNode> e : item.properties()) {
      if (!allowed.contains(e.getKey())) {
        throw new BadValue(
            "must be " + description + "; unknown key " + BadValue.quoted(e.getKey()));
      }
    }
  }

  private static Optional<String> text(
      JsonNode item, String key, String description, boolean required) throws BadValue {
    JsonNode value = item.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        throw new BadValue("must be " + description + "; " + BadValue.quoted(key) + " is missing");
      }
      return Optional.empty();
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new BadValue("must be " + description + "; " + BadValue.quoted(key) + " must be text");
    }
    return Optional.of(value.asText());
  }

  private static List<String> strings(JsonNode item, String key, String description)
      throws BadValue {
    JsonNode value = item.get(key);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new BadValue(
          "must be " + description + "; " + BadValue.quoted(key) + " must be a list of text");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode v : value) {
      if (!v.isTextual() || v.asText().isBlank()) {
        throw new BadValue(
            "must be " + description + "; " + BadValue.quoted(key) + " must be a list of text");
      }
      out.add(v.asText());
    }
    return out;
  }

  private static List<String> scopes(JsonNode item, String description) throws BadValue {
    List<String> scopes = strings(item, "scopes", description);
    for (String scope : scopes) {
      Optional<String> problem = Scopes.problem(scope);
      if (problem.isPresent()) {
        throw new BadValue("has an invalid scope: " + problem.get());
      }
    }
    return scopes;
  }
}
