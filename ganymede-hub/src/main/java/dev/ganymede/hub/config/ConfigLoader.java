package dev.ganymede.hub.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link GanymedeConfig} from, in increasing priority: the records' defaults, a YAML file
 * ({@code ganymede.yaml}), environment variables ({@code GANYMEDE_<SECTION>_<KEY>}, such as {@code
 * GANYMEDE_HUB_PORT}) and command-line overrides (dotted keys, such as {@code hub.port=9000}).
 *
 * <p>Every value of every source is checked, including values a higher-priority source replaces,
 * and then the rules between keys; all problems are reported together, one per line, each naming
 * the full key and what is allowed. Nothing falls back to a default silently.
 *
 * <pre>{@code
 * GanymedeConfig config =
 *     ConfigLoader.load(Optional.of(Path.of("ganymede.yaml")), System.getenv(), Map.of());
 * }</pre>
 *
 * <p>Stateless and thread-safe. {@code docs/configuration.md} describes every key.
 */
public final class ConfigLoader {

  /** The conventional name of the configuration file. */
  public static final String FILE_NAME = "ganymede.yaml";

  private ConfigLoader() {}

  /**
   * The configuration, or a {@link ConfigException} listing every problem.
   *
   * @param file the YAML file, if any; a file that is given must exist
   * @param environment the process environment (tests pass their own map)
   * @param overrides dotted keys to values, from {@code --set key=value} and dedicated flags;
   *     applied in the map's iteration order
   */
  public static GanymedeConfig load(
      Optional<Path> file, Map<String, String> environment, Map<String, String> overrides) {
    return check(file, environment, overrides).orElseThrow();
  }

  /** Like {@link #load}, but returns the problems instead of throwing them. */
  public static ConfigCheck check(
      Optional<Path> file, Map<String, String> environment, Map<String, String> overrides) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(overrides, "overrides");
    List<String> problems = new ArrayList<>();
    List<ConfigSources.Entry> entries = new ArrayList<>();
    file.ifPresent(path -> entries.addAll(ConfigSources.fromFile(path, problems)));
    entries.addAll(ConfigSources.fromEnvironment(environment, problems));
    entries.addAll(ConfigSources.fromOverrides(overrides, problems));

    Map<String, Map<String, Object>> values = new HashMap<>();
    Set<String> failedKeys = new HashSet<>();
    for (ConfigSources.Entry entry : entries) {
      ConfigKey<?> key = entry.key();
      try {
        Object value = key.type().parse(entry.value());
        values.computeIfAbsent(key.section(), s -> new HashMap<>()).put(key.name(), value);
      } catch (BadValue e) {
        problems.add(key.path() + ": " + e.getMessage() + entry.value().origin().suffix());
        failedKeys.add(key.path());
      }
    }

    Map<String, Record> sections = new LinkedHashMap<>();
    for (ConfigSection<?> section : ConfigSchema.SECTIONS) {
      sections.put(section.name(), section.bind(values.getOrDefault(section.name(), Map.of())));
    }
    GanymedeConfig config = ConfigSchema.assemble(sections);
    problems.addAll(ConfigRules.check(config, failedKeys));
    return problems.isEmpty() ? ConfigCheck.valid(config) : ConfigCheck.invalid(problems);
  }

  /**
   * Checks a file on its own, over the defaults, without environment or command line: what {@code
   * ganymede config check FILE} reports.
   */
  public static ConfigCheck checkFile(Path file) {
    Objects.requireNonNull(file, "file");
    return check(Optional.of(file), Map.of(), Map.of());
  }
}
