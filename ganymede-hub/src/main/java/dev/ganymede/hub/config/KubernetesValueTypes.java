package dev.ganymede.hub.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The value types of section {@code kubernetes}: quantities, label maps, objects, profiles. */
final class KubernetesValueTypes {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Kubernetes resource quantities: {@code 500m}, {@code 2}, {@code 1.5Gi}, {@code 1G}. */
  static final Pattern QUANTITY =
      Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|e[0-9]+)?");

  /**
   * Keys a profile cannot override: where the hub looks for its pods (its watch and orphan sweep
   * cover one namespace or the user namespaces, and one component label), where pods find the hub
   * and the profiles.
   */
  static final Set<String> HUB_WIDE =
      Set.of(
          "profiles",
          "hubUrl",
          "namespace",
          "namespacePerUser",
          "userNamespaceTemplate",
          "userNamespaceLabels",
          "userNamespaceAnnotations",
          "componentLabel");

  private static final Pattern USER_NAMESPACE_LITERAL = Pattern.compile("[a-z0-9-]*");
  private static final Pattern SLUG = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");
  private static final Pattern LABEL_KEY =
      Pattern.compile("([a-z0-9]([a-z0-9.-]*[a-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

  private KubernetesValueTypes() {}

  /** A resource quantity such as {@code 500m} or {@code 2Gi}. */
  static ValueType<String> quantity() {
    return text(
        "a Kubernetes quantity such as 500m, 2, 512Mi or 1G", t -> QUANTITY.matcher(t).matches());
  }

  /** Non-empty text without surrounding spaces that {@code ok} accepts. */
  static ValueType<String> text(String description, java.util.function.Predicate<String> ok) {
    return ValueTypes.scalar(
        description, t -> ok.test(t) ? Optional.of(t) : Optional.empty(), Function.identity());
  }

  /** A YAML mapping of text keys to text values; {@code keys} checks each key. */
  static ValueType<Map<String, String>> textMap(
      String description, java.util.function.Predicate<String> keys, ValueType<String> values) {
    return ValueType.of(
        description,
        raw -> {
          JsonNode node = raw.node();
          Map<String, String> map = new LinkedHashMap<>();
          if (node.isNull() || node.isMissingNode()) {
            return map;
          }
          if (!node.isObject()) {
            throw BadValue.expected(description, node);
          }
          for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!keys.test(entry.getKey())) {
              throw new BadValue(
                  "must be " + description + ", got the key " + BadValue.quoted(entry.getKey()));
            }
            try {
              map.put(entry.getKey(), values.parse(new RawValue(entry.getValue(), raw.origin())));
            } catch (BadValue e) {
              throw new BadValue(
                  "must be "
                      + description
                      + ", got "
                      + BadValue.shown(entry.getValue())
                      + " for "
                      + BadValue.quoted(entry.getKey()));
            }
          }
          return map;
        },
        value -> new TreeMap<>(value));
  }

  /**
   * The name of a user's namespace: lower-case letters, digits and {@code -} around {@code
   * {username}} (required: without it users would share one namespace) and {@code {namespace}}. The
   * expanded name is escaped to a valid namespace name when it is not one (too long, say).
   */
  static ValueType<String> userNamespaceTemplate() {
    return text(
        "a template of lower-case letters, digits and - with {username} (and {namespace})",
        t ->
            t.contains("{username}")
                && USER_NAMESPACE_LITERAL
                    .matcher(t.replace("{username}", "").replace("{namespace}", ""))
                    .matches());
  }

  /** Labels, annotations or a node selector: label-like keys to text. */
  static ValueType<Map<String, String>> labels() {
    return textMap(
        "a mapping of label keys (such as example.org/pool) to text",
        k -> LABEL_KEY.matcher(k).matches(),
        text("text", t -> true));
  }

  /** Extended resources: resource names to quantities. */
  static ValueType<Map<String, String>> resources() {
    return textMap(
        "a mapping of resource names (such as nvidia.com/gpu) to quantities",
        k -> LABEL_KEY.matcher(k).matches(),
        quantity());
  }

  /** A Kubernetes object given as a YAML mapping, passed through. */
  static ValueType<Map<String, Object>> object(String what) {
    String description = "a mapping (" + what + ")";
    return ValueType.of(
        description,
        raw -> {
          JsonNode node = raw.node();
          if (node.isNull() || node.isMissingNode()) {
            return Map.of();
          }
          if (!node.isObject()) {
            throw BadValue.expected(description, node);
          }
          return plain(node);
        },
        value -> new TreeMap<>(value));
  }

  /** A list of Kubernetes objects given as YAML mappings, passed through. */
  static ValueType<List<Map<String, Object>>> objects(String what) {
    String description = "a list of mappings (" + what + ")";
    return ValueType.of(
        description,
        raw -> {
          JsonNode node = raw.node();
          List<Map<String, Object>> list = new ArrayList<>();
          if (node.isNull() || node.isMissingNode()) {
            return list;
          }
          if (!node.isArray()) {
            throw BadValue.expected(description, node);
          }
          for (JsonNode item : node) {
            if (!item.isObject()) {
              throw new BadValue(
                  "must be " + description + ", got " + BadValue.shown(item) + " in the list");
            }
            list.add(plain(item));
          }
          return list;
        },
        value -> value);
  }

  /** The profile list; overrides are checked against the other keys of the section. */
  static ValueType<List<ProfileConfig>> profiles(Function<String, Optional<ConfigKey<?>>> keys) {
    String description = "a list of profiles (see docs/kubernetes.md)";
    return ValueType.of(
        description,
        raw -> {
          JsonNode node = raw.node();
          List<ProfileConfig> profiles = new ArrayList<>();
          if (node.isNull() || node.isMissingNode()) {
            return profiles;
          }
          if (!node.isArray()) {
            throw BadValue.expected(description + " (a YAML list)", node);
          }
          Set<String> slugs = new LinkedHashSet<>();
          int defaults = 0;
          for (JsonNode item : node) {
            ProfileConfig profile = profile(item, raw, keys);
            if (!slugs.add(profile.slug())) {
              throw new BadValue(
                  "has the profile slug " + BadValue.quoted(profile.slug()) + " twice");
            }
            defaults += profile.isDefault() ? 1 : 0;
            profiles.add(profile);
          }
          if (defaults > 1) {
            throw new BadValue("has more than one profile with default: true");
          }
          return profiles;
        },
        value -> value.stream().map(ProfileConfig::slug).toList());
  }

  private static ProfileConfig profile(
      JsonNode item, RawValue raw, Function<String, Optional<ConfigKey<?>>> keys) throws BadValue {
    Fields fields =
        Fields.of(
            item,
            "profile",
            Set.of(
                "slug", "displayName", "description", "default", "groups", "overrides", "options"));
    String displayName = fields.requiredText("displayName");
    String slug = fields.text("slug").orElse(slugOf(displayName));
    if (!SLUG.matcher(slug).matches()) {
      throw new BadValue(
          "profile slug "
              + BadValue.quoted(slug)
              + " must be lower-case letters, digits, ., _ and -");
    }
    String where = "profile " + BadValue.quoted(slug);
    Set<String> groups = new LinkedHashSet<>();
    JsonNode groupNode = fields.node("groups");
    if (!groupNode.isMissingNode() && !groupNode.isNull()) {
      if (!groupNode.isArray()) {
        throw new BadValue(where + ": groups must be a list of group names");
      }
      groupNode.forEach(g -> groups.add(g.asText()));
    }
    List<ProfileConfig.ProfileOption> options = new ArrayList<>();
    JsonNode optionsNode = fields.node("options");
    if (!optionsNode.isMissingNode() && !optionsNode.isNull()) {
      if (!optionsNode.isObject()) {
        throw new BadValue(where + ": options must be a mapping of option names to options");
      }
      for (Map.Entry<String, JsonNode> entry : optionsNode.properties()) {
        options.add(option(where, entry.getKey(), entry.getValue(), raw, keys));
      }
    }
    return new ProfileConfig(
        slug,
        displayName,
        fields.text("description").orElse(""),
        fields.bool("default"),
        groups,
        overrides(where, fields.node("overrides"), raw, keys, false),
        options);
  }

  private static ProfileConfig.ProfileOption option(
      String profile,
      String name,
      JsonNode node,
      RawValue raw,
      Function<String, Optional<ConfigKey<?>>> keys)
      throws BadValue {
    String where = profile + " option " + BadValue.quoted(name);
    if (!SLUG.matcher(name).matches() || name.equals("profile")) {
      throw new BadValue(where + ": the name must be a lower-case slug other than profile");
    }
    Fields fields = Fields.of(node, where, Set.of("displayName", "choices", "other"));
    List<ProfileConfig.Choice> choices = new ArrayList<>();
    JsonNode choicesNode = fields.node("choices");
    if (!choicesNode.isMissingNode() && !choicesNode.isNull()) {
      if (!choicesNode.isObject()) {
        throw new BadValue(where + ": choices must be a mapping of choice ids to choices");
      }
      for (Map.Entry<String, JsonNode> entry : choicesNode.properties()) {
        String id = entry.getKey();
        String choiceWhere = where + " choice " + BadValue.quoted(id);
        if (!SLUG.matcher(id).matches() || id.equals(ProfileConfig.Other.SLUG)) {
          throw new BadValue(choiceWhere + ": the id must be a lower-case slug other than other");
        }
        Fields choice =
            Fields.of(entry.getValue(), choiceWhere, Set.of("displayName", "default", "overrides"));
        choices.add(
            new ProfileConfig.Choice(
                id,
                choice.text("displayName").orElse(id),
                choice.bool("default"),
                overrides(choiceWhere, choice.node("overrides"), raw, keys, false)));
      }
    }
    Optional<ProfileConfig.Other> other = Optional.empty();
    JsonNode otherNode = fields.node("other");
    if (!otherNode.isMissingNode() && !otherNode.isNull()) {
      String otherWhere = where + " other";
      Fields o =
          Fields.of(
              otherNode, otherWhere, Set.of("displayName", "pattern", "message", "overrides"));
      String pattern = o.requiredText("pattern");
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new BadValue(otherWhere + ": pattern is not a regular expression: " + pattern);
      }
      other =
          Optional.of(
              new ProfileConfig.Other(
                  o.text("displayName").orElse("Other..."),
                  pattern,
                  o.text("message").orElse("must match " + pattern),
                  overrides(otherWhere, o.node("overrides"), raw, keys, true)));
    }
    if (choices.isEmpty() && other.isEmpty()) {
      throw new BadValue(where + ": needs choices, an other choice, or both");
    }
    return new ProfileConfig.ProfileOption(
        name, fields.text("displayName").orElse(name), choices, other);
  }

  /** Checks each override against its key's type (templated values only at spawn time). */
  private static Map<String, Object> overrides(
      String where,
      JsonNode node,
      RawValue raw,
      Function<String, Optional<ConfigKey<?>>> keys,
      boolean templated)
      throws BadValue {
    Map<String, Object> overrides = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return overrides;
    }
    if (!node.isObject()) {
      throw new BadValue(where + ": overrides must be a mapping of kubernetes keys to values");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (HUB_WIDE.contains(entry.getKey())) {
        throw new BadValue(
            where
                + ": overrides cannot set "
                + entry.getKey()
                + " (it applies to all of the hub's servers, not to one profile)");
      }
      Optional<ConfigKey<?>> key = keys.apply(entry.getKey());
      if (key.isEmpty()) {
        throw new BadValue(
            where + ": overrides has the unknown key " + BadValue.quoted(entry.getKey()));
      }
      boolean hasTemplate = entry.getValue().toString().contains("{value}");
      if (!(templated && hasTemplate)) {
        try {
          key.get().type().parse(new RawValue(entry.getValue(), raw.origin()));
        } catch (BadValue e) {
          throw new BadValue(where + ": overrides." + entry.getKey() + " " + e.getMessage());
        }
      }
      overrides.put(entry.getKey(), JSON.convertValue(entry.getValue(), Object.class));
    }
    return overrides;
  }

  static String slugOf(String displayName) {
    String slug =
        displayName
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "profile" : slug;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> plain(JsonNode node) {
    return JSON.convertValue(node, LinkedHashMap.class);
  }

  /** The fields of one YAML mapping inside a profile, with unknown ones refused. */
  private record Fields(JsonNode node, String where) {

    static Fields of(JsonNode node, String where, Set<String> known) throws BadValue {
      if (!node.isObject()) {
        throw new BadValue(where + " must be a mapping, got " + BadValue.shown(node));
      }
      for (String name : (Iterable<String>) node::fieldNames) {
        if (!known.contains(name)) {
          throw new BadValue(
              where
                  + ": unknown field "
                  + BadValue.quoted(name)
                  + "; known fields: "
                  + String.join(", ", new java.util.TreeSet<>(known)));
        }
      }
      return new Fields(node, where);
    }

    JsonNode node(String name) {
      return node.path(name);
    }

    Optional<String> text(String name) throws BadValue {
      JsonNode value = node.path(name);
      if (value.isMissingNode() || value.isNull()) {
        return Optional.empty();
      }
      if (!value.isValueNode()) {
        throw new BadValue(where + ": " + name + " must be text, got " + BadValue.shown(value));
      }
      return Optional.of(value.asText());
    }

    String requiredText(String name) throws BadValue {
      return text(name)
          .filter(t -> !t.isBlank())
          .orElseThrow(() -> new BadValue(where + ": " + name + " is required"));
    }

    boolean bool(String name) throws BadValue {
      JsonNode value = node.path(name);
      if (value.isMissingNode() || value.isNull()) {
        return false;
      }
      if (!value.isBoolean()) {
        throw new BadValue(where + ": " + name + " must be true or false");
      }
      return value.asBoolean();
    }
  }
}
