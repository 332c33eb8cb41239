package dev.ganymede.hub.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Shows an effective configuration as YAML, every key with its value, for {@code ganymede config
 * show} and the start-up log. Secrets ({@code auth.sharedPassword}, {@code database.password}, a
 * {@code password=} parameter of {@code database.url}) are shown as {@code ********}; empty
 * optional values as {@code null}. Apart from the masked secrets, {@link ConfigLoader} reads the
 * output back as the same configuration.
 */
public final class ConfigRenderer {

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  private ConfigRenderer() {}

  public static String render(GanymedeConfig config) {
    Objects.requireNonNull(config, "config");
    Map<String, Map<String, Object>> tree = new LinkedHashMap<>();
    for (ConfigSection<?> section : ConfigSchema.SECTIONS) {
      Map<String, Object> keys = new LinkedHashMap<>();
      for (ConfigKey<?> key : section.keys()) {
        keys.put(key.name(), section.display(config, key));
      }
      tree.put(section.name(), keys);
    }
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render the configuration", e);
    }
  }
}
