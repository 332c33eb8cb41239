package dev.ganymede.hub.config;

import java.util.List;

/**
 * The configuration is invalid. Carries every problem found (one per line in the message), each
 * naming the full key and what is allowed, for example {@code hub.port: must be an integer from 0
 * to 65535, got "80a"}.
 */
public final class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", requireSome(problems)));
    this.problems = List.copyOf(problems);
  }

  /** The problems, one line each, in the order they were found. */
  public List<String> problems() {
    return problems;
  }

  private static List<String> requireSome(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    return problems;
  }
}
