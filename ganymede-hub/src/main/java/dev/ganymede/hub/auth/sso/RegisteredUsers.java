package dev.ganymede.hub.auth.sso;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ganymede.hub.config.RegisteredUsersConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Asks the configured user registries whether a user exists ({@link RegisteredUsersConfig}). An
 * answer 200 whose values at {@code jsonPath} include the name (case-insensitive, exact) is a
 * match; 404 or no such value is not; any other answer or an unreachable registry is an error, and
 * errors refuse (fail closed). Thread-safe; blocks.
 */
final class RegisteredUsers {
  /** The verdict: registered, or the reason for refusing (for the log; no secrets). */
  record Verdict(boolean registered, String reason) {}

  private final RegisteredUsersConfig config;
  private final HttpJson http;

  RegisteredUsers(RegisteredUsersConfig config, HttpJson http) {
    this.config = Objects.requireNonNull(config, "config");
    this.http = Objects.requireNonNull(http, "http");
  }

  boolean enabled() {
    return !config.urls().isEmpty();
  }

  Verdict check(String username) {
    Objects.requireNonNull(username, "username");
    for (String template : config.urls()) {
      URI uri = URI.create(template.replace("{username}", HttpJson.encode(username)));
      String registry = uri.getScheme() + "://" + uri.getAuthority();
      HttpJson.Answer answer;
      try {
        answer =
            config.token().isPresent()
                ? http.get(uri, config.tokenHeader(), config.token().get())
                : http.get(uri);
      } catch (SsoException e) {
        return new Verdict(false, "registered-users check failed: " + e.getMessage());
      }
      if (answer.status() == 404) {
        continue;
      }
      if (answer.status() != 200 || answer.body().isMissingNode()) {
        return new Verdict(
            false,
            "registered-users check failed: " + registry + " answered HTTP " + answer.status());
      }
      if (values(answer.body(), config.jsonPath()).stream()
          .anyMatch(value -> value.equalsIgnoreCase(username))) {
        return new Verdict(true, "registered at " + registry);
      }
    }
    return new Verdict(false, "not a registered user");
  }

  /** The text values at a dotted path; lists on the way are searched element by element. */
  static List<String> values(JsonNode node, String path) {
    List<JsonNode> current = new ArrayList<>(List.of(node));
    if (!path.isEmpty()) {
      for (String field : path.split("\\.")) {
        List<JsonNode> next = new ArrayList<>();
        for (JsonNode n : current) {
          collect(n, field, next);
        }
        current = next;
      }
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode n : current) {
      if (n.isArray()) {
        n.forEach(item -> addText(item, texts));
      } else {
        addText(n, texts);
      }
    }
    return texts;
  }

  private static void collect(JsonNode node, String field, List<JsonNode> into) {
    if (node.isArray()) {
      node.forEach(item -> collect(item, field, into));
    } else if (node.isObject() && node.has(field)) {
      into.add(node.get(field));
    }
  }

  private static void addText(JsonNode node, List<String> texts) {
    if (node.isTextual()) {
      texts.add(node.asText());
    }
  }
}
