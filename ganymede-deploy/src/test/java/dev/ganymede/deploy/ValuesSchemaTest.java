package dev.ganymede.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ganymede.hub.config.ConfigKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code hub.config} in {@code values.schema.json} is the hub's own schema: every key of {@link
 * ConfigKeys} that may be written in a file, and nothing else; secrets are left out (they come from
 * Secrets as environment variables).
 */
class ValuesSchemaTest {

  /** Not secret-typed, but a credential-bearing URL the chart takes only from a Secret. */
  private static final Set<String> FROM_SECRETS_ONLY = Set.of("database.url");

  @Test
  void hubConfigHasExactlyTheHubsNonSecretKeysAndRejectsOthers() throws IOException {
    JsonNode config =
        new ObjectMapper()
            .readTree(Chart.DIR.resolve("values.schema.json").toFile())
            .at("/properties/hub/properties/config");

    Set<String> expected = new TreeSet<>();
    for (ConfigKeys.Key key : ConfigKeys.all()) {
      String path = key.section() + "." + key.name();
      if (!key.secret() && !FROM_SECRETS_ONLY.contains(path)) {
        expected.add(path);
      }
    }
    Set<String> declared = new TreeSet<>();
    List<String> open = new ArrayList<>();
    collect(config, "", declared, open);
    assertThat(declared).isEqualTo(expected);
    assertThat(open).as("objects without additionalProperties: false").isEmpty();
  }

  @Test
  void everySecretKeyOfTheHubHasAnEnvironmentVariableTheChartCanSetFromASecret() {
    assertThat(ConfigKeys.all())
        .filteredOn(ConfigKeys.Key::secret)
        .extracting(ConfigKeys.Key::environmentVariable)
        .contains("GANYMEDE_PROXY_AUTH_TOKEN", "GANYMEDE_AUTH_STATE_KEY")
        .allMatch(v -> v.matches("^GANYMEDE_[A-Z0-9_]+$"));
  }

  /** Leaf keys as dotted paths; sections are the objects with {@code properties}. */
  private static void collect(JsonNode node, String prefix, Set<String> keys, List<String> open) {
    if (!node.has("properties")) {
      keys.add(prefix);
      return;
    }
    if (!node.path("additionalProperties").isBoolean()
        || node.path("additionalProperties").asBoolean()) {
      open.add(prefix);
    }
    node.get("properties")
        .properties()
        .forEach(
            e ->
                collect(
                    e.getValue(),
                    prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
                    keys,
                    open));
  }
}
