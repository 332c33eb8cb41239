package dev.ganymede.hub.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Applies profile overrides to a {@link KubernetesConfig}, checking them like the file's keys. */
final class KubernetesOverrides {

  private static final ObjectMapper JSON = new ObjectMapper();

  private KubernetesOverrides() {}

  static KubernetesConfig apply(KubernetesConfig base, Map<String, Object> overrides) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(overrides, "overrides");
    if (overrides.isEmpty()) {
      return base;
    }
    ConfigSection<KubernetesConfig> section = ConfigSchema.KUBERNETES;
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : overrides.entrySet()) {
      ConfigKey<?> key =
          section
              .key(entry.getKey())
              .filter(k -> !k.name().equals("profiles"))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "kubernetes." + entry.getKey() + ": not a key that can be overridden"));
      JsonNode node = JSON.valueToTree(entry.getValue());
      Object value;
      try {
        value = key.type().parse(new RawValue(node, new RawValue.File()));
      } catch (BadValue e) {
        throw new IllegalArgumentException(key.path() + ": " + e.getMessage());
      }
      Object current = section.valueOf(base, key.name());
      if (current instanceof Map<?, ?> old && value instanceof Map<?, ?> added) {
        Map<Object, Object> merged = new LinkedHashMap<>(old);
        merged.putAll(added);
        value = merged;
      }
      values.put(key.name(), value);
    }
    return new ConfigSection<>(
            section.name(), section.type(), base, section.extractor(), section.keys())
        .bind(values);
  }
}
