package dev.ganymede.hub.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking a configuration: either the configuration or every problem found (never
 * both). {@code ganymede config check FILE} prints the problems, one per line.
 *
 * @param problems one line per problem, each starting with the full key; empty when valid
 * @param config the configuration, present exactly when there are no problems
 */
public record ConfigCheck(List<String> problems, Optional<GanymedeConfig> config) {

  public ConfigCheck {
    problems = List.copyOf(problems);
    Objects.requireNonNull(config, "config");
    if (problems.isEmpty() == config.isEmpty()) {
      throw new IllegalArgumentException("either problems or a configuration, not both");
    }
  }

  static ConfigCheck valid(GanymedeConfig config) {
    return new ConfigCheck(List.of(), Optional.of(config));
  }

  static ConfigCheck invalid(List<String> problems) {
    return new ConfigCheck(problems, Optional.empty());
  }

  public boolean isValid() {
    return problems.isEmpty();
  }

  /** The configuration, or a {@link ConfigException} listing every problem. */
  public GanymedeConfig orElseThrow() {
    return config.orElseThrow(() -> new ConfigException(problems));
  }
}
