package dev.ganymede.hub.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One value for one key as a source gave it, before it is parsed.
 *
 * @param node the YAML node, or a text node for environment variables and command-line overrides
 * @param origin where the value came from, for messages
 */
record RawValue(JsonNode node, Origin origin) {

  RawValue {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(origin, "origin");
  }

  /** Where a value came from. */
  sealed interface Origin {
    /** Appended to a problem so the operator knows which source to fix. */
    String suffix();
  }

  /** The YAML file; its name heads the output of {@code config check}, so no suffix. */
  record File() implements Origin {
    @Override
    public String suffix() {
      return "";
    }
  }

  /** An environment variable. */
  record Environment(String variable) implements Origin {
    @Override
    public String suffix() {
      return " (from environment variable " + variable + ")";
    }
  }

  /** A command-line override ({@code --set key=value} or a dedicated flag). */
  record CommandLine() implements Origin {
    @Override
    public String suffix() {
      return " (from the command line)";
    }
  }

  /**
   * Whether the value is plain text from the environment or the command line, where lists are comma
   * separated and maps are {@code K=V,K2=V2}.
   */
  boolean isFlatText() {
    return !(origin instanceof File);
  }
}
