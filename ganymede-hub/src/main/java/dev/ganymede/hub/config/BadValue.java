package dev.ganymede.hub.config;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A value a {@link ValueType} cannot accept; the message follows the key, as in {@code hub.port:
 * <message>}.
 */
final class BadValue extends Exception {

  BadValue(String message) {
    super(message, null, false, false);
  }

  /** {@code must be <description>, got <what was given>}. */
  static BadValue expected(String description, JsonNode got) {
    return new BadValue("must be " + description + ", got " + shown(got));
  }

  /** {@code must be <description>, got "<text>"}. */
  static BadValue expected(String description, String got) {
    return new BadValue("must be " + description + ", got " + quoted(got));
  }

  /** How a node is shown in messages: quoted text, plain numbers and booleans, or its kind. */
  static String shown(JsonNode node) {
    if (node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isTextual()) {
      return quoted(node.asText());
    }
    return node.asText();
  }

  static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
