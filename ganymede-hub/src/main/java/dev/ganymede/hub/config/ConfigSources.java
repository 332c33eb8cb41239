package dev.ganymede.hub.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the three sources of configuration (file, environment, command line) into raw values per
 * key, reporting unknown sections and keys as problems.
 */
final class ConfigSources {

  /** One value given for one key. */
  record Entry(ConfigKey<?> key, RawValue value) {}

  private static final String PREFIX = "GANYMEDE_";

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private ConfigSources() {}

  /** The values of a YAML file; unreadable files, bad YAML and unknown keys become problems. */
  static List<Entry> fromFile(Path file, List<String> problems) {
    List<Entry> entries = new ArrayList<>();
    JsonNode root;
    try {
      if (!Files.isRegularFile(file)) {
        problems.add(file + ": no such file");
        return entries;
      }
      root = YAML.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      problems.add(file + ": not valid YAML: " + e.getOriginalMessage() + at(e.getLocation()));
      return entries;
    } catch (IOException e) {
      problems.add(file + ": cannot be read: " + e.getMessage());
      return entries;
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return entries;
    }
    if (!root.isObject()) {
      problems.add(file + ": must be a mapping of sections (" + ConfigSchema.knownSections() + ")");
      return entries;
    }
    RawValue.Origin origin = new RawValue.File();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      Optional<ConfigSection<?>> section = ConfigSchema.section(field.getKey());
      if (section.isEmpty()) {
        problems.add(field.getKey() + ": unknown section; " + ConfigSchema.knownSections());
        continue;
      }
      JsonNode body = field.getValue();
      if (body.isNull()) {
        continue;
      }
      if (!body.isObject()) {
        problems.add(
            field.getKey()
                + ": must be a mapping of keys ("
                + section.get().knownKeys()
                + "), got "
                + BadValue.shown(body));
        continue;
      }
      addKeys(section.get(), body, origin, entries, problems);
    }
    return entries;
  }

  /** The keys of one section's mapping; a mapping under a key is a subsection (auth.oidc). */
  private static void addKeys(
      ConfigSection<?> section,
      JsonNode body,
      RawValue.Origin origin,
      List<Entry> entries,
      List<String> problems) {
    for (Map.Entry<String, JsonNode> keyField : body.properties()) {
      Optional<ConfigKey<?>> key = section.key(keyField.getKey());
      Optional<ConfigSection<?>> subsection =
          ConfigSchema.section(section.name() + "." + keyField.getKey());
      if (key.isPresent()) {
        entries.add(new Entry(key.get(), new RawValue(keyField.getValue(), origin)));
      } else if (subsection.isPresent() && keyField.getValue().isObject()) {
        addKeys(subsection.get(), keyField.getValue(), origin, entries, problems);
      } else if (subsection.isPresent() && keyField.getValue().isNull()) {
        continue;
      } else if (subsection.isPresent()) {
        problems.add(
            subsection.get().name()
                + ": must be a mapping of keys ("
                + subsection.get().knownKeys()
                + "), got "
                + BadValue.shown(keyField.getValue()));
      } else {
        problems.add(unknownKey(section, keyField.getKey()));
      }
    }
  }

  /**
   * The values of {@code GANYMEDE_<SECTION>_<KEY>} variables. Other {@code GANYMEDE_*} variables
   * (of launcher scripts, say) are ignored, but an unknown key in a known section is a problem.
   */
  static List<Entry> fromEnvironment(Map<String, String> environment, List<String> problems) {
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      String name = variable.getKey();
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      Optional<ConfigKey<?>> key = ConfigSchema.byEnvironmentVariable(name);
      if (key.isPresent()) {
        RawValue raw =
            new RawValue(TextNode.valueOf(variable.getValue()), new RawValue.Environment(name));
        entries.add(new Entry(key.get(), raw));
        continue;
      }
      ConfigSection<?> closest = null; // the section with the longest matching prefix
      for (ConfigSection<?> section : ConfigSchema.SECTIONS) {
        String sectionPrefix =
            PREFIX + section.name().replace('.', '_').toUpperCase(Locale.ROOT) + "_";
        if (name.startsWith(sectionPrefix)
            && (closest == null || section.name().length() > closest.name().length())) {
          closest = section;
        }
      }
      if (closest != null) {
        problems.add(
            name
                + ": unknown environment variable for section "
                + closest.name()
                + "; known: "
                + String.join(
                    ", ", closest.keys().stream().map(ConfigKey::environmentVariable).toList()));
      }
    }
    return entries;
  }

  /** The values of command-line overrides given as dotted keys ({@code hub.port=9000}). */
  static List<Entry> fromOverrides(Map<String, String> overrides, List<String> problems) {
    List<Entry> entries = new ArrayList<>();
    RawValue.Origin origin = new RawValue.CommandLine();
    for (Map.Entry<String, String> override : overrides.entrySet()) {
      String path = override.getKey();
      int dot = path.lastIndexOf('.');
      if (dot < 0) {
        problems.add(path + ": not a key; use section.key, such as hub.port" + origin.suffix());
        continue;
      }
      Optional<ConfigSection<?>> section = ConfigSchema.section(path.substring(0, dot));
      if (section.isEmpty()) {
        problems.add(path + ": unknown section; " + ConfigSchema.knownSections() + origin.suffix());
        continue;
      }
      Optional<ConfigKey<?>> key = section.get().key(path.substring(dot + 1));
      if (key.isEmpty()) {
        problems.add(unknownKey(section.get(), path.substring(dot + 1)) + origin.suffix());
        continue;
      }
      entries.add(
          new Entry(key.get(), new RawValue(TextNode.valueOf(override.getValue()), origin)));
    }
    return entries;
  }

  private static String unknownKey(ConfigSection<?> section, String name) {
    return section.name() + "." + name + ": unknown key; " + section.knownKeys();
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0
        ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
